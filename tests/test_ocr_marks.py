"""Quotes read by OCR are marked as such on the self-check result, the document page and in the reports."""

from __future__ import annotations

import hashlib
import re

import pytest
from fastapi.testclient import TestClient
from web_support import LAN, agreement_text, form_token, make_app, small_pdf

from auditor.engine.scoring import score_document
from auditor.parsers import parse
from auditor.reports import build_report
from auditor.store.db import open_db
from auditor.store.documents import StoredFile, store_scored_document
from auditor.store.manifest import ManifestEntry

NOTE = "OCR-läst, kan innehålla fel"


@pytest.mark.slow
def test_ocr_quotes_are_marked_and_text_layer_quotes_are_not(rendered, fresh_db_path):
    scan = rendered("scan")
    data = scan.read_bytes()
    result = score_document(parse(scan), doc_type="samverkansoverenskommelse")
    assert result.document.ocr_pages == [1, 2, 3]
    db = open_db(fresh_db_path)
    entry = ManifestEntry(None, scan, "Osby", LAN, "samverkansoverenskommelse", None, "2023-2025", None)
    doc_id = store_scored_document(db, StoredFile(hashlib.sha256(data).hexdigest(), "skannad.pdf", data), result,
                                   entry=entry, actor="test")
    with TestClient(make_app(fresh_db_path)) as client:
        page = client.get(f"/dokument/{doc_id}").text
        quotes = page.count("<blockquote>")
        assert quotes and page.count(f'<p class="ocr-note">{NOTE}') == quotes
        assert f'href="/dokument/{doc_id}/fil#page=1">sidan 1</a>' in page
        lund = client.get("/dokument/2").text  # a text document: no OCR
        assert "<blockquote>" in lund and NOTE not in lund
        draft = client.post("/api/self-check", files={"file": ("utkast.pdf", data, "application/pdf")}).json()
        assert draft["document"]["ocr_pages"] == [1, 2, 3]
        text_pdf = small_pdf(agreement_text("Lund", 2024, revised=True))
        token = form_token(client.get("/sjalvtest").text)
        html = client.post("/sjalvtest", data={"csrf_token": token},
                           files={"file": ("utkast.pdf", text_pdf, "application/pdf")}).text
        assert "<blockquote>" in html and NOTE not in html
    report = build_report(db, kommun="Osby").content.decode()
    assert re.search(rf"<blockquote>”[^<]+” <span class=\"muted\">\(s\. \d; {NOTE}\)</span>", report)
    assert "; OCR" not in build_report(db, kommun="Lund").content.decode()
