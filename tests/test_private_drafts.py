"""Saved self-check drafts are private: listed, compared and deleted by their owner; admins see them all;
nobody else, not even staff, can read them; drafts saved before owners were recorded stay private."""

from __future__ import annotations

import re

from dialogue_support import db_rows, submit_form
from web_support import agreement_text

from auditor.store.audit_log import log_change
from auditor.store.db import open_db
from auditor.store.migrations import migrate
from auditor.store.sql import insert, now, transaction


def save_draft(client, text: str) -> int:
    saved = submit_form(client, "/sjalvtest", "/sjalvtest", {"text": text, "spara": "true"})
    assert saved.status_code == 200 and "sparat som utkast" in saved.text
    return int(re.search(r'href="/dokument/(\d+)"', saved.text.split("sparat som utkast")[1]).group(1))


def test_drafts_are_listed_compared_and_deleted_by_their_owner_only(clients, dialogue_path):
    lund1 = clients["kommun_egen"]
    first = save_draft(lund1, agreement_text("Lund", 2026, revised=False))
    second = save_draft(lund1, agreement_text("Lund", 2026, revised=True))
    mine = lund1.get("/utkast").text
    assert f"/dokument/{first}" in mine and f"/dokument/{second}" in mine
    for role in ("kommun_annan", "granskare"):
        assert f"/dokument/{first}" not in clients[role].get("/utkast").text
    everyone = clients["admin"].get("/utkast").text
    assert f"/dokument/{first}" in everyone and "lund1" in everyone

    for role, status in (("anonym", 404), ("kommun_annan", 404), ("granskare", 404), ("kommun_egen", 200),
                         ("admin", 200)):
        for url in (f"/dokument/{first}", f"/dokument/{first}/fil", f"/api/documents/{first}",
                    f"/api/documents/{first}/reviews", f"/jamfor/{first}/{second}", f"/api/compare/{first}/{second}"):
            assert clients[role].get(url).status_code == status, (role, url)

    assert "Skriv genmäle" not in lund1.get(f"/dokument/{first}").text  # a draft is not assessed
    no_reply = submit_form(lund1, "/utkast", f"/dokument/{first}/genmale", {"item_id": "M2", "comment": "x"})
    assert no_reply.status_code == 400 and "får inga genmälen" in no_reply.text
    compared = lund1.get("/utkast/jamfor", params={"a": first, "b": second})
    assert compared.status_code == 200 and str(compared.url).endswith(f"/jamfor/{first}/{second}")
    assert "Orsaksanalys" in compared.text  # the revised draft adds causes: a changed item is listed
    assert lund1.get("/utkast/jamfor", params={"a": first, "b": first}).status_code == 400

    assert submit_form(clients["kommun_annan"], "/utkast", f"/utkast/{first}/radera", {}).status_code == 404
    assert submit_form(clients["granskare"], "/utkast", f"/utkast/{first}/radera", {}).status_code == 404
    assert submit_form(lund1, "/utkast", "/utkast/1/radera", {}).status_code == 404  # a published document
    deleted = submit_form(lund1, "/utkast", f"/utkast/{first}/radera", {})
    assert deleted.status_code == 303
    assert db_rows(dialogue_path, "SELECT id FROM document WHERE id = ?", [first]) == []
    assert db_rows(dialogue_path, "SELECT id FROM scoring_run WHERE document_id = ?", [first]) == []
    assert len(db_rows(dialogue_path, "SELECT sha256 FROM file_blob")) == len(
        db_rows(dialogue_path, "SELECT DISTINCT sha256 FROM document"))
    assert lund1.get(f"/dokument/{first}").status_code == 404
    assert submit_form(clients["admin"], "/utkast", f"/utkast/{second}/radera", {}).status_code == 303


def test_drafts_saved_before_owners_were_recorded_stay_private(tmp_path):
    db = open_db(tmp_path / "old.db", migrate=False)
    migrate(db, upto="0010_kommun_accounts")
    with transaction(db):  # the account table as it was then
        db.execute("INSERT INTO web_user (name, role, password_hash, created_at) VALUES ('granskare1', "
                   "'granskare', 'hash', ?)", [now()])
        for number, actor in enumerate(("granskare1", "borttagen"), 1):
            insert(db, "file_blob", {"sha256": f"sha{number}", "size": 1, "content": b"x"})
            document_id = insert(db, "document", {
                "sha256": f"sha{number}", "file_name": f"utkast{number}.txt", "format": "txt",
                "doc_type": "samverkansoverenskommelse", "doc_type_source": "automatisk", "is_draft": 1,
                "imported_at": now()})
            log_change(db, actor, "importera", "document", document_id, {"fil": f"utkast{number}.txt"})
    migrate(db)
    owners = {row["file_name"]: row["owner_id"] for row in db.query("SELECT file_name, owner_id FROM document")}
    assert owners == {"utkast1.txt": 1, "utkast2.txt": None}  # the second: admins only
