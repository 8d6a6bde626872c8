"""Correcting a stored document's details in the web, its history, the re-scoring it causes, deletion by an
admin after a confirmation; and the detected details (period, title) the corrections start from."""

from __future__ import annotations

import json
import re
import sqlite3

from fastapi.testclient import TestClient
from web_support import agreement_text, api_login, document_ids, form_token, log_in, make_app

from auditor.analysis.metadata import extract
from auditor.engine.scoring import score_document
from auditor.parsers import parse_bytes
from auditor.store.db import open_db
from auditor.store.documents import StoredFile, get_document, period_label, store_scored_document

REPLACING = ("Samverkansöverenskommelse mellan Norrtuna kommun och lokalpolisområde Norrtuna\n\n"
             "Avtalet ersätter överenskommelsen från 2018 och gäller tills vidare. Parterna ska minska "
             "bostadsinbrotten.\n")


def test_a_replaced_earlier_period_is_not_the_documents_period(tmp_path):
    data = REPLACING.encode()
    result = score_document(parse_bytes(data, "norrtuna.txt"))
    assert "2018" not in (result.document.period["text"] or "") and result.document.period["from"] is None
    db = open_db(tmp_path / "a.db")
    document_id = store_scored_document(db, StoredFile("x" * 64, "norrtuna.txt", data), result, actor="test")
    document = get_document(db, document_id)
    assert (document["period_from"], document["period_to"]) == (None, None)
    # a stated start with "tills vidare" keeps its start and no end
    open_ended = extract(parse_bytes("Avtal om samverkan\n\nAvtalet gäller från 2020 och gäller tills vidare.\n".encode(),
                                     "b.txt"))
    assert open_ended.period["text"] == "från 2020 och gäller tills vidare"
    assert period_label({"period_from": 2020, "period_to": None, "document_date": None}) == "från 2020, tills vidare"


