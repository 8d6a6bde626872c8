"""Import for logged-in staff: many files plus an optional manifest, kept as an import job and imported by
the importer: in a background thread for the web form (the page answers at once and a job page follows
it), in the request for the API (its answer is the summary)."""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Collection
from pathlib import Path

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from auditor.parsers import errors
from auditor.store.db import open_db
from auditor.store.import_jobs import MANIFEST_NAME, claim_job, create_job, job_status, recent_jobs, run_job
from auditor.store.importer import ImportSummary
from auditor.store.sql import StoreError
from auditor.web.access import JobId, database, require_role, verify_csrf
from auditor.web.templating import render

router = APIRouter()
JOBS_FOLDER = "importjobb"  # next to the database: the uploads of unfinished jobs survive a restart
log = logging.getLogger(__name__)


def new_job(request: Request, files: list[UploadFile], manifest: UploadFile | None, lan: str) -> int:
    """Read the uploads within the size limit and keep them as a job in the data folder."""
    limit = request.app.state.settings.max_upload_bytes
    uploads = [f for f in files if f.filename]
    if not uploads:
        raise HTTPException(400, "Välj minst en fil att importera.")
    with database(request) as db:
        user = require_role(request, db)
        named: list[tuple[str, bytes]] = []
        taken = {MANIFEST_NAME}
        for number, upload in enumerate(uploads, 1):
            data = read_limited(upload, limit)
            name = upload_name(upload.filename or "", number, taken)
            taken.add(name)
            named.append((name, data))
        manifest_data = manifest.file.read(limit) if manifest is not None and manifest.filename else None
        folder = request.app.state.settings.db_path.parent / JOBS_FOLDER / secrets.token_hex(8)
        return create_job(db, folder, named, manifest_data, lan.strip() or None, user["name"])


def read_limited(upload: UploadFile, limit: int) -> bytes:
    """The upload's bytes, or a 413 naming the file and its real size (not the `limit` + 1 bytes read)."""
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(413, f"{upload.filename}: {errors.TooLarge(upload.size or len(data), limit)}")
    return data


def upload_name(filename: str, number: int, taken: Collection[str] = frozenset()) -> str:
    """The upload's base name, never a path ("..", "." or "/" would name the folder itself), and unique in
    the job (the same name twice, or the manifest's, gets the upload's number)."""
    name = Path(filename.replace("\\", "/")).name
    name = name if name not in ("", ".", "..") else f"fil-{number}"
    return name if name not in taken else f"{number}-{name}"


def start_job(request: Request, job_id: int) -> None:
    """Run the job in a thread of the server; its children are the supervised ones of auditor.jobs."""
    app = request.app

    def work() -> None:
        db = open_db(app.state.settings.db_path, migrate=False)
        try:
            run_job(db, job_id, stopping=app.state.stopping)
        except Exception:  # run_job has ended the job; the thread must not die silently
            log.exception("Importjobb %s avbröts av ett oväntat fel", job_id)
        finally:
            db.conn.close()

    threading.Thread(target=work, name=f"importjobb-{job_id}", daemon=True).start()


@router.get("/import", response_class=HTMLResponse, include_in_schema=False)
def import_form(request: Request):
    with database(request) as db:
        require_role(request, db)
        jobs = recent_jobs(db)
    return render(request, "import.html", {"jobs": jobs})


@router.post("/import", response_class=HTMLResponse, include_in_schema=False)
def import_submit(
    request: Request,
    csrf_token: str = Form(""),
    files: list[UploadFile] = File(...),
    manifest: UploadFile | None = File(None),
    lan: str = Form(""),
):
    verify_csrf(request, csrf_token)
    try:
        job_id = new_job(request, files, manifest, lan)
    except HTTPException as err:
        if err.status_code in (401, 403):
            raise
        return render(request, "import.html", {"error": err.detail, "jobs": []}, err.status_code)
    start_job(request, job_id)
    return RedirectResponse(f"/import/jobb/{job_id}", 303)


@router.get("/import/jobb/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def job_page(request: Request, job_id: JobId):
    with database(request) as db:
        require_role(request, db)
        try:
            job = job_status(db, job_id)
        except StoreError as err:
            raise HTTPException(404, str(err)) from err
    return render(request, "import_job.html", {"job": job})


@router.post("/import/jobb/{job_id}/fortsatt", include_in_schema=False)
def resume_job(request: Request, job_id: JobId, csrf_token: str = Form("")):
    """Resume a job a server stop interrupted: the files not yet done are imported now."""
    verify_csrf(request, csrf_token)
    with database(request) as db:
        user = require_role(request, db)
        if not claim_job(db, job_id, user["name"]):
            raise HTTPException(409, "Importjobbet är redan klart eller pågår fortfarande.")
    start_job(request, job_id)
    return RedirectResponse(f"/import/jobb/{job_id}", 303)


@router.post("/api/import", tags=["import"])
def api_import(
    request: Request,
    files: list[UploadFile] = File(..., description="Dokumentfilerna (PDF, DOCX, text)."),
    manifest: UploadFile | None = File(None, description="Manifest (YAML) där ”file” är filnamnet."),
    lan: str = Form("", description="Län för kommuner som inte finns i kommunregistret."),
) -> dict:
    """Importera, granska och spara dokument; svaret kommer när alla filer är klara (”job” är importjobbets
    id, sidan /import/jobb/{id} visar det). Kräver inloggning som granskare eller admin och X-CSRF-Token."""
    verify_csrf(request, None)
    job_id = new_job(request, files, manifest, lan)
    with database(request) as db:
        summary: ImportSummary = run_job(db, job_id, stopping=request.app.state.stopping)
        job = job_status(db, job_id)
    if job["error"]:
        raise HTTPException(400, job["error"])
    return {"imported": summary.imported, "unchanged": summary.unchanged, "rescored": summary.rescored,
            "failed": [{"file": name, "reason": reason} for name, reason in summary.failed], "job": job_id}
