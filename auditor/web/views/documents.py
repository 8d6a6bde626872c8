"""One stored document: its items, evidence, goals and full text; its original file; reviews of it."""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from auditor.labels import ITEM_IDS
from auditor.store.document_edit import field_sources
from auditor.store.documents import get_document, period_label, stored_blob
from auditor.store.review_queue import review_queue
from auditor.store.reviews import KINDS, add_review, review_history
from auditor.store.sql import StoreError
from auditor.web.access import DocumentId, current_user, database, require_reader, require_role, verify_csrf
from auditor.web.document_view import public_reviews, stored_view
from auditor.web.permissions import may_read_document, sees_dialogue
from auditor.web.templating import render
from auditor.web.views.overview import not_found

router = APIRouter()
QUEUE_PAGE = 100  # items shown at once in the review queue
CONTENT_TYPES = {"pdf": "application/pdf", "txt": "text/plain; charset=utf-8",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def readable_document(request: Request, db, document_id: DocumentId) -> dict:
    """The document row if this visitor may read it (`may_read_document`); 404 otherwise, so an unpublished
    document's existence is not told either."""
    require_reader(request)
    try:
        document = get_document(db, document_id)
    except StoreError as err:
        raise not_found(err) from err
    if not may_read_document(db, current_user(request, db), document):
        raise HTTPException(404, f"Dokument {document_id} finns inte i databasen.")
    return document


def document_data(request: Request, document_id: DocumentId) -> dict:
    with database(request) as db:
        document = readable_document(request, db, document_id)
        return stored_view(db, document_id, signed_in=sees_dialogue(current_user(request, db), document))


@router.get("/dokument/{document_id}", response_class=HTMLResponse, include_in_schema=False)
def document_page(request: Request, document_id: DocumentId):
    return render_document(request, document_id)


def render_document(request: Request, document_id: int, review_error: dict | None = None, status_code: int = 200):
    view = document_data(request, document_id)
    document = view["document"]
    return render(request, "document.html", {**view, "kinds": KINDS,
                                             "item_ids": ITEM_IDS, "sources": field_sources(document),
                                             "period": period_label(document) if document["period_from"] else "",
                                             "review_error": review_error or {}}, status_code)


@router.get("/api/documents/{document_id}", tags=["dokument"])
def api_document(request: Request, document_id: DocumentId) -> dict:
    """Dokumentets punkter (gällande poäng efter granskning), belägg, mål och granskningshistorik."""
    view = document_data(request, document_id)
    return {"document": view["document"], "result": view["result"],
            "reviews": [review for reviews in view["reviews"].values() for review in reviews]}


@router.get("/dokument/{document_id}/fil", tags=["dokument"])
def document_file(request: Request, document_id: DocumentId) -> Response:
    """Originalfilen som den importerades (PDF-sidor kan länkas med #page=N)."""
    with database(request) as db:
        document = readable_document(request, db, document_id)
        content = stored_blob(db, document["sha256"])
    media_type = CONTENT_TYPES.get(document["format"]) or mimetypes.guess_type(document["file_name"])[0]
    disposition = "inline" if document["format"] == "pdf" else "attachment"
    # the name is the importer's file name: keep it ASCII-safe inside the header, full name in filename*
    ascii_name = document["file_name"].encode("ascii", "replace").decode().replace('"', "")

    return Response(content, media_type=media_type or "application/octet-stream", headers={
        "Content-Disposition": f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(document['file_name'])}",
    })


def record_review(request: Request, document_id: DocumentId, *, item_id: str | None, score: int | None, comment: str,
                  kind: str) -> int:
    with database(request) as db:
        user = require_role(request, db)
        readable_document(request, db, document_id)
        try:
            return add_review(db, document_id, reviewer=user["name"], item_id=item_id, score=score,
                              comment=comment, kind=kind)
        except StoreError as err:
            raise HTTPException(400, str(err)) from err


@router.post("/dokument/{document_id}/granskning", include_in_schema=False)
def review_form(
    request: Request,
    document_id: DocumentId,
    csrf_token: str = Form(""),
    item_id: str = Form(""),
    kind: str = Form("granskning"),
    score: str = Form(""),
    comment: str = Form(""),
    tillbaka: str = Form(""),
):
    verify_csrf(request, csrf_token)
    if score not in ("", "0", "1", "2"):
        raise HTTPException(400, "Poängen måste vara 0, 1 eller 2.")
    try:
        record_review(request, document_id, item_id=item_id or None, score=int(score) if score else None,
                      comment=comment, kind=kind)
    except HTTPException as err:
        if err.status_code != 400 or item_id not in ITEM_IDS:
            raise
        # shown in the item's own form, with what was typed, where the reviewer is
        error = {"item_id": item_id, "message": err.detail, "score": score, "comment": comment, "kind": kind}
        return render_document(request, document_id, review_error=error, status_code=400)
    if tillbaka.startswith("/granska"):  # confirmed from the review queue: back to the queue
        return RedirectResponse(f"{tillbaka}{'&' if '?' in tillbaka else '?'}bekraftad=1", 303)
    if item_id in ITEM_IDS:  # the confirmation is shown in the item, and the page opens there
        return RedirectResponse(f"/dokument/{document_id}?sparad={item_id}#sparad-{item_id}", 303)
    return RedirectResponse(f"/dokument/{document_id}?sparad=1", 303)


@router.get("/granska", response_class=HTMLResponse, include_in_schema=False)
def review_queue_page(request: Request, lan: str = ""):
    """The unsure, unreviewed items of a län (or all), for staff to confirm or change."""
    with database(request) as db:
        require_role(request, db)
        try:
            queue = review_queue(db, lan.strip() or None, limit=QUEUE_PAGE)
        except StoreError as err:
            return render(request, "review_queue.html", {"queue": [], "lan": lan, "error": str(err)}, 404)
    return render(request, "review_queue.html", {"queue": queue, "lan": lan.strip()})


class ReviewIn(BaseModel):
    item_id: str | None = Field(None, description="Punkt R1 … U3; tom för en kommentar om hela dokumentet.")
    score: int | None = Field(None, ge=0, le=2, description="Granskad poäng; ersätter den automatiska.")
    comment: str = ""
    kind: str = Field("granskning", description="granskning eller genmäle (kommunens svar, ändrar aldrig poängen).")


@router.post("/api/documents/{document_id}/reviews", status_code=201, tags=["granskning"])
def api_add_review(request: Request, document_id: DocumentId, review: ReviewIn) -> dict:
    """Granska en punkt (ändra poängen med kommentar) eller registrera ett genmäle.
    Kräver inloggning som granskare eller admin och huvudet X-CSRF-Token (se /api/session)."""
    verify_csrf(request, None)
    review_id = record_review(request, document_id, item_id=review.item_id, score=review.score,
                              comment=review.comment, kind=review.kind)
    return {"id": review_id}


@router.get("/api/documents/{document_id}/reviews", tags=["granskning"])
def api_reviews(request: Request, document_id: DocumentId) -> list[dict]:
    """Granskningshistoriken för dokumentet, äldst först."""
    with database(request) as db:
        document = readable_document(request, db, document_id)
        if sees_dialogue(current_user(request, db), document):
            return review_history(db, document_id)
        return public_reviews(db, document_id)
