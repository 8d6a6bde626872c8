"""Logging in and out (HTML forms and the API's session endpoint)."""

from __future__ import annotations

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from auditor.store.accounts import authenticate
from auditor.web.access import (
    SESSION_SECONDS,
    csrf_token,
    current_user,
    database,
    log_in,
    log_out,
    login_failed,
    throttle_login,
    verify_csrf,
)
from auditor.web.templating import render

router = APIRouter()
WRONG = "Fel användarnamn eller lösenord."


def checked_login(request: Request, name: str, password: str) -> dict | None:
    """Log in and return the user for a right name and password; None for a wrong one; 429 while the name or
    the client address must wait after too many wrong ones."""
    with database(request) as db:
        throttle_login(request, db, name)
        user = authenticate(db, name, password)
        if user is None:
            login_failed(request, db, name)
        else:
            log_in(request, db, user, SESSION_SECONDS)
    return user


def safe_next(target: str) -> str:
    """Only paths on this site: no open redirect to another host."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/lan"


@router.get("/logga-in", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, nasta: str = "/lan"):
    return render(request, "login.html", {"nasta": safe_next(nasta)})


@router.post("/logga-in", response_class=HTMLResponse, include_in_schema=False)
def login_submit(request: Request, csrf_token: str = Form(""), name: str = Form(""), password: str = Form(""),
                 nasta: str = Form("/lan")):
    verify_csrf(request, csrf_token)
    try:
        user = checked_login(request, name, password)
    except HTTPException as err:
        page = render(request, "login.html", {"nasta": safe_next(nasta), "error": err.detail, "name": name}, 429)
        page.headers.update(err.headers or {})
        return page
    if user is None:
        return render(request, "login.html", {"nasta": safe_next(nasta), "error": WRONG, "name": name}, 400)
    return RedirectResponse(safe_next(nasta), 303)


@router.post("/logga-ut", include_in_schema=False)
def logout(request: Request, csrf_token: str = Form("")):
    verify_csrf(request, csrf_token)
    log_out(request)
    return RedirectResponse("/lan", 303)


@router.get("/api/session", tags=["inloggning"])
def api_session(request: Request) -> dict:
    """Inloggad användare (eller null) och CSRF-token att skicka som X-CSRF-Token vid ändringar."""
    return {"user": current_user(request), "csrf_token": csrf_token(request)}


@router.post("/api/session", tags=["inloggning"])
def api_login(request: Request, name: str = Form(...), password: str = Form(...)) -> dict:
    """Logga in (sätter sessionskakan). Kräver huvudet X-CSRF-Token från GET /api/session; svaret innehåller
    en ny CSRF-token för ändrande anrop."""
    verify_csrf(request, None)
    user = checked_login(request, name, password)
    if user is None:
        raise HTTPException(401, WRONG)
    return {"user": current_user(request), "csrf_token": csrf_token(request)}
