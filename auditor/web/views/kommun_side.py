"""The kommun's side of the dialogue: /min-kommun (its documents, published or not, and the upload of signed
documents) and, for staff, /inlamnade (submissions awaiting confirmation of type and version)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from auditor.parsers import errors
from auditor.rules.result import DOC_TYPES
from auditor.store.db import StoreError
from auditor.store.documents import (
    StoredFile,
    get_document,
    store_scored_document,
    stored_blob,
)
from auditor.store.manifest import ManifestEntry
from auditor.store.places import find_kommun
from auditor.store.submissions import (
    confirm_submission,
    kommun_documents,
    submitted_documents,
)
from auditor.web.access import DocumentId, database, require_role, verify_csrf
from auditor.web.app import render
from auditor.web.views.importing import upload_name
from auditor.web.views.overview import TYPE_LABELS
from auditor.web.views.selfcheck import score_draft

router = APIRouter()
KOMMUN = ("kommun",)
SUBMITTABLE = ("samverkansoverenskommelse", "medborgarlofte", "atgardsplan")
VERSION_NAMES = {"baseline": "baslinje", "revised": "reviderad"}


def my_kommun_context(db, user: dict) -> dict:
    return {"documents": kommun_documents(db, user["kommun_id"]), "type_labels": TYPE_LABELS,
            "submittable": SUBMITTABLE, "version_names": VERSION_NAMES}


@router.get("/min-kommun", response_class=HTMLResponse, include_in_schema=False)
def my_kommun_page(request: Request):
    with database(request) as db:
        user = require_role(request, db, KOMMUN)
        context = my_kommun_context(db, user)
    return render(request, "my_kommun.html", context)


@router.post("/min-kommun/lamna-in", response_class=HTMLResponse, include_in_schema=False)
def submit_documents(request: Request, csrf_token: str = Form(""), files: list[UploadFile] = File([]),
                     typ: str = Form("")):
    """Score and store each file for the account's own kommun (there is no kommun to choose), as 'inlämnad'."""
    verify_csrf(request, csrf_token)
    limit = request.app.state.settings.max_upload_bytes
    summary: dict[str, list] = {"submitted": [], "unchanged": [], "failed": []}
    with database(request) as db:
        user = require_role(request, db, KOMMUN)
        if typ and typ not in SUBMITTABLE:
            raise HTTPException(400, "Välj samverkansöverenskommelse, medborgarlöfte, åtgärdsplan eller "
                                     "”Avgör automatiskt”.")
        uploads = [upload for upload in files if upload.filename]
        if not uploads:
            raise HTTPException(400, "Välj minst en fil att lämna in.")
        kommun = find_kommun(db, user["kommun"])
        for number, upload in enumerate(uploads, 1):
            name = upload_name(upload.filename or "", number)
            data = upload.file.read(limit + 1)
            if len(data) > limit:
                summary["failed"].append({"file": name, "reason": str(errors.TooLarge(len(data), limit))})
                continue
            try:
                result, _ = score_draft(data, name, typ or None)
            except HTTPException as err:
                summary["failed"].append({"file": name, "reason": err.detail})
                continue
            entry = ManifestEntry(None, Path(name), kommun["name"], kommun["lan"], typ or None, None, None, None)
            stored = store_scored_document(db, StoredFile(hashlib.sha256(data).hexdigest(), name, data), result,
                                           entry=entry, status="inlämnad", actor=user["name"])
            summary["submitted" if stored else "unchanged"].append(name)
        context = my_kommun_context(db, user)
    status = 200 if summary["submitted"] or summary["unchanged"] else 400
    return render(request, "my_kommun.html", {**context, "summary": summary}, status)


@router.get("/inlamnade", response_class=HTMLResponse, include_in_schema=False)
def submissions_page(request: Request):
    with database(request) as db:
        require_role(request, db)
        submissions = submitted_documents(db)
    return render(request, "submissions.html", {"submissions": submissions, "type_labels": TYPE_LABELS,
                                                "doc_types": DOC_TYPES, "version_names": VERSION_NAMES})


@router.post("/dokument/{document_id}/bekrafta", include_in_schema=False)
def confirm_form(request: Request, document_id: DocumentId, csrf_token: str = Form(""), typ: str = Form(""),
                 version: str = Form("")):
    """Confirm a submission; a changed type is scored again first, since it decides which items apply."""
    verify_csrf(request, csrf_token)
    with database(request) as db:
        user = require_role(request, db)
        try:
            document = get_document(db, document_id)
            if typ not in DOC_TYPES:
                raise StoreError(f"Okänd dokumenttyp ”{typ}”.")
            result = None
            if typ != document["doc_type"]:
                result, _ = score_draft(stored_blob(db, document["sha256"]), document["file_name"], typ)
            confirm_submission(db, document_id, doc_type=typ, version=version or None, result=result,
                               actor=user["name"])
        except StoreError as err:
            raise HTTPException(400, str(err)) from err
    return RedirectResponse("/inlamnade?bekraftad=1", 303)
