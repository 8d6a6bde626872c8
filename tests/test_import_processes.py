"""The import as separate processes: killed midway, and two at once on one database."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from process_support import wait_until_gone
from store_support import render_corpus

from bench.bench_import import replicate

AUDITOR = str(Path(sys.executable).parent / "auditor")


def copies(tmp_path: Path, count: int) -> Path:
    originals = tmp_path / "original"
    render_corpus(originals)
    folder = tmp_path / "dokument"
    replicate(sorted(p for p in originals.iterdir() if p.suffix != ".yaml"), folder, count)
    return folder


def start_import(folder: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [AUDITOR, "import", str(folder), "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def assert_every_document_complete(db: Path) -> None:
    with sqlite3.connect(db, timeout=30) as conn:
        incomplete = conn.execute(
            "SELECT d.id FROM document d LEFT JOIN file_blob b ON b.sha256 = d.sha256 "
            "WHERE b.sha256 IS NULL OR (SELECT count(*) FROM item_score i JOIN scoring_run r ON r.id = i.run_id "
            "WHERE r.document_id = d.id) != 17"
        ).fetchall()
        orphans = conn.execute(
            "SELECT count(*) FROM scoring_run WHERE document_id NOT IN (SELECT id FROM document)"
        ).fetchone()[0]
    assert incomplete == [] and orphans == 0


def test_killed_import_leaves_no_partial_document(tmp_path):
    total = 80  # enough that the kill lands midway: the import stores ~30 documents a second
    folder, db = copies(tmp_path, total), tmp_path / "avbruten.db"
    process = start_import(folder, db)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists() and Path(f"{db}-wal").exists():
            try:
                if count(db, "document") >= 3:
                    break
            except sqlite3.OperationalError:  # schema not created yet
                pass
        time.sleep(0.05)
    assert process.poll() is None, "the import finished before it could be killed; use more files"
    os.kill(process.pid, signal.SIGKILL)  # the import's own process, as `kill -9 PID` does
    process.wait()
    assert wait_until_gone(process.pid) == {}, "the import's children outlived it"
    stored = count(db, "document")
    assert 3 <= stored < total
    assert_every_document_complete(db)

    finished = start_import(folder, db)
    out, err = finished.communicate(timeout=300)
    assert finished.returncode == 0, err
    assert f"Importerade: {total - stored}, oförändrade: {stored}," in out
    assert_every_document_complete(db)


def test_two_imports_at_once_both_succeed(tmp_path):
    folder, db = copies(tmp_path, 24), tmp_path / "samtidig.db"
    processes = [start_import(folder, db), start_import(folder, db)]
    results = [process.communicate(timeout=300) for process in processes]
    for process, (out, err) in zip(processes, results):
        assert process.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err
    assert count(db, "document") == 24
    imported = [int(out.split("Importerade: ")[1].split(",")[0]) for out, _ in results]
    assert sum(imported) == 24  # each file stored by exactly one of them; the other counts it unchanged
    assert_every_document_complete(db)


def test_a_killed_ocr_leaves_no_temporary_files_once_the_tool_runs_again(tmp_path):
    scans = tmp_path / "skannade"
    scans.mkdir()
    for name in ("hallvik_so_2019.pdf", "bjornsund_so_2020.pdf"):
        (scans / name).write_bytes((Path("corpus_blind/files") / name).read_bytes())
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    process = subprocess.Popen([AUDITOR, "import", str(scans), "--db", str(tmp_path / "ocr.db")], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while not list(temp.glob("auditor-jobb/*/tess_*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(temp.glob("auditor-jobb/*/tess_*")), "tesseract never started"
    os.kill(process.pid, signal.SIGKILL)  # mid-OCR: the child and tesseract die with it, their files stay
    process.wait()
    assert wait_until_gone(process.pid) == {}
    again = subprocess.run([AUDITOR, "score", "corpus_blind/files/norrvalla_so_2022.txt"], env=env,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert [p for p in temp.rglob("*") if p.is_file()] == []
