"""Notifications inside the service: a review tells the document's kommun, a genmäle tells the staff, an
answer tells the kommun, a new round tells every kommun account; each sees only their own; the header shows
the unread count until the list is opened."""

from __future__ import annotations

import re
from datetime import date, timedelta

from dialogue_support import db_rows, submit_form


def unread(client) -> int:
    badge = re.search(r'class="badge">(\d+)<', client.get("/sjalvtest").text)
    return int(badge.group(1)) if badge else 0


def test_reviews_replies_answers_and_rounds_notify_the_right_accounts(clients, dialogue_path):
    lund, ystad, granskare, admin = (clients[r] for r in ("kommun_egen", "kommun_annan", "granskare", "admin"))
    lund_doc = db_rows(dialogue_path, "SELECT id FROM document WHERE file_name = 'lund_2022.txt'")[0]["id"]
    assert [unread(c) for c in (lund, ystad, granskare, admin)] == [0, 0, 0, 0]

    submit_form(granskare, "/sjalvtest", f"/dokument/{lund_doc}/granskning", {"item_id": "O1", "comment": "Oklart."})
    assert [unread(c) for c in (lund, ystad, granskare, admin)] == [1, 0, 0, 0]
    listing = lund.get("/notiser").text
    assert "Ny granskning om punkt O1" in listing and f'href="/dokument/{lund_doc}#punkt-O1"' in listing
    assert unread(lund) == 0 and "Ny granskning om punkt O1" in lund.get("/notiser").text  # read, still listed

    submit_form(lund, "/sjalvtest", f"/dokument/{lund_doc}/genmale", {"item_id": "O1", "comment": "Se s. 2."})
    assert [unread(c) for c in (lund, ystad, granskare, admin)] == [0, 0, 1, 1]
    assert "Genmäle från Lund om punkt O1" in granskare.get("/notiser").text
    reply = db_rows(dialogue_path, "SELECT id FROM review WHERE kind = 'genmäle'")[0]["id"]
    submit_form(granskare, "/sjalvtest", f"/genmale/{reply}/svar", {"utfall": "godtaget", "score": "2"})
    assert unread(lund) == 1 and "Svar på ert genmäle om punkt O1" in lund.get("/notiser").text

    publish = (date.today() + timedelta(days=10)).isoformat()
    submit_form(admin, "/omgangar", "/omgangar", {"name": "Inventering 2026", "publiceras": publish})
    assert [unread(c) for c in (lund, ystad)] == [1, 1]
    assert "”Inventering 2026” har öppnats" in ystad.get("/notiser").text
    assert "O1" not in ystad.get("/notiser").text  # nothing of Lund's dialogue
    assert clients["anonym"].get("/notiser", follow_redirects=False).status_code == 303


def test_reviews_of_a_draft_notify_nobody(clients, dialogue_path):
    saved = submit_form(clients["admin"], "/sjalvtest", "/sjalvtest",
                        {"text": "Samverkansöverenskommelse för Lund kommun.", "spara": "true"})
    draft = int(re.search(r'href="/dokument/(\d+)"', saved.text.split("sparat som utkast")[1]).group(1))
    assert db_rows(dialogue_path, "SELECT kommun FROM document_overview WHERE id = ?", [draft]) == [{"kommun": "Lund"}]
    submit_form(clients["admin"], "/sjalvtest", f"/dokument/{draft}/granskning", {"item_id": "R1", "comment": "x"})
    assert db_rows(dialogue_path, "SELECT count(*) AS n FROM notification") == [{"n": 0}]
