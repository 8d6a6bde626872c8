"""/notiser: what is new for the logged-in user; opening the list marks it read."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from auditor.store.accounts import ROLES
from auditor.store.notifications import mark_read, notifications_for
from auditor.web.access import database, require_role
from auditor.web.templating import render

router = APIRouter()


@router.get("/notiser", response_class=HTMLResponse, include_in_schema=False)
def notifications_page(request: Request):
    with database(request) as db:
        user = require_role(request, db, ROLES)
        notices = notifications_for(db, user["id"])
        mark_read(db, user["id"])
    return render(request, "notifications.html", {"notices": notices})
