"""Two imports at once while the web service reads and an online backup is taken, all on one database.
(kill -9 of an import midway is in test_import_processes.py.)"""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import time

import pytest
from fastapi.testclient import TestClient
from test_import_processes import AUDITOR, assert_every_document_complete, copies, count, start_import
from web_support import make_app

from auditor.store.db import backup, open_db
from auditor.store.sql import StoreError

DOCUMENTS = 24


def test_a_new_database_opens_while_another_process_writes_to_it(tmp_path):
    """SQLite refuses the switch to WAL at once while another connection writes to a file not yet in WAL
    (two imports opening a new database together): opening waits for the write instead of failing."""
    path = tmp_path / "ny.db"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE t (a)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t VALUES (1)")
    release = threading.Timer(0.5, writer.execute, ["COMMIT"])
    release.start()
    db = open_db(path)
    release.join()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert "document" in db.table_names()
    db.conn.close()
    writer.close()


def test_imports_web_reads_and_backup_at_once(tmp_path):
    folder, db = copies(tmp_path, DOCUMENTS), tmp_path / "delad.db"
    open_db(db).conn.close()  # the web app needs the schema before its first request
    imports = [start_import(folder, db), start_import(folder, db)]
    copy, reads = tmp_path / "kopia.db", 0
    with TestClient(make_app(db)) as client:
        while any(process.poll() is None for process in imports):
            for url in ("/lan", "/api/overview", "/kommun/Björkvik"):
                response = client.get(url)
                assert response.status_code in (200, 404), (url, response.text[:300])  # 404: kommun not yet in
                reads += 1
            if not copy.exists() and count(db, "document") >= 2:
                done = subprocess.run([AUDITOR, "backup", str(copy), "--db", str(db)], capture_output=True,
                                      text=True, timeout=60)
                assert done.returncode == 0, done.stderr
                assert "säkerhetskopierad" in done.stdout
            time.sleep(0.05)
    for process in imports:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0 and "locked" not in err and "Traceback" not in err, err
    assert reads > 3 and count(db, "document") == DOCUMENTS
    assert_every_document_complete(db)
    assert copy.exists(), "both imports finished before a backup could be taken during them"
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert count(copy, "document") >= 2
    assert_every_document_complete(copy)  # a snapshot between transactions, never inside one


def test_backup_refuses_a_missing_database_or_itself(tmp_path):
    with pytest.raises(StoreError, match="finns inte"):
        backup(tmp_path / "saknas.db", tmp_path / "kopia.db")
    db = tmp_path / "g.db"
    open_db(db).conn.close()
    with pytest.raises(StoreError, match="skrivas över"):
        backup(db, db)
    done = subprocess.run([AUDITOR, "backup", str(tmp_path / "x.db"), "--db", str(tmp_path / "saknas.db")],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "finns inte" in done.stderr and "Traceback" not in done.stderr
