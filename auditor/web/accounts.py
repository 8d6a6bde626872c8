"""Web accounts: scrypt password hashes with a per-user salt, and the roles that may write."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import sqlite_utils

from auditor.store.audit_log import log_change
from auditor.store.db import StoreError, insert, now, transaction

ROLES = ("admin", "granskare")
# RFC 7914's interactive-login parameters: 16 MiB of memory per hash, well under 100 ms.
_N, _R, _P = 2**14, 8, 1
MIN_PASSWORD = 10


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                                   dklen=len(digest) // 2)
    except ValueError:
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def add_user(db: sqlite_utils.Database, name: str, role: str, password: str, *, actor: str) -> int:
    name = name.strip()
    if not name:
        raise StoreError("Ange ett användarnamn.")
    if role not in ROLES:
        raise StoreError(f"Okänd roll ”{role}”: välj {' eller '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"Lösenordet måste ha minst {MIN_PASSWORD} tecken.")
    with transaction(db):
        if db.execute("SELECT 1 FROM web_user WHERE name = ?", [name]).fetchone():
            raise StoreError(f"Användaren ”{name}” finns redan.")
        user_id = insert(db, "web_user", {"name": name, "role": role, "password_hash": hash_password(password),
                                          "created_at": now()})
        log_change(db, actor, "skapa användare", "web_user", user_id, {"namn": name, "roll": role})
    return user_id


def authenticate(db: sqlite_utils.Database, name: str, password: str) -> dict | None:
    """The user row (without its hash) when name and password match, else None."""
    row = db.execute("SELECT id, name, role, password_hash FROM web_user WHERE name = ?", [name.strip()]).fetchone()
    if row is None:
        hash_password(password)  # spend the same time, so timing does not tell which names exist
        return None
    if not verify_password(password, row[3]):
        return None
    return {"id": row[0], "name": row[1], "role": row[2]}


def get_user(db: sqlite_utils.Database, user_id: int) -> dict | None:
    row = db.execute("SELECT id, name, role FROM web_user WHERE id = ?", [user_id]).fetchone()
    return {"id": row[0], "name": row[1], "role": row[2]} if row else None
