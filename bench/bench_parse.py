"""Parse a generated 20-page Swedish agreement with auditor's parser and with plain pdfplumber.

Usage: .venv/bin/python bench/bench_parse.py [--runs 7]
Prints the median time of each and the ratio (target: auditor >= 20x faster than pdfplumber).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pdfplumber  # noqa: E402

from auditor.parsers import parse  # noqa: E402
from corpus_samples.render import parse_source, render  # noqa: E402

PAGES = 20
_PARAGRAPH = (
    "Kommunen och lokalpolisområdet tar varje år fram var sin lägesbild som sedan vägs samman till en "
    "gemensam problembild. Underlaget består av anmälda brott, trygghetsmätningen, medborgardialoger "
    "och medarbetardialoger. Problembilden ligger till grund för de prioriterade fokusområdena och för "
    "den orsaksanalys som styrgruppen beslutar om. Det brottsförebyggande arbetet följs upp tertialvis "
    "med nyckeltal från polisens och kommunens verksamhetssystem."
)


def bench_source() -> str:
    """A 20-page agreement: numbered sections of prose and lists, and an åtgärdsplan table at the end."""
    body = ["Exempeldokument – fiktivt", "# Samverkansöverenskommelse för Björkvik 2024–2027"]
    for section in range(1, PAGES):
        body.append(f"## {section} Fokusområde {section}")
        body += [_PARAGRAPH] * 3
        body += [f"- Insats {section}.{i}: trygghetsvandring och dialog i bostadsområdet" for i in (1, 2, 3)]
        body.append("<!-- pagebreak -->")
    body.append("## Bilaga: Åtgärdsplan")
    body.append("| Åtgärd | Ansvarig | När | Uppföljning |\n|---|---|---|---|")
    body += [
        f"| Trygghetsvandring {i} | Trygghetssamordnare | Vecka {i + 10} | Rapport till styrgruppen |"
        for i in range(12)
    ]
    front = (
        "---\nid: bench_so_2024\ntitle: Samverkansöverenskommelse Björkvik 2024–2027\ndate: 2024-01-15\n"
        'format: pdf\nrunning_header: "Björkviks kommun · Samverkansöverenskommelse 2024–2027"\n---\n'
    )
    return front + "\n\n".join(body) + "\n"


def median_seconds(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(runs: int = 7) -> dict:
    """Median seconds of our parse and of pdfplumber's extract_text on the 20-page document."""
    with tempfile.TemporaryDirectory() as tmp:
        path = render(parse_source(bench_source()), Path(tmp) / "bench.pdf")
        document = parse(path)  # warm-up: imports, font caches
        assert document.pages == PAGES, document.pages

        def with_pdfplumber() -> None:
            with pdfplumber.open(str(path)) as pdf:
                "\n".join(page.extract_text() or "" for page in pdf.pages)

        ours = median_seconds(lambda: parse(path), runs)
        theirs = median_seconds(with_pdfplumber, runs)
    return {"ours": ours, "pdfplumber": theirs, "ratio": theirs / ours, "document": document}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    figures = measure(args.runs)
    document, ours, theirs = figures["document"], figures["ours"], figures["pdfplumber"]
    print(f"{PAGES} sidor, {len(document.text)} tecken, {len(document.blocks)} block, {args.runs} körningar")
    print(f"auditor.parsers.parse:      median {ours * 1000:8.1f} ms")
    print(f"pdfplumber extract_text:    median {theirs * 1000:8.1f} ms")
    print(f"kvot: {theirs / ours:.1f}x snabbare (mål: minst 20x)")


if __name__ == "__main__":
    main()
