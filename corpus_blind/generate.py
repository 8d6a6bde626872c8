"""Render every `sources/*.md` of the blind corpus into `files/<id>.<pdf|docx|txt>`.

Usage:
  python -m corpus_blind.generate [--force]
      render changed sources (same renderer and fingerprints as corpus_samples)
  python -m corpus_blind.generate --import-from /work/blind/src [--notes /work/blind/notes] [--force]
      first copy each writer's finished source (one with a matching notes/<id>.txt) into sources/,
      adding the format and layout keys that formats.yaml gives it to the front matter

The copy changes nothing of the writer's text: the keys are inserted as lines just before the front
matter's closing `---`, after the writer's own keys (title, kommun, lan, doc_type, date, period,
running_header), which stay as written.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import yaml

from corpus_samples.generate import generate

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
FILES = HERE / "files"
FORMATS = HERE / "formats.yaml"

# The order the added keys take in the front matter.
LAYOUT_KEYS = (
    "format", "docx_heading_style", "footer", "columns", "wrap", "scan_dpi", "scan_skew", "scan_noise",
)


def load_formats(path: Path = FORMATS) -> dict[str, dict]:
    formats = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for doc_id, layout in formats.items():
        unknown = set(layout) - set(LAYOUT_KEYS)
        if unknown or "format" not in layout:
            raise ValueError(f"{doc_id}: formats.yaml needs `format` and knows only {LAYOUT_KEYS}")
    return formats


def with_layout(text: str, layout: dict) -> str:
    """The source text with the layout keys added at the end of its front matter."""
    m = re.match(r"---[ \t]*\n(.*?\n)---[ \t]*\n", text, flags=re.DOTALL)
    if not m:
        raise ValueError("source has no YAML front matter")
    front = yaml.safe_load(m.group(1)) or {}
    clash = [key for key in layout if key in front]
    if clash:
        raise ValueError(f"the writer's front matter already has {clash}")
    added = "".join(f"{key}: {_scalar(layout[key])}\n" for key in LAYOUT_KEYS if key in layout)
    return text[: m.end(1)] + added + text[m.end(1) :]


def _scalar(value) -> str:
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True).strip().removesuffix("\n...")


def import_sources(src: Path, notes: Path, *, sources: Path = SOURCES, formats: Path = FORMATS) -> list[str]:
    """Copy the finished sources named in formats.yaml into `sources`; return the ids copied.
    A source counts as finished when its writer left notes/<id>.txt."""
    sources.mkdir(parents=True, exist_ok=True)
    copied, waiting = [], []
    for doc_id, layout in sorted(load_formats(formats).items()):
        original = src / f"{doc_id}.md"
        if not original.exists() or not (notes / f"{doc_id}.txt").exists():
            waiting.append(doc_id)
            continue
        text = with_layout(original.read_text(encoding="utf-8"), layout)
        target = sources / original.name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        copied.append(doc_id)
    unassigned = sorted({p.stem for p in src.glob("*.md")} - set(load_formats(formats)))
    if waiting:
        print(f"väntar på (ej färdiga): {', '.join(waiting)}")
    if unassigned:
        print(f"saknar format i formats.yaml: {', '.join(unassigned)}")
    return copied


def main() -> None:
    parser = argparse.ArgumentParser(description="Render the blind corpus sources into files/.")
    parser.add_argument("--force", action="store_true", help="render every source again")
    parser.add_argument("--import-from", type=Path, help="the writers' folder of <id>.md sources")
    parser.add_argument("--notes", type=Path, help="the writers' notes folder (default: ../notes)")
    args = parser.parse_args()
    if args.import_from:
        notes = args.notes or args.import_from.parent / "notes"
        copied = import_sources(args.import_from, notes)
        print(f"{len(copied)} källor kopierade till {SOURCES.relative_to(HERE.parent)}/")
    written = generate(SOURCES, FILES, force=args.force)
    for path in written:
        print(path.relative_to(HERE))
    print(f"{len(written)} filer skrivna till {FILES.relative_to(HERE.parent)}/")


if __name__ == "__main__":
    main()
