"""Import for logged-in staff: many files plus an optional manifest, scored and stored by the importer."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse

from auditor.parsers import errors
from auditor.store.db import StoreError
from auditor.store.importer import plan_import, run_import
from auditor.web.access import database, require_role, verify_csrf
from auditor.web.app import render

router = APIRouter()
MANIFEST_NAME = "manifest.yaml"


def import_files(request: Request, files: list[UploadFile], manifest: UploadFile | None, lan: str) -> dict:
    """Write the uploads to a temporary folder (manifest entries name the files by file name), import that
    folder, and delete it again; the store keeps its own copy of every file."""
    limit = request.app.state.settings.max_upload_bytes
    uploads = [f for f in files if f.filename]
    if not uploads:
        raise HTTPException(400, "Välj minst en fil att importera.")
    with database(request) as db, tempfile.TemporaryDirectory(prefix="granskaren-import-") as tmp:
        user = require_role(request, db)
        folder = Path(tmp) / "filer"
        folder.mkdir()
        for number, upload in enumerate(uploads, 1):
            data = upload.file.read(limit + 1)
            if len(data) > limit:
                raise HTTPException(413, f"{upload.filename}: {errors.TooLarge(len(data), limit)}")
            (folder / upload_name(upload.filename, number)).write_bytes(data)
        manifest_path = None
        if manifest is not None and manifest.filename:
            manifest_path = folder / MANIFEST_NAME
            manifest_path.write_bytes(manifest.file.read(limit))
        try:
            plan = plan_import(db, [folder], manifest=manifest_path, lan=lan.strip() or None)
            summary = run_import(db, plan, actor=user["name"])
        except StoreError as err:
            raise HTTPException(400, str(err)) from err
    return {"imported": summary.imported, "unchanged": summary.unchanged, "rescored": summary.rescored,
            "failed": [{"file": name, "reason": reason} for name, reason in summary.failed]}


def upload_name(filename: str, number: int) -> str:
    """The upload's base name, never a path: "..", "." or "/" would name the folder itself."""
    name = Path(filename.replace("\\", "/")).name
    return name if name not in ("", ".", "..") else f"fil-{number}"


@router.get("/import", response_class=HTMLResponse, include_in_schema=False)
def import_form(request: Request):
    with database(request) as db:
        require_role(request, db)
    return render(request, "import.html", {})


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
        summary = import_files(request, files, manifest, lan)
    except HTTPException as err:
        if err.status_code in (401, 403):
            raise
        return render(request, "import.html", {"error": err.detail}, err.status_code)
    return render(request, "import.html", {"summary": summary})


@router.post("/api/import", tags=["import"])
def api_import(
    request: Request,
    files: list[UploadFile] = File(..., description="Dokumentfilerna (PDF, DOCX, text)."),
    manifest: UploadFile | None = File(None, description="Manifest (YAML) där ”file” är filnamnet."),
    lan: str = Form("", description="Län för kommuner som inte finns i kommunregistret."),
) -> dict:
    """Importera, granska och spara dokument. Kräver inloggning som granskare eller admin och X-CSRF-Token."""
    verify_csrf(request, None)
    return import_files(request, files, manifest, lan)
