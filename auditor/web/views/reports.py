"""Kvalitetsrapporter to download: /rapport/kommun/{name}.{format} and /rapport/lan/{name}.{format}."""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from auditor.reports import build_report
from auditor.store.places import require_kommun
from auditor.store.sql import StoreError
from auditor.web.access import current_user, database, require_reader
from auditor.web.permissions import is_staff, of_kommun
from auditor.web.views.overview import not_found

router = APIRouter()
Format = Literal["html", "docx", "pdf"]
# The HTML report carries its CSS inline and its charts as data URIs, and has no scripts.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


def _download(request: Request, *, kommun: str | None = None, lan: str | None = None, fmt: str) -> Response:
    require_reader(request)
    with database(request) as db:
        user = current_user(request, db)
        try:
            # reviewers' names and comments: for staff, and for the kommun's own accounts in its report
            place = require_kommun(db, kommun) if kommun is not None else None
            reviewers = is_staff(user) or (place is not None and of_kommun(user, place["id"]))
            report = build_report(db, kommun=kommun, lan=lan, fmt=fmt, reviewers=reviewers)
        except StoreError as err:
            raise not_found(err) from err
    disposition = "inline" if fmt == "html" else "attachment"  # the HTML report opens in the browser
    return Response(report.content, media_type=report.media_type, headers={
        "Content-Disposition": f"{disposition}; filename=\"{report.file_name}\"; filename*=UTF-8''{quote(report.file_name)}",
        "Content-Security-Policy": REPORT_CSP,
    })


@router.get("/rapport/kommun/{name:path}.{fmt}", tags=["rapporter"])
def kommun_report(request: Request, name: str, fmt: Format) -> Response:
    """Kvalitetsrapport för en kommun (baslinje → reviderad, punkt för punkt) som HTML, Word eller PDF."""
    return _download(request, kommun=name, fmt=fmt)


@router.get("/rapport/lan/{name:path}.{fmt}", tags=["rapporter"])
def lan_report(request: Request, name: str, fmt: Format) -> Response:
    """Kvalitetsrapport för ett län (inventering, värmekarta, fördelning, stödbehov) som HTML, Word eller PDF."""
    return _download(request, lan=name, fmt=fmt)
