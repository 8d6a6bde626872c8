"""The database file as `auditor` commands create it: a mistyped folder is refused, and the file and its
WAL/SHM companions are readable by their owner only."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

AUDITOR = str(Path(sys.executable).parent / "auditor")


def auditor(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run as a user would, with the usual umask (files world-readable unless made otherwise)."""
    return subprocess.run([AUDITOR, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})}, preexec_fn=lambda: os.umask(0o022))


def test_a_database_in_a_missing_folder_is_refused_unless_create(tmp_path):
    target = tmp_path / "stavfel" / "granskaren.db"
    refused = auditor("documents", "--db", str(target))
    assert refused.returncode == 2
    assert f"Fel: mappen {target.parent} för databasen finns inte" in refused.stderr and "--create" in refused.stderr
    assert not target.parent.exists()
    from_environment = auditor("inventory", env={"AUDITOR_DB": str(target)})
    assert from_environment.returncode == 2 and not target.parent.exists()
    created = auditor("documents", "--db", str(target), "--create")
    assert created.returncode == 0 and created.stdout.strip() == "Inga dokument." and target.is_file()


def test_a_new_database_in_an_existing_folder_needs_no_flag(tmp_path):
    done = auditor("documents", "--db", str(tmp_path / "ny.db"))
    assert done.returncode == 0 and (tmp_path / "ny.db").is_file()


def test_database_wal_shm_and_backup_are_private(tmp_path):
    db = tmp_path / "granskaren.db"
    added = subprocess.run([AUDITOR, "user", "add", "anna", "--role", "admin", "--password-stdin", "--db", str(db)],
                           input="ett långt lösenord\n", capture_output=True, text=True, timeout=120,
                           preexec_fn=lambda: os.umask(0o022))
    assert added.returncode == 0, added.stderr
    with sqlite3.connect(db) as reader:  # a second process (the web service) has it open: WAL and SHM exist
        reader.execute("SELECT count(*) FROM web_user").fetchone()
        backed_up = auditor("backup", str(tmp_path / "kopia.db"), "--db", str(db))
        assert backed_up.returncode == 0, backed_up.stderr
        files = [db, Path(f"{db}-wal"), Path(f"{db}-shm"), tmp_path / "kopia.db"]
        assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in files} == {path.name: 0o600 for path in files}
