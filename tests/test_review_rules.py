"""Reviews as a reviewer makes them: a changed score needs a reason, the item's missing text and advice
follow the reviewed level (in the page and the report), and the confirmation is shown at the item."""

from __future__ import annotations

import html
import re

import pytest
from web_support import api_login, document_ids, form_token, log_in

from auditor.reports.model import kommun_report
from auditor.store.db import open_db
from auditor.store.reviews import add_review
from auditor.store.sql import StoreError


def _item(page: str, item_id: str) -> str:
    return re.search(rf'<article class="item" id="punkt-{item_id}".*?</article>', page, re.S).group()


def test_a_changed_score_needs_a_reason_a_confirmation_does_not(fresh_db_path):
    db = open_db(fresh_db_path)
    doc_id = document_ids(fresh_db_path)["lund_2019.txt"]
    current = db.execute("SELECT score FROM current_score WHERE document_id = ? AND item_id = 'R1'", [doc_id]).fetchone()[0]
    with pytest.raises(StoreError, match="Skriv en motivering när du ändrar poängen för R1"):
        add_review(db, doc_id, reviewer="anna", item_id="R1", score=(current + 1) % 3, comment="  ")
    assert add_review(db, doc_id, reviewer="anna", item_id="R1", score=current)  # confirmed as it stands
    assert db.execute("SELECT count(*) FROM review").fetchone()[0] == 1
    # accepting a kommun's genmäle takes its reason: the new score needs no comment of its own
    reply = add_review(db, doc_id, reviewer="Lunds kommun", item_id="R1", kind="genmäle", comment="Se s. 4.")
    assert add_review(db, doc_id, reviewer="anna", item_id="R1", score=(current + 1) % 3, answers=reply)


def test_the_form_keeps_the_reviewers_input_and_says_why_in_swedish(writable_client, fresh_db_path):
    doc_id = document_ids(fresh_db_path)["lund_2019.txt"]
    log_in(writable_client)
    page = writable_client.get(f"/dokument/{doc_id}").text
    refused = writable_client.post(f"/dokument/{doc_id}/granskning", data={
        "csrf_token": form_token(page), "item_id": "U1", "kind": "granskning", "score": "2", "comment": ""})
    assert refused.status_code == 400
    item = _item(refused.text, "U1")
    assert '<p class="alert error" role="alert" id="fel-U1">Skriv en motivering' in item
    assert '<option value="2" selected>' in item and '<details class="review-form" open>' in item
    api = writable_client.post(f"/api/documents/{doc_id}/reviews", json={"item_id": "U1", "score": 2},
                               headers={"X-CSRF-Token": api_login(writable_client).json()["csrf_token"]})
    assert api.status_code == 400 and "motivering" in api.json()["detail"]


def test_the_missing_text_and_advice_follow_the_reviewed_level(writable_client, fresh_db_path):
    doc_id = document_ids(fresh_db_path)["lund_2019.txt"]  # the baseline: its causes item O1 is missing
    before = _item(writable_client.get(f"/dokument/{doc_id}").text, "O1")
    assert "<h4>Saknas</h4>" in before and "Råd:" in before
    log_in(writable_client)
    token = form_token(writable_client.get(f"/dokument/{doc_id}").text)
    saved = writable_client.post(f"/dokument/{doc_id}/granskning", data={
        "csrf_token": token, "item_id": "O1", "score": "2", "comment": "Orsakerna står i bilagan."},
        follow_redirects=False)
    assert saved.headers["location"] == f"/dokument/{doc_id}?sparad=O1#sparad-O1"
    page = writable_client.get(saved.headers["location"]).text
    raised = _item(page, "O1")
    assert "<h4>Saknas</h4>" not in raised and "Råd:" not in raised
    assert 'id="sparad-O1" tabindex="-1">Granskningen av O1 är sparad.' in raised
    assert "Granskningen är sparad." not in page  # not at the top, out of view
    writable_client.post(f"/dokument/{doc_id}/granskning", data={
        "csrf_token": token, "item_id": "O1", "score": "1", "comment": "Bara delvis."})
    partly = _item(writable_client.get(f"/dokument/{doc_id}").text, "O1")
    assert "<h4>Saknas</h4>" in partly and "Råd:" in partly and before != partly  # the level-1 text
    db = open_db(fresh_db_path, migrate=False)
    report_item = next(i for s in kommun_report(db, "Lund", reviewers=True).sections for i in s.items
                       if i.id == "O1")
    baseline = report_item.versions[0]  # the report's baseline column is this document
    assert baseline.score == 1 and baseline.missing and html.escape(baseline.missing[0]) in partly
