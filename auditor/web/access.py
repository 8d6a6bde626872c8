"""Who may do what: the per-request database, the logged-in user, role checks and CSRF tokens.

Every route opens its database inside its own body (`database(request)`), because FastAPI may run a
dependency and the endpoint in different threads and a sqlite3 connection belongs to one thread.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import sqlite_utils
from fastapi import HTTPException, Path, Request

from auditor.store.db import open_db
from auditor.web.accounts import ROLES, get_user

STAFF = ROLES  # both roles may import and review

# a document id in a URL: bounded to SQLite's INTEGER range, so a huge number is a 422, not an overflow
DocumentId = Annotated[int, Path(ge=1, le=2**63 - 1, description="Dokumentets id i databasen.")]


@contextmanager
def database(request: Request) -> Iterator[sqlite_utils.Database]:
    db = open_db(request.app.state.settings.db_path, migrate=False)
    try:
        yield db
    finally:
        db.conn.close()


def current_user(request: Request) -> dict | None:
    """The logged-in user as stored in the signed session cookie ({"id", "name", "role"})."""
    return request.session.get("user")


def require_reader(request: Request) -> None:
    """Published results are readable by anyone unless the deployment turned that off."""
    if not request.app.state.settings.public_read and current_user(request) is None:
        raise HTTPException(401, "Logga in för att se granskningsresultaten.")


def require_role(request: Request, db: sqlite_utils.Database, roles: tuple[str, ...] = STAFF) -> dict:
    """The user, re-read from the database so a changed role counts at once; 401/403 otherwise."""
    session_user = current_user(request)
    if session_user is None:
        raise HTTPException(401, "Logga in för att göra ändringar.")
    user = get_user(db, session_user["id"])
    if user is None or user["role"] not in roles:
        raise HTTPException(403, "Din roll får inte göra denna ändring.")
    return user


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if token is None:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def verify_csrf(request: Request, submitted: str | None) -> None:
    """Forms send the token as field `csrf_token`; API clients as header X-CSRF-Token (see /api/session)."""
    submitted = submitted or request.headers.get("x-csrf-token") or ""
    expected = request.session.get("csrf") or ""
    if not expected or not hmac.compare_digest(expected, submitted):
        raise HTTPException(403, "Formuläret har gått ut eller kom inte från denna tjänst (CSRF-kontroll). "
                                 "Ladda om sidan och försök igen.")


def log_in(request: Request, user: dict) -> None:
    request.session.clear()  # a new session on login: no fixation of an earlier anonymous one
    request.session["user"] = {"id": user["id"], "name": user["name"], "role": user["role"]}
    csrf_token(request)


def log_out(request: Request) -> None:
    request.session.clear()


MAX_FAILURES, WINDOW_SECONDS = 5, 15 * 60


class LoginThrottle:
    """At most MAX_FAILURES wrong passwords per user name within the window (per server process), so a
    password cannot be guessed by trying many."""

    def __init__(self) -> None:
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def check(self, name: str) -> None:
        with self._lock:
            recent = [t for t in self._failures.get(name.lower(), []) if time.monotonic() - t < WINDOW_SECONDS]
            self._failures[name.lower()] = recent
        if len(recent) >= MAX_FAILURES:
            raise HTTPException(429, "För många misslyckade inloggningar. Vänta en kvart och försök igen.")

    def failed(self, name: str) -> None:
        with self._lock:
            self._failures.setdefault(name.lower(), []).append(time.monotonic())
