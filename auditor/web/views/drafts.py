"""/utkast: the self-check drafts a user chose to save; only theirs (an admin sees all). Two drafts can be
compared on the ordinary comparison page, which applies the same read rule."""

from __future__ import annotations

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from auditor.store.accounts import ROLES
from auditor.store.documents import get_document
from auditor.store.drafts import delete_draft, drafts_of
from auditor.store.sql import StoreError
from auditor.web.access import DocumentId, DraftId, database, require_role, verify_csrf
from auditor.web.permissions import may_read_document
from auditor.web.templating import render

router = APIRouter()


@router.get("/utkast", response_class=HTMLResponse, include_in_schema=False)
def drafts_page(request: Request):
    with database(request) as db:
        user = require_role(request, db, ROLES)
        drafts = drafts_of(db, None if user["role"] == "admin" else user["id"])
    return render(request, "drafts.html", {"drafts": drafts})


@router.get("/utkast/jamfor", include_in_schema=False)
def compare_drafts(request: Request, a: DraftId, b: DraftId):
    with database(request) as db:
        require_role(request, db, ROLES)
    if a == b:
        raise HTTPException(400, "Välj två olika utkast att jämföra.")
    return RedirectResponse(f"/jamfor/{a}/{b}", 303)


@router.post("/utkast/{document_id}/radera", include_in_schema=False)
def delete_draft_form(request: Request, document_id: DocumentId, csrf_token: str = Form("")):
    verify_csrf(request, csrf_token)
    with database(request) as db:
        user = require_role(request, db, ROLES)
        try:
            document = get_document(db, document_id)
        except StoreError as err:
            raise HTTPException(404, str(err)) from err
        if not document["is_draft"] or not may_read_document(db, user, document):
            raise HTTPException(404, f"Utkast {document_id} finns inte.")
        delete_draft(db, document_id, actor=user["name"])
    return RedirectResponse("/utkast?raderat=1", 303)
