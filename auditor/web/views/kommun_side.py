"""The kommun's side of the dialogue: /min-kommun (its documents, published or not, and the upload of signed
documents) and, for staff, /inlamnade (submissions awaiting confirmation of type and version)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from auditor.labels import DOC_TYPES, ITEM_IDS
from auditor.parsers import errors
from auditor.store.documents import (
    StoredFile,
    get_document,
    store_scored_document,
    stored_blob,
)
from auditor.store.manifest import ManifestEntry
from auditor.store.places import require_kommun
from auditor.store.reviews import add_review
from auditor.store.rounds import review_rounds
from auditor.store.sql import StoreError
from auditor.store.submissions import (
    confirm_submission,
    kommun_documents,
    submitted_documents,
)
from auditor.web.access import (
    DocumentId,
    ReviewId,
    current_user,
    database,
    require_role,
    verify_csrf,
)
from auditor.web.permissions import of_kommun, sees_dialogue
from auditor.web.templating import render
from auditor.web.views.documents import readable_document
from auditor.web.views.importing import read_limited, upload_name
from auditor.web.views.selfcheck import score_draft

router = APIRouter()
KOMMUN = ("kommun",)
SUBMITTABLE = ("samverkansoverenskommelse", "medborgarlofte", "atgardsplan")
VERSION_NAMES = {"baseline": "baslinje", "revised": "reviderad"}


def my_kommun_context(db, user: dict) -> dict:
    return {"documents": kommun_documents(db, user["kommun_id"]),
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
        kommun = require_kommun(db, user["kommun"])
        for number, upload in enumerate(uploads, 1):
            name = upload_name(upload.filename or "", number)
            data = upload.file.read(limit + 1)
            if len(data) > limit:
                summary["failed"].append({"file": name, "reason": str(errors.TooLarge(upload.size or len(data), limit))})
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
        rounds = [r for r in review_rounds(db) if not r["published"]]
    return render(request, "submissions.html", {"submissions": submissions, "rounds": rounds,
                                                "doc_types": DOC_TYPES, "version_names": VERSION_NAMES})


@router.post("/dokument/{document_id}/bekrafta", include_in_schema=False)
def confirm_form(request: Request, document_id: DocumentId, csrf_token: str = Form(""), typ: str = Form(""),
                 version: str = Form(""), omgang: int | None = Form(None)):
    """Confirm a submission, in a review round if one is chosen; a changed type is scored again first,
    since it decides which items apply."""
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
                               round_id=omgang, actor=user["name"])
        except StoreError as err:
            raise HTTPException(400, str(err)) from err
    return RedirectResponse("/inlamnade?bekraftad=1", 303)


# --- genmälen and their answers ------------------------------------------------------------------------------

@router.post("/dokument/{document_id}/genmale", include_in_schema=False)
def reply_form(request: Request, document_id: DocumentId, csrf_token: str = Form(""), item_id: str = Form(""),
               comment: str = Form(""), sida: str = Form(""), bilaga: UploadFile | None = File(None)):
    """A kommun account answers an item of its own kommun's document, optionally naming the page and
    attaching a document that shows its point."""
    verify_csrf(request, csrf_token)
    with database(request) as db:
        user = require_role(request, db, KOMMUN)
        document = readable_document(request, db, document_id)
        if not of_kommun(user, document["kommun_id"]):
            raise HTTPException(403, "Bara kommunens egna konton kan skriva genmäle på dess dokument.")
        if document["is_draft"]:
            raise HTTPException(400, "Ett sparat utkast granskas inte av länsstyrelsen och får inga genmälen.")
        if sida.strip() and not sida.strip().isdigit():
            raise HTTPException(400, "Sidhänvisningen måste vara ett sidnummer, t.ex. 4.")
        try:
            add_review(db, document_id, reviewer=user["name"], item_id=item_id or None, comment=comment,
                       kind="genmäle", page=int(sida) if sida.strip() else None,
                       attachment=read_attachment(request, bilaga))
        except StoreError as err:
            raise HTTPException(400, str(err)) from err
    anchor = f"#punkt-{item_id}" if item_id in ITEM_IDS else ""
    return RedirectResponse(f"/dokument/{document_id}?genmale=1{anchor}", 303)


def read_attachment(request: Request, upload: UploadFile | None) -> StoredFile | None:
    if upload is None or not upload.filename:
        return None
    limit = request.app.state.settings.max_upload_bytes
    data = read_limited(upload, limit)
    if not data:
        raise HTTPException(400, f"Bilagan {upload.filename} är tom.")
    return StoredFile(hashlib.sha256(data).hexdigest(), upload_name(upload.filename, 1), data)




@router.post("/genmale/{review_id}/svar", include_in_schema=False)
def answer_form(request: Request, review_id: ReviewId, csrf_token: str = Form(""), utfall: str = Form(""),
                score: str = Form(""), comment: str = Form("")):
    """A reviewer answers a genmäle: accepted (with the changed score) or explained (a comment, score kept)."""
    verify_csrf(request, csrf_token)
    with database(request) as db:
        user = require_role(request, db)
        reply = db.execute("SELECT document_id, item_id FROM review WHERE id = ? AND kind = 'genmäle'",
                           [review_id]).fetchone()
        if reply is None:
            raise HTTPException(404, f"Genmäle {review_id} finns inte.")
        if utfall == "godtaget" and score not in ("0", "1", "2"):
            raise HTTPException(400, "Ett godtaget genmäle behöver den nya poängen (0, 1 eller 2).")
        if utfall == "forklarat" and (score or not comment.strip()):
            raise HTTPException(400, "Förklara varför poängen står kvar (och ange ingen ny poäng).")
        if utfall not in ("godtaget", "forklarat"):
            raise HTTPException(400, "Välj om genmälet godtas (ny poäng) eller förklaras (poängen står kvar).")
        try:
            add_review(db, reply[0], reviewer=user["name"], item_id=reply[1], comment=comment,
                       score=int(score) if utfall == "godtaget" else None, answers=review_id)
        except StoreError as err:
            raise HTTPException(400, str(err)) from err
    anchor = f"#punkt-{reply[1]}" if reply[1] else ""
    return RedirectResponse(f"/dokument/{reply[0]}?sparad=1{anchor}", 303)


@router.get("/genmale/{review_id}/bilaga", include_in_schema=False)
def reply_attachment(request: Request, review_id: ReviewId) -> Response:
    """A genmäle's attachment, for whoever may follow the dialogue about its document; always downloaded,
    never shown in the browser, since anything may be attached."""
    with database(request) as db:
        row = db.execute("SELECT document_id, attachment_sha256, attachment_name FROM review WHERE id = ? "
                         "AND attachment_sha256 IS NOT NULL", [review_id]).fetchone()
        if row is None:
            raise HTTPException(404, f"Genmäle {review_id} har ingen bilaga.")
        document = readable_document(request, db, row[0])
        if not sees_dialogue(current_user(request, db), document):
            raise HTTPException(404, f"Genmäle {review_id} har ingen bilaga.")
        content = stored_blob(db, row[1])
    ascii_name = row[2].encode("ascii", "replace").decode().replace('"', "")
    return Response(content, media_type="application/octet-stream", headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(row[2])}"})
