"""The store's building blocks below the schema: its error, explicit short transactions, inserting a row
inside one, and timestamps.

The connection runs in autocommit mode (`isolation_level=None`) and every write goes through
`transaction()`, which takes the write lock up front (BEGIN IMMEDIATE). Together with WAL and a busy
timeout this lets two imports run at once: the second waits for the lock instead of failing with
"database is locked" when it tries to upgrade a read transaction.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

import sqlite_utils


class StoreError(Exception):
    """A request the store cannot carry out. `str(err)` is a Swedish message for the user."""


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """All writes inside the block commit together or not at all."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:  # KeyboardInterrupt too: never leave a half-written document
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    """Insert one row inside the caller's transaction and return its rowid.

    sqlite-utils' own `insert` wraps itself in `with conn:`, which would commit the caller's transaction
    midway; this helper keeps the document's rows in one transaction.
    """
    columns = ", ".join(f"[{name}]" for name in row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values()))
    return cursor.lastrowid


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def current_actor() -> str:
    """Who is making a change when no reviewer name is given: the operating-system user."""
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers)
        return "okänd"
