"""/omgangar: staff set up review rounds with a publication date and put documents in them."""

from __future__ import annotations

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from auditor.store.rounds import (
    add_to_round,
    create_round,
    documents_outside_rounds,
    get_round,
    review_rounds,
    round_documents,
)
from auditor.store.sql import StoreError
from auditor.web.access import RoundId, database, require_role, verify_csrf
from auditor.web.templating import render
from auditor.web.views.overview import not_found

router = APIRouter()


@router.get("/omgangar", response_class=HTMLResponse, include_in_schema=False)
def rounds_page(request: Request):
    with database(request) as db:
        require_role(request, db)
        rounds = review_rounds(db)
    return render(request, "rounds.html", {"rounds": rounds})


@router.post("/omgangar", response_class=HTMLResponse, include_in_schema=False)
def create_round_form(request: Request, csrf_token: str = Form(""), name: str = Form(""),
                      publiceras: str = Form("")):
    verify_csrf(request, csrf_token)
    with database(request) as db:
        user = require_role(request, db)
        try:
            round_id = create_round(db, name, publiceras, actor=user["name"])
        except StoreError as err:
            return render(request, "rounds.html", {"rounds": review_rounds(db), "error": str(err),
                                                   "form": {"name": name, "publiceras": publiceras}}, 400)
    return RedirectResponse(f"/omgangar/{round_id}", 303)


@router.get("/omgangar/{round_id}", response_class=HTMLResponse, include_in_schema=False)
def round_page(request: Request, round_id: RoundId):
    with database(request) as db:
        require_role(request, db)
        try:
            review_round = get_round(db, round_id)
        except StoreError as err:
            raise not_found(err) from err
        context = {"round": review_round, "documents": round_documents(db, round_id),
                   "candidates": documents_outside_rounds(db)}
    return render(request, "round.html", context)


@router.post("/omgangar/{round_id}/dokument", include_in_schema=False)
def add_documents_form(request: Request, round_id: RoundId, csrf_token: str = Form(""),
                       dokument: list[int] = Form([])):
    verify_csrf(request, csrf_token)
    with database(request) as db:
        user = require_role(request, db)
        try:
            add_to_round(db, round_id, dokument, actor=user["name"])
        except StoreError as err:
            raise HTTPException(400, str(err)) from err
    return RedirectResponse(f"/omgangar/{round_id}?tillagda={len(dokument)}", 303)
