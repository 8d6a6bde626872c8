"""Correcting a stored document's details and which documents are a kommun's baseline and revised version
(staff), and deleting a document (admin, after a confirmation)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from auditor.jobs import audit
from auditor.parsers import ParseError
from auditor.store.document_edit import SCORED_FIELDS, DocumentDetails, delete_document, edit_document
from auditor.store.documents import get_document, rescore_document, stored_blob
from auditor.store.sql import StoreError
from auditor.store.versions import set_pair
from auditor.web.access import DocumentId, database, require_role, verify_csrf
from auditor.web.templating import render
from auditor.web.views.documents import readable_document

router = APIRouter()
VERSIONS = {"baseline": "Baslinje", "revised": "Reviderad", "": "Övrigt (varken baslinje eller reviderad)"}


def _form(request: Request, document: dict, error: str | None = None, status: int = 200, values: dict | None = None):
    return render(request, "document_edit.html", {
        "document": document, "error": error, "versions": VERSIONS,
        "values": values or {"kommun": document["kommun"] or "", "doc_type": document["doc_type"],
                             "version": document["version_label"] or "", "title": document["title"] or "",
                             "period": document["period_text"] or ""},
    }, status)


@router.get("/dokument/{document_id}/andra", response_class=HTMLResponse, include_in_schema=False)
def edit_form(request: Request, document_id: DocumentId):
    with database(request) as db:
        require_role(request, db)
        return _form(request, readable_document(request, db, document_id))


@router.post("/dokument/{document_id}/andra", include_in_schema=False)
def edit_submit(
    request: Request,
    document_id: DocumentId,
    csrf_token: str = Form(""),
    kommun: str = Form(""),
    doc_type: str = Form(""),
    version: str = Form(""),
    period: str = Form(""),
    title: str = Form(""),
):
    verify_csrf(request, csrf_token)
    details = DocumentDetails(kommun=kommun, doc_type=doc_type, version=version or None, period=period, title=title)
    with database(request) as db:
        user = require_role(request, db)
        document = readable_document(request, db, document_id)
        try:
            changed = edit_document(db, document_id, details, actor=user["name"])
        except StoreError as err:
            return _form(request, document, str(err), 400, values=details.__dict__ | {"version": version})
        if any(name in SCORED_FIELDS for name in changed):  # the scores follow the corrected type
            try:
                audited = audit(stored_blob(db, document["sha256"]), document["file_name"], doc_type=doc_type)
            except ParseError as err:
                return _form(request, get_document(db, document_id),
                             f"Uppgifterna är sparade, men dokumentet kunde inte poängsättas på nytt: {err}", 500)
            rescore_document(db, document_id, audited.result, actor=user["name"])
    return RedirectResponse(f"/dokument/{document_id}?andrad={'1' if changed else '0'}", 303)


@router.get("/dokument/{document_id}/radera", response_class=HTMLResponse, include_in_schema=False)
def delete_form(request: Request, document_id: DocumentId):
    with database(request) as db:
        require_role(request, db, ("admin",))
        document = readable_document(request, db, document_id)
    return render(request, "document_delete.html", {"document": document})


@router.post("/dokument/{document_id}/radera", include_in_schema=False)
def delete_submit(request: Request, document_id: DocumentId, csrf_token: str = Form(""), bekrafta: str = Form("")):
    verify_csrf(request, csrf_token)
    with database(request) as db:
        user = require_role(request, db, ("admin",))
        readable_document(request, db, document_id)
        if bekrafta != "ja":
            raise HTTPException(400, "Bekräfta att dokumentet ska raderas.")
        deleted = delete_document(db, document_id, actor=user["name"])
    target = f"/kommun/{quote(deleted['kommun'])}" if deleted["kommun"] else "/lan"
    return RedirectResponse(f"{target}?raderat={quote(deleted['file_name'])}", 303)


@router.post("/kommun/{name:path}/versioner", include_in_schema=False)
def pair_submit(request: Request, name: str, csrf_token: str = Form(""), baslinje: int = Form(...),
                reviderad: int = Form(...)):
    """Mark which of the kommun's documents of a type are the baseline and the revised version."""
    verify_csrf(request, csrf_token)
    with database(request) as db:
        user = require_role(request, db)
        try:
            set_pair(db, name, baslinje, reviderad, actor=user["name"])
        except StoreError as err:
            raise HTTPException(400, str(err)) from err
    return RedirectResponse(f"/kommun/{quote(name)}?versioner=1", 303)
