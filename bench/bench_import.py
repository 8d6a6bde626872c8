"""Import benchmark: 100 documents (the sample corpus replicated with distinct bytes) into a fresh
database, then the same 100 again. Budget: ≤ 10 s for the import, ≤ 1 s for the re-import.

    .venv/bin/python bench/bench_import.py [--count 100] [--no-scans] [--source corpus_samples/files]

Scanned PDFs are OCR'd page by page, so the figures are printed with and without them.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORT_BUDGET, REIMPORT_BUDGET = 10.0, 1.0


def replicate(files: list[Path], folder: Path, count: int) -> list[Path]:
    """`count` copies cycling over `files`, each with different bytes but the same readable content."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for number in range(count):
        source = files[number % len(files)]
        target = folder / f"{source.stem}_kopia{number:03d}{source.suffix}"
        shutil.copyfile(source, target)
        if source.suffix.lower() == ".docx":
            with zipfile.ZipFile(target, "a") as archive:  # the archive comment is not document content
                archive.comment = f"kopia {number}".encode()
        elif source.suffix.lower() == ".pdf":
            with target.open("ab") as handle:  # a PDF comment after %%EOF
                handle.write(f"\n% kopia {number}\n".encode())
        else:
            with target.open("ab") as handle:
                handle.write(b"\n" * (number + 1))
        copies.append(target)
    return copies


def is_scan(path: Path) -> bool:
    source = ROOT / "corpus_samples" / "sources" / f"{path.stem}.md"
    return source.exists() and "\nformat: scan" in source.read_text(encoding="utf-8")


def timed_import(folder: Path, db: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [str(Path(sys.executable).parent / "auditor"), "import", str(folder), "--db", str(db)],
        capture_output=True, text=True, cwd=ROOT,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"import failed:\n{done.stderr}")
    return elapsed, done.stdout.strip().splitlines()[-1]


def measure(source: Path, count: int, with_scans: bool) -> dict:
    """Seconds for a first import of `count` documents into a fresh database and for the re-import."""
    files = sorted(p for p in source.iterdir() if p.is_file() and not p.name.startswith("."))
    if not with_scans:
        files = [p for p in files if not is_scan(p)]
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp) / "dokument"
        replicate(files, folder, count)
        db = Path(tmp) / "bench.db"
        first, summary = timed_import(folder, db)
        again, summary_again = timed_import(folder, db)
    return {"import": first, "reimport": again, "summary": summary, "summary_again": summary_again,
            "files": files}


def run(source: Path, count: int, with_scans: bool) -> bool:
    figures = measure(source, count, with_scans)
    first, again, files = figures["import"], figures["reimport"], figures["files"]
    summary, summary_again = figures["summary"], figures["summary_again"]
    label = "med skannade PDF:er" if with_scans else "utan skannade PDF:er"
    print(f"{count} dokument ({label}, {sum(map(is_scan, files))} skannade förlagor av {len(files)}):")
    print(f"  import:     {first:6.2f} s (gräns {IMPORT_BUDGET:.0f} s)  {summary}")
    print(f"  omimport:   {again:6.2f} s (gräns {REIMPORT_BUDGET:.0f} s)  {summary_again}")
    return first <= IMPORT_BUDGET and again <= REIMPORT_BUDGET


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--source", type=Path, default=ROOT / "corpus_samples" / "files")
    parser.add_argument("--no-scans", action="store_true", help="only the without-scans run")
    args = parser.parse_args()
    results = [run(args.source, args.count, with_scans=False)]
    if not args.no_scans:
        results.append(run(args.source, args.count, with_scans=True))
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