def test_a_pdf_title_property_that_names_no_one_is_not_the_title():
    from fpdf import FPDF

    for meta_title in ("(anonymous)", "untitled", "", "Untitled"):
        pdf = FPDF()
        pdf.add_font("DejaVu", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
        pdf.set_font("DejaVu", size=14)
        pdf.set_title(meta_title)
        pdf.add_page()
        pdf.multi_cell(0, 8, "Medborgarlöfte för Lunds kommun 2024", new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 8, "Polisen och kommunen lovar att minska otryggheten i centrum.")
        meta = extract(parse_bytes(bytes(pdf.output()), "lofte.pdf"))
        assert meta.title.startswith("Medborgarlöfte för Lunds kommun 2024"), meta_title  # the text's, not the property's
        assert meta.sources["title"] != "filens egenskaper"


def _audit_rows(path) -> list[tuple[str, dict]]:
    with sqlite3.connect(path) as conn:
        return [(action, json.loads(details)) for action, details in
                conn.execute("SELECT action, details_json FROM audit_log WHERE table_name = 'document' ORDER BY id")]


def test_a_granskare_corrects_the_details_and_the_page_says_who(writable_client, fresh_db_path):
    doc_id = document_ids(fresh_db_path)["ystad_2022.txt"]
    page = writable_client.get(f"/dokument/{doc_id}").text
    assert "från manifestet" in page and "Ändra uppgifter" not in page  # anonymous: sources, no editing
    assert writable_client.get(f"/dokument/{doc_id}/andra", follow_redirects=False).status_code == 303
    log_in(writable_client)
    form = writable_client.get(f"/dokument/{doc_id}/andra")
    assert form.status_code == 200 and 'value="Ystad"' in form.text
    body = {"csrf_token": form_token(form.text), "kommun": "Lund", "doc_type": "samverkansoverenskommelse",
            "version": "baseline", "period": "2020–2022", "title": "Samverkan i Lund"}
    saved = writable_client.post(f"/dokument/{doc_id}/andra", data=body, follow_redirects=False)
    assert saved.status_code == 303
    page = writable_client.get(saved.headers["location"]).text
    assert "Uppgifterna är ändrade" in page and "<h1>Samverkan i Lund</h1>" in page
    for label, value in (("Kommun", "Lund, Skåne län"), ("Version", "baslinje"), ("Period", "2020–2022")):
        assert re.search(rf"<dt>{label}</dt><dd>{value} <span class=\"source\">\(ändrad av granskare1 ", page), label
    document = get_document(open_db(fresh_db_path, migrate=False), doc_id)
    assert (document["kommun"], document["version_label"], document["period_from"], document["period_to"]) == (
        "Lund", "baseline", 2020, 2022)
    action, details = _audit_rows(fresh_db_path)[-1]
    assert action == "ändra uppgifter" and details["kommun"] == ["Ystad", "Lund"]
    assert details["version"] == [None, "baseline"] and "doc_type" not in details
    runs = sqlite3.connect(fresh_db_path).execute("SELECT count(*) FROM scoring_run WHERE document_id = ?",
                                                  [doc_id]).fetchone()[0]
    assert runs == 1  # nothing the scores read changed


def test_a_changed_type_rescores_and_bad_values_are_refused_in_swedish(writable_client, fresh_db_path):
    doc_id = document_ids(fresh_db_path)["lund_2022.txt"]
    log_in(writable_client)
    token = form_token(writable_client.get(f"/dokument/{doc_id}/andra").text)
    body = {"csrf_token": token, "kommun": "Lund", "doc_type": "samverkansoverenskommelse", "version": "revised",
            "period": "2022-2024", "title": ""}
    for field, value, message in (("kommun", "Gotham", "finns inte i kommunregistret"),
                                  ("period", "snart", "ett eller två årtal"), ("doc_type", "roman", "Okänd dokumenttyp")):
        refused = writable_client.post(f"/dokument/{doc_id}/andra", data=body | {field: value})
        assert refused.status_code == 400 and message in refused.text
        assert field == "doc_type" or f'value="{value}"' in refused.text  # what was typed is kept
    before = writable_client.get(f"/api/documents/{doc_id}").json()["result"]
    assert before["max_total"] == 34
    writable_client.post(f"/dokument/{doc_id}/andra", data=body | {"doc_type": "medborgarlofte"})
    after = writable_client.get(f"/api/documents/{doc_id}").json()
    assert after["result"]["max_total"] == 30  # A2 and A3 do not apply to a löfte
    assert {item["id"] for item in after["result"]["items"] if not item["applicable"]} == {"A2", "A3"}
    assert after["document"]["doc_type"] == "medborgarlofte"
    with sqlite3.connect(fresh_db_path) as conn:
        assert conn.execute("SELECT count(*) FROM scoring_run WHERE document_id = ?", [doc_id]).fetchone()[0] == 2
    assert "Medborgarlöfte <span class=\"source\">(ändrad av granskare1" in writable_client.get(f"/dokument/{doc_id}").text


def test_only_an_admin_deletes_and_only_after_confirming(writable_client, fresh_db_path):
    ids = document_ids(fresh_db_path)
    doc_id = ids["lund_2019.txt"]
    log_in(writable_client)
    assert writable_client.get(f"/dokument/{doc_id}/radera").status_code == 403
    assert "Radera dokumentet" not in writable_client.get(f"/dokument/{doc_id}").text
    writable_client.post("/logga-ut", data={"csrf_token": form_token(writable_client.get("/lan").text)})
    log_in(writable_client, "admin1")
    confirm = writable_client.get(f"/dokument/{doc_id}/radera")
    assert confirm.status_code == 200 and "Det går inte att ångra" in confirm.text
    token = form_token(confirm.text)
    assert writable_client.post(f"/dokument/{doc_id}/radera", data={"csrf_token": token}).status_code == 400
    assert doc_id in document_ids(fresh_db_path).values()
    done = writable_client.post(f"/dokument/{doc_id}/radera", data={"csrf_token": token, "bekrafta": "ja"},
                                follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/kommun/Lund")
    assert "lund_2019.txt" not in document_ids(fresh_db_path)
    assert writable_client.get(f"/dokument/{doc_id}").status_code == 404
    with sqlite3.connect(fresh_db_path) as conn:
        tables = {t: conn.execute(f"SELECT count(*) FROM {t} WHERE run_id NOT IN (SELECT id FROM scoring_run)").fetchone()[0]
                  for t in ("item_score", "evidence", "goal")}
        assert tables == {"item_score": 0, "evidence": 0, "goal": 0}
        assert conn.execute("SELECT count(*) FROM file_blob").fetchone()[0] == len(ids) - 1
    action, details = _audit_rows(fresh_db_path)[-1]
    assert action == "radera" and details["fil"] == "lund_2019.txt"


def test_imported_details_say_where_they_were_found(fresh_db_path):
    text = agreement_text("Osby", 2023, revised=True)
    with TestClient(make_app(fresh_db_path)) as client:
        token = api_login(client, "granskare1").json()["csrf_token"]
        client.post("/api/import", files=[("files", ("osby.txt", text.encode(), "text/plain"))],
                    headers={"X-CSRF-Token": token})
        page = client.get(f"/dokument/{document_ids(fresh_db_path)['osby.txt']}").text
    assert re.search(r"<dt>Kommun</dt><dd>Osby, Skåne län <span class=\"source\">\(från titeln\)", page)
    assert re.search(r"<dt>Period</dt><dd>[^<]*2023[^<]*<span class=\"source\">\(från (titeln|första sidan)\)", page)
    assert re.search(r"<dt>Dokumenttyp</dt><dd>Samverkansöverenskommelse <span class=\"source\">\(bedömd från texten\)", page)
