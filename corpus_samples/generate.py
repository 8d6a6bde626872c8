"""Render every `sources/*.md` into `files/<id>.<pdf|docx|txt>`.

Usage: python -m corpus_samples.generate [--force]

An output is skipped when neither its source nor the renderer changed since it was written; the
fingerprints live in `files/.fingerprints` so a fresh checkout re-renders nothing needlessly.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from corpus_samples.render import FORMAT_SUFFIX, load_source, render, source_digest

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
FILES = HERE / "files"
FINGERPRINTS = FILES / ".fingerprints"


def generate(sources: Path = SOURCES, files: Path = FILES, *, force: bool = False) -> list[Path]:
    """Render changed sources; return the files written."""
    files.mkdir(parents=True, exist_ok=True)
    fingerprints_path = files / FINGERPRINTS.name
    fingerprints = json.loads(fingerprints_path.read_text()) if fingerprints_path.exists() else {}
    written: list[Path] = []
    for path in sorted(sources.glob("*.md")):
        source = load_source(path)
        fmt = str(source.meta.get("format") or "pdf")
        out = files / f"{source.id}{FORMAT_SUFFIX[fmt]}"
        digest = source_digest(path)
        if not force and out.exists() and fingerprints.get(out.name) == digest:
            continue
        render(source, out, fmt=fmt)
        fingerprints[out.name] = digest
        written.append(out)
    fingerprints_path.write_text(json.dumps(dict(sorted(fingerprints.items())), indent=1) + "\n")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description="Render the sample corpus sources into files/.")
    parser.add_argument("--force", action="store_true", help="render every source again")
    args = parser.parse_args()
    written = generate(force=args.force)
    for path in written:
        print(path.relative_to(HERE))
    print(f"{len(written)} filer skrivna till {FILES.relative_to(HERE.parent)}/")


if __name__ == "__main__":
    main()
