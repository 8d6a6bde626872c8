"""Which documents are compared: only one kommun's documents of one type; baseline and revised as labelled,
else by period with that choice shown and changeable by a reviewer."""

from __future__ import annotations

import sqlite3

from web_support import agreement_text, document_ids, form_token, log_in, store_text

from auditor.store.db import open_db


def test_only_documents_of_one_kommun_and_type_compare(writable_client, fresh_db_path):
    ids = document_ids(fresh_db_path)
    other_kommun = writable_client.get(f"/jamfor/{ids['lund_2019.txt']}/{ids['ystad_2022.txt']}")
    assert other_kommun.status_code == 400 and "Bara dokument från samma kommun kan jämföras" in other_kommun.text
    api = writable_client.get(f"/api/compare/{ids['lund_2019.txt']}/{ids['ystad_2022.txt']}")
    assert api.status_code == 400 and "samma kommun" in api.json()["detail"]
    with sqlite3.connect(fresh_db_path) as conn:
        conn.execute("UPDATE document SET doc_type = 'medborgarlofte' WHERE id = ?", [ids["lund_2019.txt"]])
    other_type = writable_client.get(f"/jamfor/{ids['lund_2019.txt']}/{ids['lund_2022.txt']}")
    assert other_type.status_code == 400 and "Bara dokument av samma typ kan jämföras" in other_type.text
    assert writable_client.get(f"/jamfor/{ids['lund_2022.txt']}/{ids['lund_2022.txt']}").status_code == 400


def test_labelled_versions_say_baseline_and_revised(writable_client, fresh_db_path):
    page = writable_client.get("/kommun/Lund").text
    assert "<h3>Baslinje → reviderad:" in page and "jämförs efter period" not in page
    ids = document_ids(fresh_db_path)
    compare = writable_client.get(f"/jamfor/{ids['lund_2019.txt']}/{ids['lund_2022.txt']}").text
    assert "Baslinje: <a" in compare and "det äldre jämförs med det nyare" not in compare


def test_unlabelled_documents_are_compared_by_period_and_a_reviewer_can_choose(writable_client, fresh_db_path):
    db = open_db(fresh_db_path)
    old = store_text(db, "osby_2019.txt", agreement_text("Osby", 2019, revised=True), kommun="Osby", version=None,
                     period="2019-2021")
    new = store_text(db, "osby_2022.txt", agreement_text("Osby", 2022, revised=False), kommun="Osby", version=None,
                     period="2022-2024")
    db.conn.close()
    page = writable_client.get("/kommun/Osby").text
    assert "Baslinje → reviderad" not in page and "<h3>Äldsta → senaste: försämrad</h3>" in page
    assert "jämförs efter period" in page and "ej angiven" in page
    assert "Ange versionerna" not in page  # anonymous visitors cannot change it
    compare = writable_client.get(f"/jamfor/{old}/{new}").text
    assert "Äldre: <a" in compare and "det äldre jämförs med det nyare efter period" in compare

    log_in(writable_client)
    page = writable_client.get("/kommun/Osby").text
    assert "Ange versionerna" in page
    chosen = writable_client.post("/kommun/Osby/versioner", data={
        "csrf_token": form_token(page), "doc_type": "samverkansoverenskommelse", "baslinje": new, "reviderad": old})
    assert chosen.status_code == 200 and "Versionerna är angivna" in chosen.text
    assert "<h3>Baslinje → reviderad: förbättrad" in chosen.text and "jämförs efter period" not in chosen.text
    with sqlite3.connect(fresh_db_path) as conn:
        assert conn.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone()[0] == "para"
    refused = writable_client.post("/kommun/Osby/versioner", data={
        "csrf_token": form_token(page), "doc_type": "samverkansoverenskommelse", "baslinje": new,
        "reviderad": document_ids(fresh_db_path)["lund_2022.txt"]})
    assert refused.status_code == 400 and "hör inte till Osby" in refused.text
