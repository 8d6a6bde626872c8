"""Kvalitetsrapporter per kommun and per län, as HTML, DOCX or PDF.

`model` gathers the figures from the store; `html`, `docx` and `pdf` render them. `build_report` is the one
entry point the CLI and the web routes share (format, content type, file name). `result` writes one
AuditResult for the terminal (`auditor score`, `auditor explain`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import sqlite_utils

from auditor.document import fold
from auditor.reports import model

FORMATS = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class RenderedReport:
    content: bytes
    media_type: str
    file_name: str  # e.g. "kvalitetsrapport-akerby.pdf"


def build_report(db: sqlite_utils.Database, *, kommun: str | None = None, lan: str | None = None,
                 fmt: str = "html", reviewers: bool = True) -> RenderedReport:
    """The report of one kommun or one län; raises StoreError (Swedish) for unknown names or nothing to show.
    Without `reviewers` the report names no reviewer and quotes no review comment (anonymous readers)."""
    from auditor.reports import docx, html  # matplotlib and WeasyPrint load only when a report is built
    from auditor.reports.pdf import html_to_pdf

    if (kommun is None) == (lan is None):
        raise ValueError("give exactly one of kommun and lan")
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    render_html: Callable[[], str]
    render_docx: Callable[[], bytes]
    if kommun is not None:
        kommun_report = model.kommun_report(db, kommun, reviewers=reviewers)
        name = kommun_report.kommun
        render_html = partial(html.render_kommun, kommun_report)
        render_docx = partial(docx.render_kommun, kommun_report)
    else:
        assert lan is not None  # exactly one of the two is given
        lan_report = model.lan_report(db, lan)
        name = lan_report.lan
        render_html = partial(html.render_lan, lan_report)
        render_docx = partial(docx.render_lan, lan_report)
    if fmt == "docx":
        content = render_docx()
    else:
        page = render_html()
        content = html_to_pdf(page) if fmt == "pdf" else page.encode("utf-8")
    return RenderedReport(content, FORMATS[fmt], f"kvalitetsrapport-{_slug(name)}.{fmt}")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
