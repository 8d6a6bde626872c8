"""Web accounts in the store: scrypt password hashes with a per-user salt, the roles, deactivation, sessions and
the count of wrong passwords. The password is hashed here because only the hash is stored.

A `kommun` account belongs to one kommun (a kommunpolis or kommunal samordnare): it sees its own kommun's
results before publication and answers them; staff (admin, granskare) import, review and publish."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time

import sqlite_utils

from auditor.store.audit_log import log_change
from auditor.store.places import require_kommun
from auditor.store.sql import StoreError, insert, now, transaction

ROLES = ("admin", "granskare", "kommun")
STAFF = ("admin", "granskare")
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


def add_user(db: sqlite_utils.Database, name: str, role: str, password: str, *, actor: str,
             kommun: str | None = None, email: str | None = None) -> int:
    """Create an account; a `kommun` account must name its kommun, other roles must not. `email` (optional)
    is where `auditor notify-mail` sends the account's notifications."""
    name = name.strip()
    email = (email or "").strip() or None
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise StoreError(f"”{email}” är ingen e-postadress.")
    if not name:
        raise StoreError("Ange ett användarnamn.")
    if role not in ROLES:
        raise StoreError(f"Okänd roll ”{role}”: välj {', '.join(ROLES[:-1])} eller {ROLES[-1]}.")
    kommun = (kommun or "").strip() or None
    if role == "kommun" and kommun is None:
        raise StoreError("Ett konto med rollen kommun måste höra till en kommun: ange kommunen (--kommun).")
    if role != "kommun" and kommun is not None:
        raise StoreError("Bara konton med rollen kommun hör till en kommun; ange ingen kommun för "
                         f"rollen {role}.")
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"Lösenordet måste ha minst {MIN_PASSWORD} tecken.")
    kommun_row = require_kommun(db, kommun) if kommun else None
    with transaction(db):
        if db.execute("SELECT 1 FROM web_user WHERE name = ?", [name]).fetchone():
            raise StoreError(f"Användaren ”{name}” finns redan.")
        user_id = insert(db, "web_user", {"name": name, "role": role, "password_hash": hash_password(password),
                                          "kommun_id": kommun_row["id"] if kommun_row else None,
                                          "email": email, "created_at": now()})
        log_change(db, actor, "skapa användare", "web_user", user_id,
                   {"namn": name, "roll": role, "kommun": kommun_row["name"] if kommun_row else None})
    return user_id


def list_users(db: sqlite_utils.Database) -> list[dict]:
    """Every account with its kommun, active ones first, by name."""
    return list(db.query(
        "SELECT u.id, u.name, u.role, u.active, u.email, u.created_at, k.name AS kommun FROM web_user u "
        "LEFT JOIN kommun k ON k.id = u.kommun_id ORDER BY NOT u.active, u.name COLLATE NOCASE"))


def deactivate_user(db: sqlite_utils.Database, user_id: int, *, actor: dict) -> None:
    """Close an account: it can no longer log in and its sessions end at once; its history stays."""
    if user_id == actor["id"]:
        raise StoreError("Du kan inte inaktivera ditt eget konto.")
    with transaction(db):
        if not db.execute("UPDATE web_user SET active = 0 WHERE id = ?", [user_id]).rowcount:
            raise StoreError(f"Användare {user_id} finns inte.")
        db.execute("DELETE FROM web_session WHERE user_id = ?", [user_id])
        log_change(db, actor["name"], "inaktivera användare", "web_user", user_id, {})


def authenticate(db: sqlite_utils.Database, name: str, password: str) -> dict | None:
    """The user row (without its hash) when name and password match, else None."""
    row = db.execute("SELECT id, name, role, password_hash FROM web_user WHERE name = ? AND active",
                     [name.strip()]).fetchone()
    if row is None:
        hash_password(password)  # spend the same time, so timing does not tell which names exist
        return None
    if not verify_password(password, row[3]):
        return None
    return user_by_id(db, row[0])


def user_by_id(db: sqlite_utils.Database, user_id: int) -> dict | None:
    """{"id", "name", "role", "kommun_id", "kommun"} of an active account (kommun fields None for staff)."""
    rows = list(db.query(
        "SELECT u.id, u.name, u.role, u.kommun_id, k.name AS kommun FROM web_user u "
        "LEFT JOIN kommun k ON k.id = u.kommun_id WHERE u.id = ? AND u.active", [user_id]))
    return rows[0] if rows else None


# --- sessions ----------------------------------------------------------------------------------------------

def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()  # a stolen database holds no usable cookie


def start_session(db: sqlite_utils.Database, user_id: int, seconds: int) -> str:
    """A new session for the user; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    with transaction(db):
        db.execute("DELETE FROM web_session WHERE expires_at < ?", [time.time()])
        insert(db, "web_session", {"id": _token_id(token), "user_id": user_id, "created_at": now(),
                                   "expires_at": time.time() + seconds})
    return token


def session_user(db: sqlite_utils.Database, token: str) -> dict | None:
    """The user of a live session, as stored now (a changed role counts at once; a deleted user has none)."""
    row = db.execute("SELECT user_id FROM web_session WHERE id = ? AND expires_at > ?",
                     [_token_id(token), time.time()]).fetchone()
    return user_by_id(db, row[0]) if row else None


def end_session(db: sqlite_utils.Database, token: str) -> None:
    with transaction(db):
        db.execute("DELETE FROM web_session WHERE id = ?", [_token_id(token)])


# --- wrong passwords ---------------------------------------------------------------------------------------
# A name that had NAME_FAILURES wrong passwords within the window may be tried once per NAME_PAUSE seconds:
# guessing is slowed to a crawl, while the real user, locked out by nobody, waits at most that pause. An
# address that had ADDRESS_FAILURES wrong passwords (over any names) is refused until the window has passed.
WINDOW_SECONDS = 15 * 60
NAME_FAILURES, NAME_PAUSE = 5, 30
ADDRESS_FAILURES = 30


def name_key(name: str) -> str:
    """The name as accounts are looked up: without surrounding space, case-insensitive."""
    return name.strip().casefold()


def login_wait(db: sqlite_utils.Database, name: str, address: str) -> int:
    """Seconds before this name may be tried again from this address (0: now)."""
    since = time.time() - WINDOW_SECONDS
    by_name = [row[0] for row in db.execute(
        "SELECT at FROM login_failure WHERE name_key = ? AND at > ? ORDER BY at DESC LIMIT ?",
        [name_key(name), since, NAME_FAILURES])]
    by_address = [row[0] for row in db.execute(
        "SELECT at FROM login_failure WHERE address = ? AND at > ? ORDER BY at DESC LIMIT ?",
        [address, since, ADDRESS_FAILURES])]
    waits = [0.0]
    if len(by_name) == NAME_FAILURES:
        waits.append(by_name[0] + NAME_PAUSE - time.time())
    if len(by_address) == ADDRESS_FAILURES:
        waits.append(by_address[-1] + WINDOW_SECONDS - time.time())
    return max(0, int(max(waits) + 0.999))


def record_login_failure(db: sqlite_utils.Database, name: str, address: str) -> None:
    with transaction(db):
        db.execute("DELETE FROM login_failure WHERE at < ?", [time.time() - WINDOW_SECONDS])
        insert(db, "login_failure", {"name_key": name_key(name), "address": address, "at": time.time()})
