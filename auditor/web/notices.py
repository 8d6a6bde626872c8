"""The unread count in every page's header, for a logged-in user."""

from __future__ import annotations

from fastapi import Request

from auditor.store.notifications import unread_count
from auditor.web.access import database


def unread_notices(request: Request, user: dict | None) -> int:
    if user is None:
        return 0
    with database(request) as db:
        return unread_count(db, user["id"])
