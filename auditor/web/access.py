"""Who may do what: the per-request database, the logged-in user, role checks and CSRF tokens.

Every route opens its database inside its own body (`database(request)`), because FastAPI may run a
dependency and the endpoint in different threads and a sqlite3 connection belongs to one thread.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import sqlite_utils
from fastapi import HTTPException, Path, Query, Request

from auditor.store.accounts import STAFF, end_session, login_wait, record_login_failure, session_user, start_session
from auditor.store.db import open_db

SESSION_SECONDS = 8 * 3600
# row ids in URLs: bounded to SQLite's INTEGER range, so a huge number is a 422, not an overflow
MAX_ROW_ID = 2**63 - 1
DocumentId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="Dokumentets id i databasen.")]
UserId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
RoundId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
JobId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
ReviewId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
DraftId = Annotated[int, Query(ge=1, le=MAX_ROW_ID)]  # the two drafts to compare come as ?a=…&b=…


@contextmanager
def database(request: Request) -> Iterator[sqlite_utils.Database]:
    db = open_db(request.app.state.settings.db_path, migrate=False)
    try:
        yield db
    finally:
        db.conn.close()


_UNKNOWN = object()


def current_user(request: Request, db: sqlite_utils.Database | None = None) -> dict | None:
    """The logged-in user ({"id", "name", "role", "kommun_id", "kommun"}) of the session the cookie names, read from the database
    (the caller's connection when it has one) once per request: a session ended by logging out, or a deleted
    user, has none."""
    user = getattr(request.state, "user", _UNKNOWN)
    if user is _UNKNOWN:
        token = request.session.get("sid")
        user = None
        if token and db is not None:
            user = session_user(db, token)
        elif token:
            with database(request) as own:
                user = session_user(own, token)
        request.state.user = user
    return user  # type: ignore[return-value]


def require_reader(request: Request) -> None:
    """Published results are readable by anyone unless the deployment turned that off."""
    if not request.app.state.settings.public_read and current_user(request) is None:
        raise HTTPException(401, "Logga in för att se granskningsresultaten.")


def require_role(request: Request, db: sqlite_utils.Database, roles: tuple[str, ...] = STAFF) -> dict:
    """The logged-in user when their current role is one of `roles`; 401/403 otherwise."""
    user = current_user(request, db)
    if user is None:
        raise HTTPException(401, "Logga in för att göra ändringar.")
    if user["role"] not in roles:
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


def log_in(request: Request, db: sqlite_utils.Database, user: dict, seconds: int) -> None:
    request.session.clear()  # a new session on login: no fixation of an earlier anonymous one
    request.session["sid"] = start_session(db, user["id"], seconds)
    request.state.user = user
    csrf_token(request)


def log_out(request: Request) -> None:
    if token := request.session.get("sid"):
        with database(request) as db:
            end_session(db, token)
    request.session.clear()
    request.state.user = None


def throttle_login(request: Request, db: sqlite_utils.Database, name: str) -> None:
    """429 while this name or this client address must wait after wrong passwords."""
    if wait := login_wait(db, name, client_address(request)):
        raise HTTPException(429, f"För många misslyckade inloggningar. Försök igen om {wait} sekunder.",
                            headers={"Retry-After": str(wait)})


def login_failed(request: Request, db: sqlite_utils.Database, name: str) -> None:
    record_login_failure(db, name, client_address(request))


def client_address(request: Request) -> str:
    return request.client.host if request.client else "okänd"
