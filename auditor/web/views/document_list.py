"""The document list with search and filters, and the län's inventory and scores to download (CSV, XLSX)."""

from __future__ import annotations

import io
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from auditor.labels import DOC_TYPES
from auditor.store.document_list import DocumentFilter, find_documents
from auditor.store.documents import period_label
from auditor.store.export import csv_bytes, lan_tables, write_xlsx
from auditor.store.overview import lan_names
from auditor.store.sql import StoreError
from auditor.web.access import current_user, database, require_reader
from auditor.web.templating import render
from auditor.web.views.overview import not_found

router = APIRouter()
REVIEWED = {"": None, "ja": True, "nej": False}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter(q: str, kommun: str, lan: str, typ: str, ar: str, minst: str, hogst: str, granskad: str) -> DocumentFilter:
    """The form's fields as a filter; a malformed number is a Swedish 400."""
    def number(value: str, name: str) -> int | None:
        try:
            return int(value) if value.strip() else None
        except ValueError:
            raise HTTPException(400, f"{name} måste vara ett heltal.") from None

    if typ and typ not in DOC_TYPES:
        raise HTTPException(400, f"Okänd dokumenttyp ”{typ}”.")
    if granskad not in REVIEWED:
        raise HTTPException(400, "Granskad måste vara ja, nej eller tomt.")
    return DocumentFilter(text=q, kommun=kommun.strip(), lan=lan.strip(), doc_type=typ, year=number(ar, "Året"),
                          min_percent=number(minst, "Lägsta andel"), max_percent=number(hogst, "Högsta andel"),
                          reviewed=REVIEWED[granskad])


def list_data(request: Request, wanted: DocumentFilter) -> list[dict]:
    require_reader(request)
    with database(request) as db:
        return find_documents(db, wanted)


@router.get("/dokument", response_class=HTMLResponse, include_in_schema=False)
def document_list(request: Request, q: str = "", kommun: str = "", lan: str = "", typ: str = "", ar: str = "",
                  minst: str = "", hogst: str = "", granskad: str = ""):
    error: str | None = None
    try:
        wanted = _filter(q, kommun, lan, typ, ar, minst, hogst, granskad)
    except HTTPException as err:
        wanted, error = DocumentFilter(), err.detail
    documents = list_data(request, wanted)
    with database(request) as db:
        lans = [row["name"] for row in lan_names(db) if row["documents"]]
    for document in documents:
        document["period"] = period_label(document)
    return render(request, "document_list.html", {
        "documents": documents, "form": {"q": q, "kommun": kommun, "lan": lan, "typ": typ, "ar": ar, "minst": minst,
                                         "hogst": hogst, "granskad": granskad},
        "error": error, "lans": lans}, 400 if error else 200)


@router.get("/api/documents", tags=["dokument"])
def api_document_list(request: Request, q: str = "", kommun: str = "", lan: str = "", typ: str = "", ar: str = "",
                      minst: str = "", hogst: str = "", granskad: str = "") -> list[dict]:
    """Publicerade dokument som matchar sökningen (titel eller filnamn) och filtren: kommun, län, typ, år inom
    perioden, andel av maxpoängen (minst/hogst, procent) och granskad (ja/nej)."""
    keys = ("id", "file_name", "title", "kommun", "lan", "doc_type", "period_from", "period_to", "version_label",
            "total", "max_total", "percent", "reviewed")
    return [{key: row[key] for key in keys}
            for row in list_data(request, _filter(q, kommun, lan, typ, ar, minst, hogst, granskad))]


def _lan_tables(request: Request, lan: str) -> dict:
    require_reader(request)
    with database(request) as db:
        try:
            return lan_tables(db, lan, reviewers=current_user(request) is not None)
        except StoreError as err:
            raise not_found(err) from err


def _attachment(content: bytes, media_type: str, name: str) -> Response:
    ascii_name = name.encode("ascii", "replace").decode()
    return Response(content, media_type=media_type, headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"})


@router.get("/export/{lan}/{table}.csv", tags=["export"])
def lan_csv(request: Request, lan: str, table: Literal["inventering", "poang"]) -> Response:
    """Länets inventering (en rad per kommun) eller poängen per dokument och punkt, som CSV (UTF-8).
    Granskarnas namn och kommentarer ingår bara för inloggade."""
    tables = _lan_tables(request, lan)
    return _attachment(csv_bytes(tables["poäng" if table == "poang" else table]), "text/csv; charset=utf-8",
                       f"{table}-{lan}.csv")


@router.get("/export/{lan}.xlsx", tags=["export"])
def lan_xlsx(request: Request, lan: str) -> Response:
    """Länets inventering och poängen per dokument och punkt som en Excel-arbetsbok med två blad."""
    stream = io.BytesIO()
    write_xlsx(_lan_tables(request, lan), stream)
    return _attachment(stream.getvalue(), XLSX, f"granskaren-{lan}.xlsx")
