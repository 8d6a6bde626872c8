"""/anvandare: the admin's user management (list, add with role and kommun, deactivate)."""

from __future__ import annotations

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from auditor.store.accounts import (
    MIN_PASSWORD,
    ROLES,
    add_user,
    deactivate_user,
    list_users,
)
from auditor.store.sql import StoreError
from auditor.web.access import UserId, database, require_role, verify_csrf
from auditor.web.templating import render

router = APIRouter()
ADMIN = ("admin",)


def users_page_context(db) -> dict:
    kommuner = [row[0] for row in db.execute("SELECT name FROM kommun ORDER BY name")]
    return {"users": list_users(db), "roles": ROLES, "kommuner": kommuner, "min_password": MIN_PASSWORD}


@router.get("/anvandare", response_class=HTMLResponse, include_in_schema=False)
def users_page(request: Request):
    with database(request) as db:
        require_role(request, db, ADMIN)
        context = users_page_context(db)
    return render(request, "users.html", context)


@router.post("/anvandare", response_class=HTMLResponse, include_in_schema=False)
def add_user_form(request: Request, csrf_token: str = Form(""), name: str = Form(""), role: str = Form(""),
                  kommun: str = Form(""), email: str = Form(""), password: str = Form("")):
    verify_csrf(request, csrf_token)
    with database(request) as db:
        admin = require_role(request, db, ADMIN)
        try:
            add_user(db, name, role, password, actor=admin["name"], kommun=kommun, email=email)
        except StoreError as err:
            context = {**users_page_context(db), "error": str(err), "form": {"name": name, "role": role,
                                                                             "kommun": kommun, "email": email}}
            return render(request, "users.html", context, 400)
    return RedirectResponse("/anvandare?skapad=1", 303)


@router.post("/anvandare/{user_id}/inaktivera", include_in_schema=False)
def deactivate_form(request: Request, user_id: UserId, csrf_token: str = Form("")):
    verify_csrf(request, csrf_token)
    with database(request) as db:
        admin = require_role(request, db, ADMIN)
        try:
            deactivate_user(db, user_id, actor=admin)
        except StoreError as err:
            raise HTTPException(400, str(err)) from err
    return RedirectResponse("/anvandare?inaktiverad=1", 303)
