"""Län and kommuner in the store: the official 290 (seeded from auditor.geography) plus registered ones."""

from __future__ import annotations

import sqlite_utils

from auditor import geography
from auditor.document import fold
from auditor.store.sql import StoreError, insert, transaction


def seed_kommuner(db: sqlite_utils.Database) -> None:
    """Insert the official kommuner and their län once; cheap to call on every open."""
    official = [k for k in geography.kommuner() if k.kommunkod]
    stored = db.execute("SELECT count(*) FROM kommun WHERE source = 'officiell'").fetchone()[0]
    if stored >= len(official):
        return
    with transaction(db):
        for kommun in official:
            _ensure(db, kommun.name, kommun.lan, "officiell", kommun.kommunkod)


def ensure_kommun(db: sqlite_utils.Database, name: str, lan: str, source: str = "manifest") -> int:
    """The id of kommun `name`, registering it under `lan` if unknown. Call inside a transaction."""
    existing = find_kommun(db, name)
    if existing is not None:
        return existing["id"]
    return _ensure(db, name.strip(), lan.strip(), source, None)


def _ensure(db: sqlite_utils.Database, name: str, lan: str, source: str, kommunkod: str | None) -> int:
    db.execute("INSERT OR IGNORE INTO lan (name) VALUES (?)", [lan])
    lan_id = db.execute("SELECT id FROM lan WHERE name = ?", [lan]).fetchone()[0]
    row = db.execute("SELECT id FROM kommun WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    return insert(db, "kommun", {"name": name, "lan_id": lan_id, "kommunkod": kommunkod, "source": source})


def find_kommun(db: sqlite_utils.Database, name: str) -> dict | None:
    """A kommun row (with its län name) for any spelling: case, diacritics, genitive ("Lunds")."""
    wanted = geography.canonical(name) or name.strip()
    for row in db.query("SELECT k.id, k.name, l.name AS lan FROM kommun k JOIN lan l ON l.id = k.lan_id"):
        if fold(row["name"]) == fold(wanted):
            return row
    return None


def require_kommun(db: sqlite_utils.Database, name: str) -> dict:
    kommun = find_kommun(db, name)
    if kommun is None:
        raise StoreError(f"Kommunen ”{name}” finns inte i databasen. Kontrollera stavningen.")
    return kommun


def require_lan(db: sqlite_utils.Database, name: str) -> str:
    """The stored spelling of a län given as "Skåne", "skåne län" or "Skåne län"."""
    wanted = fold(name.strip())
    for row in db.query("SELECT name FROM lan ORDER BY name"):
        stored = fold(row["name"])
        if wanted in (stored, stored.removesuffix(" lan"), stored.removesuffix("s lan")):
            return row["name"]
    raise StoreError(f"Länet ”{name}” finns inte i databasen. Kontrollera stavningen.")


def kommuner_in(db: sqlite_utils.Database, lan: str | None = None) -> list[dict]:
    """Kommuner of one län, or of every län that has at least one imported document."""
    sql = "SELECT k.id, k.name, l.name AS lan FROM kommun k JOIN lan l ON l.id = k.lan_id "
    if lan is not None:
        return list(db.query(sql + "WHERE l.name = ? ORDER BY k.name", [lan]))
    return list(
        db.query(
            sql + "WHERE l.id IN (SELECT k2.lan_id FROM document d JOIN kommun k2 ON k2.id = d.kommun_id) "
            "ORDER BY l.name, k.name"
        )
    )
