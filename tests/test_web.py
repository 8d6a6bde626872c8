"""The web app through FastAPI's TestClient: every page and API route, and their error paths."""

from __future__ import annotations

import re
import sqlite3

import pytest
from docx_support import tracked_draft
from fastapi.testclient import TestClient
from web_support import (
    LAN,
    PASSWORD,
    agreement_text,
    api_login,
    document_ids,
    form_token,
    log_in,
    make_app,
    small_pdf,
    wait_for_job,
)

from auditor.engine.scoring import score_document
from auditor.labels import ITEM_IDS
from auditor.parsers import parse_bytes
from auditor.store.db import open_db
from auditor.store.documents import documents_for_kommun
from auditor.store.overview import heatmap
from auditor.store.places import require_kommun
from auditor.store.versions import choose_versions, version_pair
from auditor.web.settings import Settings

REVISED_TEXT = agreement_text("Lund", 2022, revised=True)


def document_count(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM document").fetchone()[0]


# --- overview -------------------------------------------------------------------------------------


def test_overview_shows_inventory_and_heatmap(client):
    page = client.get("/lan")
    assert page.status_code == 200
    assert "Länsöversikt: Skåne län" in page.text
    assert "Kommuner med dokument" in page.text and "2 av 33" in page.text
    row = re.search(r'<a href="/kommun/Lund">Lund</a></th>(.*?)</tr>', page.text, re.S).group(1)
    assert len(re.findall(r'<td class="cell s[012]"', row)) == 17
    assert '<a href="/kommun/Bjuv">Bjuv</a>' in page.text  # kommuner without documents are listed too


def test_overview_toggles_areas_and_change(client):
    areas = client.get("/lan", params={"visa": "omraden"}).text
    assert ">Orsaksanalys<" in areas and ">O1<" not in areas
    change = client.get("/lan", params={"version": "forandring"}).text
    lund = re.search(r'/kommun/Lund">Lund</a></th>(.*?)</tr>', change, re.S).group(1)
    assert 'class="cell up"' in lund
    ystad = re.search(r'/kommun/Ystad">Ystad</a></th>(.*?)</tr>', change, re.S).group(1)
    assert 'class="cell up"' not in ystad and "–" in ystad  # one document: no change to show


def test_overview_sorts_on_the_server(client):
    page = client.get("/lan", params={"sortera": "total", "ordning": "fallande"}).text
    order = re.findall(r'<th scope="row" data-value="([^"]+)"', page)
    assert set(order[:2]) == {"Lund", "Ystad"}  # the two kommuner with documents first, the rest after
    ascending = re.findall(r'<th scope="row" data-value="([^"]+)"',
                           client.get("/lan", params={"sortera": "total", "ordning": "stigande"}).text)
    assert set(ascending[:2]) == {"Lund", "Ystad"}  # rows without a value stay last either way


def test_overview_filters_and_errors(client):
    assert client.get("/lan", params={"lan": "skåne"}).status_code == 200
    missing = client.get("/lan", params={"lan": "Atlantis län"})
    assert missing.status_code == 404 and "Atlantis" in missing.text
    bad_type = client.get("/lan", params={"typ": "roman"})
    assert bad_type.status_code == 422 and "Ogiltiga" in bad_type.text
    ml = client.get("/lan", params={"typ": "medborgarlofte"}).text
    assert 'class="cell s' not in ml.split("<tbody>")[1]  # no medborgarlöften stored


def test_api_overview(client):
    data = client.get("/api/overview", params={"lan": "Skåne län"}).json()
    assert data["lan"] == LAN and data["inventory"]["kommuner"] == 33
    lund = next(row for row in data["kommuner"] if row["kommun"] == "Lund")
    assert lund["baseline"]["file_name"] == "lund_2019.txt" and lund["latest"]["file_name"] == "lund_2022.txt"
    assert set(lund["latest"]["scores"]) == set(ITEM_IDS)
    assert client.get("/api/overview", params={"doc_type": "x"}).status_code == 422


def test_overview_picks_the_same_versions_as_the_store(seeded_db_path):
    db = open_db(seeded_db_path, migrate=False)
    for row in heatmap(db, LAN, "samverkansoverenskommelse"):
        kommun = require_kommun(db, row["kommun"])
        pair = version_pair(db, kommun["id"], "samverkansoverenskommelse")
        documents = documents_for_kommun(db, kommun["id"], "samverkansoverenskommelse")
        expected_latest = pair[1]["id"] if pair else (documents[-1]["id"] if documents else None)
        assert (row["baseline"] or {}).get("id") == (pair[0]["id"] if pair else None)
        assert (row["latest"] or {}).get("id") == expected_latest


def test_choose_versions_prefers_labels_over_dates():
    docs = [
        {"id": 1, "period_from": 2018, "document_date": None, "version_label": None},
        {"id": 2, "period_from": 2020, "document_date": None, "version_label": "baseline"},
        {"id": 3, "period_from": 2023, "document_date": None, "version_label": None},
    ]
    baseline, latest = choose_versions(docs)
    assert (baseline["id"], latest["id"]) == (2, 3)
    assert choose_versions(docs[:1]) == (None, docs[0])
    assert choose_versions([]) == (None, None)


# --- kommun, document, compare ---------------------------------------------------------------------


def test_kommun_page_has_chart_delta_and_links(client, seeded_db_path):
    ids = document_ids(seeded_db_path)
    page = client.get("/kommun/lund")  # any spelling the store accepts
    assert page.status_code == 200
    assert "<svg" in page.text and 'role="img"' in page.text
    assert "förbättrad" in page.text
    assert f'href="/jamfor/{ids["lund_2019.txt"]}/{ids["lund_2022.txt"]}"' in page.text
    assert f'href="/dokument/{ids["lund_2019.txt"]}"' in page.text
    assert client.get("/kommun/Ingenstans").status_code == 404
    data = client.get("/api/kommun/Lund").json()
    assert data["groups"][0]["comparison"]["total"]["delta"] > 0
    assert client.get("/api/kommun/Ingenstans").json()["detail"].startswith("Kommunen")


def test_document_page_shows_items_evidence_and_highlighted_text(client, seeded_db_path):
    doc_id = document_ids(seeded_db_path)["lund_2022.txt"]
    page = client.get(f"/dokument/{doc_id}")
    assert page.status_code == 200
    for item_id in ITEM_IDS:
        assert f'id="punkt-{item_id}"' in page.text
    links = re.findall(r'href="#(belagg-[A-Z]\d-\d)"', page.text)
    assert links
    for anchor in links:  # every "visa i texten" link has its anchor in the full text
        assert f'id="{anchor}"' in page.text
    assert '<mark class="evidence" data-items="' in page.text
    assert "Målen och SMART" in page.text and "effektmål" in page.text


def test_document_api_and_file(client, seeded_db_path):
    doc_id = document_ids(seeded_db_path)["lund_2022.txt"]
    data = client.get(f"/api/documents/{doc_id}").json()
    assert data["document"]["kommun"] == "Lund"
    assert [item["id"] for item in data["result"]["items"]] == list(ITEM_IDS)
    original = client.get(f"/dokument/{doc_id}/fil")
    assert original.status_code == 200 and original.content == REVISED_TEXT.encode()
    assert client.get("/dokument/9999").status_code == 404
    assert client.get("/api/documents/9999").status_code == 404
    assert client.get("/dokument/abc").status_code == 422
    # beyond SQLite's INTEGER range: a validation error, never an overflow inside the store
    for path, field in (("/api/documents/9223372036854775808", "document_id"),
                        ("/api/compare/1/9223372036854775808", "revised_id")):
        answer = client.get(path)
        assert answer.status_code == 422 and field in answer.json()["detail"]


def test_compare_shows_changed_items_first(client, seeded_db_path):
    ids = document_ids(seeded_db_path)
    data = client.get(f"/api/compare/{ids['lund_2019.txt']}/{ids['lund_2022.txt']}").json()
    deltas = [item["delta"] for item in data["items"]]
    first_unchanged = deltas.index(0)
    assert all(deltas[:first_unchanged]) and not any(deltas[first_unchanged:])
    page = client.get(f"/jamfor/{ids['lund_2019.txt']}/{ids['lund_2022.txt']}")
    assert page.status_code == 200 and data["verdict"] in page.text
    assert client.get(f"/jamfor/{ids['lund_2019.txt']}/9999").status_code == 404


# --- self-check --------------------------------------------------------------------------------------


def selfcheck(client: TestClient, **kwargs):
    token = form_token(client.get("/sjalvtest").text)
    return client.post("/sjalvtest", data={"csrf_token": token, **kwargs.pop("data", {})}, **kwargs)


def test_selfcheck_page_says_nothing_is_stored(client):
    page = client.get("/sjalvtest").text
    assert "Ditt utkast sparas inte" in page and "raderas" in page
    assert 'name="spara"' not in page  # only logged-in staff may store


def test_selfcheck_upload_shows_the_document_view_and_stores_nothing(client, seeded_db_path):
    before = document_count(seeded_db_path)
    page = selfcheck(client, files={"file": ("utkast.txt", REVISED_TEXT.encode(), "text/plain")})
    assert page.status_code == 200
    assert "Resultat: utkast.txt" in page.text and 'id="punkt-U3"' in page.text
    assert "Utkastet har inte sparats" in page.text
    assert document_count(seeded_db_path) == before


def test_selfcheck_pasted_text_and_pdf(client):
    assert 'id="punkt-R1"' in selfcheck(client, data={"text": REVISED_TEXT}).text
    page = selfcheck(client, files={"file": ("utkast.pdf", small_pdf(REVISED_TEXT), "application/pdf")})
    assert page.status_code == 200 and 'id="punkt-M2"' in page.text


def test_selfcheck_of_a_tracked_changes_draft_finds_the_period(client, tmp_path):
    data = tracked_draft(tmp_path / "utkast.docx").read_bytes()
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    page = selfcheck(client, files={"file": ("utkast.docx", data, docx_type)})
    assert page.status_code == 200 and 'id="punkt-R2"' in page.text
    assert "från 1 januari 2025 till 31 december 2027" in page.text
    assert "granskningen gäller texten med ändringarna godkända" in page.text
    result = client.post("/api/self-check", files={"file": ("utkast.docx", data, docx_type)}).json()
    assert result["document"]["period"]["from"] == 2025 and result["document"]["period"]["to"] == 2027
    assert next(item for item in result["items"] if item["id"] == "R2")["score"] == 2


def test_selfcheck_reads_an_rtf_draft(client):
    paragraphs = "".join(
        "\\pard " + "".join(c if ord(c) < 128 else f"\\u{ord(c)}?" for c in paragraph) + "\\par\n"
        for paragraph in REVISED_TEXT.split("\n\n")
    )
    data = ("{\\rtf1\\ansi " + paragraphs + "}").encode("ascii")
    result = client.post("/api/self-check", files={"file": ("utkast.rtf", data, "application/rtf")}).json()
    assert result["document"]["format"] == "rtf"
    assert result["document"]["period"] == {"from": 2022, "to": 2024, "text": "från 1 januari 2022 till 31 december 2024"}
    assert next(item for item in result["items"] if item["id"] == "R2")["score"] == 2


@pytest.mark.parametrize(
    ("content", "name", "status", "message"),
    [
        (b"\x00\x01\x02\xff" * 300, "data.bin", 400, "varken PDF, DOCX"),
        (b"PK\x05\x06" + b"\x00" * 18, "arkiv.zip", 415, "Formatet stöds inte"),
        (b"", "tom.txt", 400, "Filen är tom"),
        (b"   \n", "blank.txt", 400, "bara blanktecken"),
        (b"inte en pdf", "falsk.pdf", 400, "ingen PDF"),
    ],
)
def test_bad_uploads_get_a_swedish_4xx(client, content, name, status, message):
    page = selfcheck(client, files={"file": (name, content, "application/octet-stream")})
    assert page.status_code == status and message in page.text
    assert "Traceback" not in page.text
    api = client.post("/api/self-check", files={"file": (name, content, "application/octet-stream")})
    assert api.status_code == status and message in api.json()["detail"]


def test_upload_size_limit(seeded_db_path):
    app = make_app(seeded_db_path, max_upload_bytes=1000)
    with TestClient(app) as small:
        response = small.post("/api/self-check", files={"file": ("stor.txt", b"a" * 5000, "text/plain")})
        assert response.status_code == 413 and "större än gränsen" in response.json()["detail"]
        assert selfcheck(small, data={"text": "b" * 5000}).status_code == 413


def test_selfcheck_without_input_or_csrf(client):
    assert selfcheck(client).status_code == 400
    forged = client.post("/sjalvtest", data={"text": REVISED_TEXT})
    assert forged.status_code == 403 and "CSRF" in forged.text


def test_api_selfcheck_returns_the_score_json(client):
    response = client.post("/api/self-check", files={"file": ("utkast.txt", REVISED_TEXT.encode(), "text/plain")})
    assert response.status_code == 200
    expected = score_document(parse_bytes(REVISED_TEXT.encode(), "utkast.txt")).to_dict()
    assert response.json() == expected
    pasted = client.post("/api/self-check", data={"text": REVISED_TEXT}).json()
    assert pasted["total"] == expected["total"] and pasted["document"]["path"] == "inklistrad-text.txt"
    assert client.post("/api/self-check").status_code == 400


def test_selfcheck_save_needs_login_and_stores_when_ticked(writable_client, fresh_db_path):
    before = document_count(fresh_db_path)
    anonymous = selfcheck(writable_client, data={"text": "Ny text om samverkan.", "spara": "true"})
    assert anonymous.status_code == 401 and document_count(fresh_db_path) == before
    log_in(writable_client)
    page = writable_client.get("/sjalvtest").text
    assert 'name="spara"' in page
    saved = selfcheck(writable_client, data={"text": "En helt ny överenskommelse om samverkan.", "spara": "true"})
    assert saved.status_code == 200 and "Dokumentet är sparat som utkast" in saved.text
    assert document_count(fresh_db_path) == before + 1
    saved_id = int(re.search(r'href="/dokument/(\d+)"', saved.text.split("sparat som utkast")[1]).group(1))
    assert writable_client.get(f"/dokument/{saved_id}").status_code == 200
    with TestClient(writable_client.app) as anonymous_client:  # a draft is not a published document
        assert anonymous_client.get(f"/dokument/{saved_id}").status_code == 404
    not_ticked = selfcheck(writable_client, data={"text": "Ännu en text som inte ska sparas."})
    assert "inte sparats" in not_ticked.text and document_count(fresh_db_path) == before + 1


# --- accounts, reviews, import ---------------------------------------------------------------------------


def test_login_and_logout(writable_client):
    wrong = log_in(writable_client, password="fel-lösenord")
    assert wrong.status_code == 400 and "Fel användarnamn eller lösenord" in wrong.text
    ok = log_in(writable_client)
    assert ok.status_code == 303 and ok.headers["location"] == "/lan"
    page = writable_client.get("/lan").text
    assert "Inloggad som <strong>granskare1</strong>" in page
    out = writable_client.post("/logga-ut", data={"csrf_token": form_token(page)}, follow_redirects=False)
    assert out.status_code == 303 and "Logga in" in writable_client.get("/lan").text
    assert writable_client.post("/logga-in", data={"name": "granskare1", "password": PASSWORD}).status_code == 403


def test_login_does_not_redirect_off_site(writable_client):
    token = form_token(writable_client.get("/logga-in").text)
    response = writable_client.post("/logga-in", data={"csrf_token": token, "name": "admin1", "password": PASSWORD,
                                                       "nasta": "//evil.example/"}, follow_redirects=False)
    assert response.headers["location"] == "/lan"


def test_wrong_passwords_slow_a_name_down_without_locking_its_owner_out(writable_client, fresh_db_path):
    import auditor.store.accounts as accounts

    for _ in range(accounts.NAME_FAILURES):
        assert log_in(writable_client, password="gissning").status_code == 400
    blocked = log_in(writable_client)  # even the right password, but only for a short pause
    assert blocked.status_code == 429 and "Försök igen om" in blocked.text
    assert log_in(writable_client, name="  GRANSKARE1  ").status_code == 429  # spaces and case name the same user
    assert api_login(writable_client, "granskare1").status_code == 429
    assert log_in(writable_client, name="admin1").status_code == 303  # other accounts are unaffected
    with sqlite3.connect(fresh_db_path) as conn:  # the pause has passed
        conn.execute("UPDATE login_failure SET at = at - ?", [accounts.NAME_PAUSE + 1])
    assert log_in(writable_client).status_code == 303  # and the owner gets in


def test_wrong_passwords_are_counted_in_the_database_across_restarts(fresh_db_path):
    import auditor.store.accounts as accounts

    with TestClient(make_app(fresh_db_path)) as first:
        for _ in range(accounts.NAME_FAILURES):
            log_in(first, password="gissning")
    with TestClient(make_app(fresh_db_path)) as restarted:
        assert log_in(restarted).status_code == 429


def test_one_address_trying_many_names_is_refused(writable_client):
    import auditor.store.accounts as accounts

    for number in range(accounts.ADDRESS_FAILURES):
        assert log_in(writable_client, name=f"gissat{number}", password="gissning").status_code == 400
    refused = log_in(writable_client, name="ännu-ett-namn", password="gissning")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 60


def test_logging_out_ends_the_session_even_for_a_replayed_cookie(writable_client, fresh_db_path):
    login = api_login(writable_client, "granskare1").json()
    cookie = writable_client.cookies.get("granskaren_session")
    doc_id = document_ids(fresh_db_path)["lund_2022.txt"]
    token = form_token(writable_client.get("/lan").text)
    assert writable_client.post("/logga-ut", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    writable_client.cookies.set("granskaren_session", cookie)  # the old cookie, replayed
    assert writable_client.get("/api/session").json()["user"] is None
    review = writable_client.post(f"/api/documents/{doc_id}/reviews", json={"item_id": "R1", "score": 1,
                                  "comment": "x"}, headers={"X-CSRF-Token": login["csrf_token"]})
    assert review.status_code == 401


def test_api_login_needs_the_csrf_token_of_its_session(writable_client):
    refused = writable_client.post("/api/session", data={"name": "granskare1", "password": PASSWORD})
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert api_login(writable_client, "granskare1").status_code == 200


def test_anonymous_visitors_see_review_scores_but_not_reviewers_comments_or_replies(writable_client, fresh_db_path):
    doc_id = document_ids(fresh_db_path)["lund_2022.txt"]
    login = api_login(writable_client, "granskare1").json()
    headers = {"X-CSRF-Token": login["csrf_token"]}
    for body in ({"item_id": "R1", "score": 1, "comment": "Hemlig motivering"},
                 {"item_id": "R1", "comment": "Kommunens svar", "kind": "genmäle"}):
        assert writable_client.post(f"/api/documents/{doc_id}/reviews", json=body, headers=headers).status_code == 201
    staff_view = writable_client.get(f"/api/documents/{doc_id}/reviews").json()
    assert {r["reviewer"] for r in staff_view} == {"granskare1"} and len(staff_view) == 2
    writable_client.post("/logga-ut", data={"csrf_token": form_token(writable_client.get("/lan").text)})
    public = writable_client.get(f"/api/documents/{doc_id}/reviews").json()
    assert [(r["item_id"], r["score"]) for r in public] == [("R1", 1)]
    assert "granskare1" not in str(public) and "Hemlig" not in str(public)
    page = writable_client.get(f"/dokument/{doc_id}").text
    assert "granskare1" not in page and "Hemlig motivering" not in page and "Kommunens svar" not in page


def test_unexpected_errors_are_a_swedish_500_without_traceback(seeded_db_path, monkeypatch):
    import auditor.web.views.documents as documents

    def broken(db, document_id):
        raise RuntimeError("hemlig intern detalj")

    monkeypatch.setattr(documents, "stored_view", broken)
    with TestClient(make_app(seeded_db_path), raise_server_exceptions=False) as failing:
        page = failing.get("/dokument/1")
        assert page.status_code == 500 and "oväntat fel" in page.text
        assert "hemlig intern detalj" not in page.text and "Traceback" not in page.text
        assert failing.get("/api/documents/1").json()["detail"].startswith("Ett oväntat fel")


def test_review_override_and_genmale(writable_client, fresh_db_path):
    doc_id = document_ids(fresh_db_path)["lund_2022.txt"]
    anonymous = writable_client.post(f"/dokument/{doc_id}/granskning", data={"item_id": "M2", "score": "0"})
    assert anonymous.status_code == 403  # no session, so no CSRF token either
    log_in(writable_client)
    page = writable_client.get(f"/dokument/{doc_id}").text
    assert "Granska M2" in page
    token = form_token(page)
    response = writable_client.post(
        f"/dokument/{doc_id}/granskning",
        data={"csrf_token": token, "item_id": "M2", "kind": "granskning", "score": "0", "comment": "Inget mål är tidsatt."},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"].endswith("#sparad-M2")
    page = writable_client.get(f"/dokument/{doc_id}").text
    assert "Granskningshistorik (1)" in page and "Inget mål är tidsatt." in page
    assert "Granskad poäng 0" in page
    reply = writable_client.post(f"/dokument/{doc_id}/granskning", data={
        "csrf_token": token, "item_id": "M2", "kind": "genmäle", "comment": "Kommunen menar att målet är tidsatt."})
    assert reply.status_code == 200 and "Genmäle" in reply.text
    lund = client_row(writable_client.get("/api/overview").json(), "Lund")
    assert lund["latest"]["scores"]["M2"] == 0  # the overview uses the reviewed score at once
    bad = writable_client.post(f"/dokument/{doc_id}/granskning", data={
        "csrf_token": token, "item_id": "M2", "kind": "genmäle", "score": "2", "comment": "x"})
    assert bad.status_code == 400 and "genmäle kan inte ändra poängen" in bad.text
    assert writable_client.post(f"/dokument/{doc_id}/granskning", data={
        "csrf_token": token, "item_id": "M2", "score": "7"}).status_code == 400


def client_row(overview: dict, kommun: str) -> dict:
    return next(row for row in overview["kommuner"] if row["kommun"] == kommun)


def test_review_api(writable_client, fresh_db_path):
    doc_id = document_ids(fresh_db_path)["ystad_2022.txt"]
    body = {"item_id": "U1", "score": 1, "comment": "Ingen mottagare."}
    assert writable_client.post(f"/api/documents/{doc_id}/reviews", json=body).status_code == 403
    login = api_login(writable_client, "admin1").json()
    assert login["user"]["role"] == "admin"
    assert writable_client.post(f"/api/documents/{doc_id}/reviews", json=body).status_code == 403  # no header
    created = writable_client.post(f"/api/documents/{doc_id}/reviews", json=body,
                                   headers={"X-CSRF-Token": login["csrf_token"]})
    assert created.status_code == 201
    history = writable_client.get(f"/api/documents/{doc_id}/reviews").json()
    assert [(r["item_id"], r["score"], r["reviewer"]) for r in history] == [("U1", 1, "admin1")]
    assert api_login(writable_client, "admin1", "x").status_code == 401


def test_a_deleted_user_is_logged_out_at_once(writable_client, fresh_db_path):
    log_in(writable_client)
    token = form_token(writable_client.get("/lan").text)
    with sqlite3.connect(fresh_db_path) as conn:
        conn.execute("DELETE FROM web_user WHERE name = 'granskare1'")
    doc_id = document_ids(fresh_db_path)["lund_2022.txt"]
    response = writable_client.post(f"/dokument/{doc_id}/granskning",
                                    data={"csrf_token": token, "item_id": "R1", "score": "1"})
    assert response.status_code == 401 and "Logga in" in response.text


def test_import_for_staff_only(writable_client, fresh_db_path):
    assert writable_client.get("/import", follow_redirects=False).status_code == 303
    log_in(writable_client)
    page = writable_client.get("/import")
    assert page.status_code == 200
    manifest = ("documents:\n  - file: ystad_2025.txt\n    kommun: Ystad\n    lan: Skåne län\n"
                "    doc_type: samverkansoverenskommelse\n    period: 2025-2027\n")
    files = [
        ("files", ("ystad_2025.txt", agreement_text("Ystad", 2025, revised=True).encode(), "text/plain")),
        ("files", ("trasig.pdf", b"ingen pdf alls", "application/pdf")),
        ("manifest", ("manifest.yaml", manifest.encode(), "application/x-yaml")),
    ]
    started = writable_client.post("/import", data={"csrf_token": form_token(page.text)}, files=files,
                                   follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"].startswith("/import/jobb/")
    result = wait_for_job(writable_client, started.headers["location"])
    kommun = writable_client.get("/api/kommun/Ystad").json()
    assert [d["file_name"] for d in kommun["groups"][0]["documents"]] == ["ystad_2022.txt", "ystad_2025.txt"]
    new_id = kommun["groups"][0]["documents"][1]["id"]
    row = re.search(r"<tr>\s*<th scope=\"row\"><a href=\"/dokument/(\d+)\">ystad_2025.txt</a></th>(.*?)</tr>", result, re.S)
    assert row and int(row.group(1)) == new_id
    assert "Läst och bedömd" in row.group(2) and "Ystad, Skåne län" in row.group(2)
    assert "Samverkansöverenskommelse" in row.group(2) and re.search(r"\d+ av 34", row.group(2))
    assert re.search(r"trasig.pdf</th>\s*<td><strong>Kunde inte läsas:</strong> [^<]*ingen PDF", result)
    assert re.search(r"Startat \d{4}-\d\d-\d\d \d\d:\d\d av", result)  # a date and time, not an ISO stamp
    assert not list((fresh_db_path.parent / "importjobb").iterdir()), "the job's uploads were left behind"
    assert writable_client.post(started.headers["location"] + "/fortsatt",
                                data={"csrf_token": form_token(page.text)}).status_code == 409  # nothing to resume


def test_api_import_needs_login(writable_client):
    files = [("files", ("a.txt", b"text", "text/plain"))]
    assert writable_client.post("/api/import", files=files).status_code == 403
    login = api_login(writable_client, "granskare1").json()
    response = writable_client.post("/api/import", files=files, headers={"X-CSRF-Token": login["csrf_token"]})
    assert response.status_code == 200 and response.json()["imported"] == ["a.txt"]


# --- settings, docs, headers ---------------------------------------------------------------------------------


def test_public_read_can_be_turned_off(seeded_db_path):
    with TestClient(make_app(seeded_db_path, public_read=False)) as private:
        response = private.get("/lan", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/logga-in")
        assert private.get("/api/overview").status_code == 401
        assert private.get("/api/documents/1").status_code == 401
        assert private.get("/sjalvtest").status_code == 200  # drafts are not published results
        log_in(private)
        assert private.get("/lan").status_code == 200


def test_deployment_templates_override_the_built_in_ones(seeded_db_path, tmp_path):
    (tmp_path / "error.html").write_text("EGEN FELSIDA {{ message }}", encoding="utf-8")
    with TestClient(make_app(seeded_db_path, template_dir=tmp_path)) as custom:
        assert custom.get("/kommun/Ingenstans").text.startswith("EGEN FELSIDA Kommunen")
        assert "Länsöversikt" in custom.get("/lan").text  # the rest still come from the package


def test_docs_and_openapi_work_offline(client):
    docs = client.get("/docs").text
    assert "/api/self-check" in docs and "cdn" not in docs.lower()
    schema = client.get("/openapi.json").json()
    assert {"/api/self-check", "/api/overview", "/api/documents/{document_id}/reviews"} <= set(schema["paths"])


def test_pages_reference_only_local_assets(client):
    page = client.get("/lan")
    assert not re.search(r'(src|href)="(https?:)?//', page.text)
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/static/granskaren.css").status_code == 200
    assert client.get("/static/granskaren.js").status_code == 200


def test_unknown_page_is_swedish(client):
    assert "Sidan finns inte" in client.get("/finns-inte").text
    assert client.get("/api/finns-inte").json() == {"detail": "Sidan finns inte."}


def test_settings_from_env(monkeypatch, tmp_path):
    monkeypatch.delenv("AUDITOR_SECRET", raising=False)
    monkeypatch.setenv("AUDITOR_PUBLIC_READ", "nej")
    settings = Settings.from_env(tmp_path / "data" / "g.db")
    assert settings.public_read is False
    assert (tmp_path / "data" / "web_secret").read_text() == settings.secret
    assert Settings.from_env(tmp_path / "data" / "g.db").secret == settings.secret  # kept across restarts
    monkeypatch.setenv("AUDITOR_SECRET", "från-miljön")
    assert Settings.from_env(tmp_path / "data" / "g.db").secret == "från-miljön"


def test_the_login_page_speaks_to_users_not_to_operators(client):
    page = client.get("/logga-in").text
    assert "auditor user add" not in page and "<code>" not in page
    assert "Kontakta den som förvaltar Granskaren" in page


def test_import_job_pages_for_staff_and_unknown_jobs(writable_client):
    assert writable_client.get("/import/jobb/1", follow_redirects=False).status_code == 303  # log in first
    log_in(writable_client)
    missing = writable_client.get("/import/jobb/4711")
    assert missing.status_code == 404 and "Importjobb 4711 finns inte" in missing.text
    assert writable_client.get(f"/import/jobb/{2**70}").status_code == 422
