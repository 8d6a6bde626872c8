"""Scoring time per 100 KB of text, from 10 KB to 1 MB, on ordinary and hostile shapes of text.
Target: the time per 100 KB stays flat (linear growth) for every shape.

    .venv/bin/python bench/bench_linear.py [--sizes 10,100,1000] [--shapes parens,paragraphs]

Each shape is a text file built in memory (parsed as a .txt upload would be) and scored in this process;
parsing is included, because a hostile upload pays both.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auditor.engine.scoring import score_document  # noqa: E402
from auditor.parsers import parse_bytes  # noqa: E402

_PROSE = ("Polisen och kommunen ska minska bostadsinbrotten i Västra Ekby med 20 procent till 2025. "
          "Kommunens trygghetssamordnare ansvarar för uppföljningen som redovisas två gånger per år. ")
# Each shape: a head and a unit repeated until the size is reached.
SHAPES: dict[str, tuple[str, str]] = {
    "prose": ("Samverkansöverenskommelse\n\n", _PROSE + "\n\n"),
    "one_paragraph": ("Samverkansöverenskommelse\n\n", _PROSE),
    "parens": ("Samverkansöverenskommelse. Mål: ", "("),
    "no_spaces": ("Samverkansöverenskommelse. Mål: ", "a"),
    "dots": ("Samverkansöverenskommelse. Mål: ", "a."),
    "paragraphs": ("Samverkansöverenskommelse\n\n", "Mål: öka.\n\n"),
    "list_items": ("Polisen åtar sig att:\n\n", "- genomföra trafikkontroller i centrum\n"),
    "table_rows": ("| Åtgärd | Ansvarig | När |\n|---|---|---|\n", "| Trygghetsvandring | Polisen | 2024 |\n"),
    "headings": ("Samverkansöverenskommelse\n\n", "1.1 Mål\n\n"),
    "layout_table": ("Åtgärd              Ansvarig    När\n", "Fotpatrull centrum  Polisen     April\n"),
    "numbers": ("Samverkansöverenskommelse. Mål: minska med ", "12 procent "),
    "goal_words": ("Samverkansöverenskommelse. Mål: ", "öka minska tryggheten för att "),
}


def text_of(shape: str, kilobytes: int) -> bytes:
    head, unit = SHAPES[shape]
    size = kilobytes * 1000
    body = (unit * (size // len(unit.encode()) + 1))
    return (head + body).encode()[:size].decode(errors="ignore").encode()


def seconds(data: bytes) -> float:
    start = time.perf_counter()
    score_document(parse_bytes(data, "bench.txt"))
    return time.perf_counter() - start


def measure(sizes: list[int], shapes: list[str]) -> dict[str, dict[int, float]]:
    """Seconds per 100 KB for each shape and size (in KB)."""
    seconds(text_of("prose", 10))  # load the pipeline outside the measurement
    return {shape: {kb: seconds(text_of(shape, kb)) / (kb / 100) for kb in sizes} for shape in shapes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000", help="sizes in KB, comma-separated")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="shapes, comma-separated")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    shapes = args.shapes.split(",")
    print(f"| form | {' | '.join(f'{kb} KB' for kb in sizes)} | största/minsta |")
    print(f"|---|{'---|' * len(sizes)}---|")
    for shape in shapes:
        per = measure(sizes, [shape])[shape]
        ratio = max(per.values()) / max(min(per.values()), 1e-9)
        cells = " | ".join(f"{per[kb] * 1000:.0f} ms" for kb in sizes)
        print(f"| {shape} | {cells} | {ratio:.1f} |", flush=True)


if __name__ == "__main__":
    main()
