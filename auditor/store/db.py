"""Opening the database file (WAL, a busy timeout, the schema brought up to date) and backing it up. Writes
go through `auditor.store.sql.transaction`."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import sqlite_utils

from auditor import settings
from auditor.store.migrations import migrate as apply_migrations
from auditor.store.places import seed_kommuner
from auditor.store.sql import StoreError

DEFAULT_DB = Path("data") / "granskaren.db"
BUSY_TIMEOUT_SECONDS = 60


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database file: the given path, else the setting AUDITOR_DB, else data/granskaren.db."""
    return Path(path or settings.db_file() or DEFAULT_DB)


def open_db(path: str | os.PathLike | None = None, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the database and bring its schema up to date."""
    target = db_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        _create_private(target)
        conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        _use_wal(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        db = sqlite_utils.Database(conn)
        if migrate:
            apply_migrations(db)
            seed_kommuner(db)
    except (sqlite3.DatabaseError, OSError) as err:
        raise StoreError(f"Databasen {target} kunde inte öppnas ({err}). Är det en granskaren-databas?") from err
    return db


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL (kept in the file, so once). While another process writes to a file not yet in
    WAL (two imports opening a new database at once), SQLite refuses the switch at once instead of waiting for
    the busy timeout: it is tried again until the timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _create_private(path: Path) -> None:
    """Create a database file that only its owner can read: it holds password hashes and saved drafts.
    SQLite gives the -wal and -shm files it creates the database file's permissions."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def backup(source: str | os.PathLike | None, target: str | os.PathLike) -> Path:
    """Copy the database with SQLite's online backup API: a consistent snapshot even while an import
    writes, which copying the file (and its -wal) would not give."""
    target = Path(target)
    if not db_path(source).is_file():
        raise StoreError(f"Databasen {db_path(source)} finns inte.")
    if target.resolve() == db_path(source).resolve():
        raise StoreError("Säkerhetskopian kan inte skrivas över själva databasen; ange en annan fil.")
    target.parent.mkdir(parents=True, exist_ok=True)
    _create_private(target)
    db = open_db(source, migrate=False)
    copy = sqlite3.connect(target)
    try:
        db.conn.backup(copy)
    except sqlite3.DatabaseError as err:
        raise StoreError(f"Säkerhetskopian {target} kunde inte skrivas ({err}).") from err
    finally:
        copy.close()
        db.conn.close()
    return target


