"""Self-check of a draft: upload or paste, get the document view at once, nothing kept unless asked.

The upload is held in memory, parsed through a temporary file that `parse_bytes` deletes, and scored;
only a logged-in user who ticks "spara" stores it, as a draft: readable by that user (and admins) only,
and kept out of the overview, inventories and comparisons.
"""

from __future__ import annotations

import hashlib
import json

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from auditor.engine.result import AuditResult
from auditor.jobs import Busy, audit
from auditor.parsers import MB, ParseError, errors
from auditor.store.accounts import ROLES
from auditor.store.documents import StoredFile, store_scored_document
from auditor.store.sql import StoreError
from auditor.web.access import current_user, database, require_role, verify_csrf
from auditor.web.document_view import draft_view
from auditor.web.templating import render

PASTED_NAME = "inklistrad-text.txt"
MAX_PASTED_MB = 1  # a form field is held in memory, unlike an uploaded file; 1 MB is some 150 pages


class SwedishFormRoute(APIRoute):
    """Starlette refuses a form it cannot read, such as pasted text over its field limit, with an English
    400 (the MultiPartException is its context); the self-check answers in Swedish instead."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def route(request: Request):
            try:
                return await handler(request)
            except StarletteHTTPException as err:
                if not isinstance(err.__context__, MultiPartException):
                    raise
                if "maximum size" in err.__context__.message:
                    raise HTTPException(413, (
                        f"Den inklistrade texten är större än {MAX_PASTED_MB} MB. "
                        "Spara texten som en fil (.txt, .docx eller .pdf) och ladda upp filen i stället."
                    )) from err
                raise HTTPException(400, "Formuläret kunde inte läsas. Ladda om sidan och försök igen.") from err

        return route


router = APIRouter(route_class=SwedishFormRoute, form_limits={"max_part_size": MAX_PASTED_MB * MB})


def read_upload(request: Request, upload: UploadFile | None, text: str) -> tuple[bytes, str]:
    """The draft's bytes and name from a file field or a text field; 4xx with a Swedish message otherwise."""
    limit = request.app.state.settings.max_upload_bytes
    if upload is not None and upload.filename:
        data = upload.file.read(limit + 1)
        if len(data) > limit:
            raise HTTPException(413, str(errors.TooLarge(upload.size or len(data), limit)))
        return data, upload.filename
    if text.strip():
        data = text.encode("utf-8")
        if len(data) > limit:
            raise HTTPException(413, str(errors.TooLarge(len(data), limit)))
        return data, PASTED_NAME
    raise HTTPException(400, "Välj en fil (PDF, DOCX eller text) eller klistra in texten du vill granska.")


def score_draft(data: bytes, name: str, doc_type: str | None = None) -> tuple[AuditResult, str]:
    """Parse and score in a supervised child (time and memory limits): the server stays responsive."""
    try:
        audited = audit(data, name, doc_type=doc_type)
    except ParseError as err:
        raise HTTPException(_status(err), str(err)) from err
    return audited.result, audited.document.text


def _status(err: ParseError) -> int:
    if isinstance(err, Busy):
        return 503
    if isinstance(err, (errors.TooLarge, errors.TooManyPages, errors.ParseTimeout, errors.TooComplex)):
        return 413
    return 415 if isinstance(err, errors.UnsupportedFormat) else 400


@router.get("/sjalvtest", response_class=HTMLResponse, include_in_schema=False)
def selfcheck_form(request: Request):
    return render(request, "selfcheck.html", {})


@router.post("/sjalvtest", response_class=HTMLResponse, include_in_schema=False)
def selfcheck_submit(
    request: Request,
    csrf_token: str = Form(""),
    file: UploadFile | None = File(None),
    text: str = Form(""),
    spara: bool = Form(False),
):
    verify_csrf(request, csrf_token)
    try:
        data, name = read_upload(request, file, text)
        result, document_text = score_draft(data, name)
    except HTTPException as err:
        return render(request, "selfcheck.html", {"error": err.detail, "text": text}, err.status_code)
    saved_id = None
    if spara:
        with database(request) as db:
            user = require_role(request, db, ROLES)
            file_row = StoredFile(hashlib.sha256(data).hexdigest(), name, data)
            try:
                saved_id = store_scored_document(db, file_row, result, actor=user["name"], is_draft=True,
                                                 owner_id=user["id"])
            except StoreError as err:
                raise HTTPException(400, str(err)) from err
    view = draft_view(result.to_dict(), document_text)
    return render(request, "selfcheck_result.html", {
        **view, "saved_id": saved_id, "asked_to_save": spara, "file_name": name,
        "logged_in": current_user(request) is not None, "result_json": json.dumps(result.to_dict(), ensure_ascii=False),
    })


@router.post("/api/self-check", tags=["självtest"])
def api_selfcheck(request: Request, file: UploadFile | None = File(None), text: str = Form("")) -> dict:
    """Granska ett utkast (multipart-fältet `file`, eller formulärfältet `text`) utan att spara det.
    Svaret är samma JSON som `auditor score --format json`."""
    data, name = read_upload(request, file, text)
    result, _ = score_draft(data, name)
    return result.to_dict()
