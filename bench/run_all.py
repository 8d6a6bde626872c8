"""All benchmarks in one table (`make bench`): each bench script's own `measure` function, printed together.

    .venv/bin/python bench/run_all.py [--quick]

--quick uses fewer runs and documents (for a smoke test); the README's figures come from the full run.
"""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bench_import, bench_load, bench_parse, bench_score, bench_web  # noqa: E402


def rows(quick: bool) -> list[tuple[str, str]]:
    count = 20 if quick else 100
    parse = bench_parse.measure(3 if quick else 7)
    score = bench_score.measure(5 if quick else 21)
    plain = bench_import.measure(ROOT / "corpus_samples" / "files", count, with_scans=False)
    scans = bench_import.measure(ROOT / "corpus_samples" / "files", count, with_scans=True)
    web = bench_web.measure(200 if quick else 1000, 4 if quick else 20)
    clients, files, requests = (4, 2, 30) if quick else (50, 20, 1000)
    load = bench_load.measure(clients, files, requests)
    table = [
        ("PDF-tolkning, 20 sidor (auditor / pdfplumber)",
         f"{parse['ours'] * 1000:.0f} ms / {parse['pdfplumber'] * 1000:.0f} ms = {parse['ratio']:.0f}x snabbare"),
        ("Poängsättning per 20-sidigt dokument", f"{score['wall_ms']:.0f} ms (CPU {score['cpu_ms']:.0f} ms, snabbaste {score['fastest_ms']:.0f} ms)"),
        (f"Import {count} dokument utan skannade", f"{count / plain['import']:.1f} dokument/s ({plain['import']:.1f} s)"),
        (f"Import {count} dokument med skannade", f"{count / scans['import']:.1f} dokument/s ({scans['import']:.1f} s)"),
        ("Omimport (oförändrade filer)", f"{plain['reimport']:.2f} s"),
    ]
    table += [(label, f"{median * 1000:.0f} ms (första {first * 1000:.0f} ms)") for label, _, first, median in web]
    table.append((f"Last: {clients} självtest under import av {files} filer; {requests} blandade anrop",
                  f"p95 {load['p95'] * 1000:.0f} ms, fel {len(load['errors']) + len(load['soak_errors'])}, import "
                  f"{load['import_seconds']:.1f} s, minne högst {load['peak_rss'] / bench_load.MB:.0f} MB, "
                  f"slut/start {load['end_rss'] / load['start_rss']:.2f}"))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    table.append(("Högsta minnesanvändning (maxrss)", f"{own:.0f} MB i processen, {children:.0f} MB största barnprocess"))
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    table = rows(parser.parse_args().quick)
    width = max(len(label) for label, _ in table)
    print(f"\n| {'Mätning'.ljust(width)} | Resultat |\n|{'-' * (width + 2)}|---|")
    for label, value in table:
        print(f"| {label.ljust(width)} | {value} |")


if __name__ == "__main__":
    main()
