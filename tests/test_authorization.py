"""The authorisation matrix: every route of the app × every kind of visitor, with the status each must get.

The routes are read from the app itself, so a new route without a rule here fails
`test_every_route_has_a_rule`. The visitors: anonymous, a kommun account of the document's kommun (Lund), a
kommun account of another kommun (Ystad), a granskare and an admin. The data: a Lund document in a review
round that is not yet published, a Lund submission awaiting confirmation, two private drafts saved by the
Lund account, and a genmäle by it. Every case runs on its own copy of the database, so a change made by one
visitor never decides what the next one gets.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Route
from web_support import (
    LAN,
    PASSWORD,
    agreement_text,
    form_token,
    log_in,
    make_app,
    seed,
)

from auditor.engine.scoring import score_document
from auditor.parsers import parse_bytes
from auditor.store.accounts import add_user
from auditor.store.db import open_db
from auditor.store.documents import StoredFile, store_scored_document
from auditor.store.import_jobs import create_job
from auditor.store.manifest import ManifestEntry
from auditor.store.reviews import add_review
from auditor.store.rounds import add_to_round, create_round

VISITORS = ("anonym", "kommun_egen", "kommun_annan", "granskare", "admin")
ACCOUNTS = {"kommun_egen": "lund1", "kommun_annan": "ystad1", "granskare": "granskare1", "admin": "admin1"}


def expect(anonym, egen, annan, granskare, admin) -> dict[str, int]:
    return dict(zip(VISITORS, (anonym, egen, annan, granskare, admin)))


PUBLIC = expect(200, 200, 200, 200, 200)
UNPUBLISHED = expect(404, 200, 404, 200, 200)  # the Lund document before its round's publication date
DRAFT = expect(404, 200, 404, 404, 200)  # Lund's account saved it
STAFF_PAGE = expect(303, 403, 403, 200, 200)  # anonymous visitors are sent to the login page
ADMIN_PAGE = expect(303, 403, 403, 403, 200)
KOMMUN_PAGE = expect(303, 200, 200, 403, 403)
USER_PAGE = expect(303, 200, 200, 200, 200)
STAFF_WRITE = expect(401, 403, 403, 303, 303)

# (method, path) -> (expected per visitor, url with the ids filled in, request arguments)
RULES: dict[tuple[str, str], tuple[dict[str, int], str, dict]] = {
    ("GET", "/"): (expect(303, 303, 303, 303, 303), "/", {}),
    ("GET", "/lan"): (PUBLIC, "/lan", {}),
    ("GET", "/api/overview"): (PUBLIC, "/api/overview", {}),
    ("GET", "/kommun/{name:path}"): (PUBLIC, "/kommun/Lund", {}),
    ("GET", "/api/kommun/{name:path}"): (PUBLIC, "/api/kommun/Lund", {}),
    ("GET", "/rapport/kommun/{name:path}.{fmt}"): (PUBLIC, "/rapport/kommun/Lund.html", {}),
    ("GET", "/rapport/lan/{name:path}.{fmt}"): (PUBLIC, f"/rapport/lan/{LAN}.html", {}),
    ("GET", "/dokument/{document_id}"): (UNPUBLISHED, "/dokument/{unpublished}", {}),
    ("GET", "/api/documents/{document_id}"): (UNPUBLISHED, "/api/documents/{unpublished}", {}),
    ("GET", "/dokument/{document_id}/fil"): (UNPUBLISHED, "/dokument/{unpublished}/fil", {}),
    ("GET", "/api/documents/{document_id}/reviews"): (UNPUBLISHED, "/api/documents/{unpublished}/reviews", {}),
    ("GET", "/jamfor/{baseline_id}/{revised_id}"): (UNPUBLISHED, "/jamfor/{published}/{unpublished}", {}),
    ("GET", "/api/compare/{baseline_id}/{revised_id}"): (UNPUBLISHED, "/api/compare/{published}/{unpublished}", {}),
    ("GET", "/granska"): (STAFF_PAGE, "/granska", {}),
    ("GET", "/import"): (STAFF_PAGE, "/import", {}),
    ("GET", "/inlamnade"): (STAFF_PAGE, "/inlamnade", {}),
    ("GET", "/omgangar"): (STAFF_PAGE, "/omgangar", {}),
    ("GET", "/omgangar/{round_id}"): (STAFF_PAGE, "/omgangar/{round}", {}),
    ("GET", "/anvandare"): (ADMIN_PAGE, "/anvandare", {}),
    ("GET", "/min-kommun"): (KOMMUN_PAGE, "/min-kommun", {}),
    ("GET", "/utkast"): (USER_PAGE, "/utkast", {}),
    ("GET", "/notiser"): (USER_PAGE, "/notiser", {}),
    # followed to the comparison page: the drafts' owner and admins see it, the others get 404
    ("GET", "/utkast/jamfor"): (expect(200, 200, 404, 404, 200), "/utkast/jamfor?a={draft}&b={draft2}",
                                {"follow": True}),
    ("GET", "/sjalvtest"): (PUBLIC, "/sjalvtest", {}),
    ("GET", "/logga-in"): (PUBLIC, "/logga-in", {}),
    ("GET", "/api/session"): (PUBLIC, "/api/session", {}),
    ("GET", "/docs"): (PUBLIC, "/docs", {}),
    ("GET", "/openapi.json"): (PUBLIC, "/openapi.json", {}),
    ("POST", "/logga-in"): (expect(303, 303, 303, 303, 303), "/logga-in",
                            {"data": {"name": "granskare1", "password": PASSWORD, "nasta": "/lan"}}),
    ("POST", "/logga-ut"): (expect(303, 303, 303, 303, 303), "/logga-ut", {}),
    ("POST", "/api/session"): (PUBLIC, "/api/session", {"data": {"name": "granskare1", "password": PASSWORD}}),
    ("POST", "/api/self-check"): (PUBLIC, "/api/self-check", {"data": {"text": "Ett utkast om samverkan."}}),
    ("POST", "/sjalvtest"): (expect(401, 200, 200, 200, 200), "/sjalvtest",
                             {"data": {"text": "Ett utkast om samverkan.", "spara": "true"}}),
    ("POST", "/import"): (expect(401, 403, 403, 303, 303), "/import",  # to the import job's page
                          {"files": [("files", ("ny.txt", b"Ny text om samverkan.", "text/plain"))]}),
    ("POST", "/api/import"): (expect(401, 403, 403, 200, 200), "/api/import",
                              {"files": [("files", ("ny.txt", b"Ny text om samverkan.", "text/plain"))]}),
    ("POST", "/dokument/{document_id}/granskning"): (STAFF_WRITE, "/dokument/{unpublished}/granskning",
                                                     {"data": {"item_id": "R1", "score": "1", "comment": "x"}}),
    ("POST", "/api/documents/{document_id}/reviews"): (expect(401, 403, 403, 201, 201),
                                                       "/api/documents/{unpublished}/reviews",
                                                       {"json": {"item_id": "R1", "score": 1, "comment": "x"}}),
    ("POST", "/anvandare"): (expect(401, 403, 403, 403, 303), "/anvandare",
                             {"data": {"name": "ny", "role": "granskare", "password": PASSWORD}}),
    ("POST", "/anvandare/{user_id}/inaktivera"): (expect(401, 403, 403, 403, 303), "/anvandare/{extra}/inaktivera",
                                                  {}),
    ("POST", "/min-kommun/lamna-in"): (expect(401, 200, 200, 403, 403), "/min-kommun/lamna-in",
                                       {"files": [("files", ("ny.txt", b"Ny text om samverkan.", "text/plain"))]}),
    ("POST", "/dokument/{document_id}/bekrafta"): (STAFF_WRITE, "/dokument/{submitted}/bekrafta",
                                                   {"data": {"typ": "samverkansoverenskommelse"}}),
    ("POST", "/utkast/{document_id}/radera"): (expect(401, 303, 404, 404, 303), "/utkast/{draft}/radera", {}),
    ("POST", "/dokument/{document_id}/genmale"): (expect(401, 303, 404, 403, 403), "/dokument/{unpublished}/genmale",
                                                  {"data": {"item_id": "M2", "comment": "Se bilagan."}}),
    ("GET", "/genmale/{review_id}/bilaga"): (UNPUBLISHED, "/genmale/{reply}/bilaga", {}),
    ("POST", "/genmale/{review_id}/svar"): (STAFF_WRITE, "/genmale/{reply}/svar",
                                            {"data": {"utfall": "forklarat", "comment": "Står kvar."}}),
    ("POST", "/omgangar"): (STAFF_WRITE, "/omgangar", {"data": {"name": "Inventering 2027", "publiceras": "2027-06-01"}}),
    ("POST", "/omgangar/{round_id}/dokument"): (STAFF_WRITE, "/omgangar/{round}/dokument",
                                                {"data": {"dokument": ["{published}"]}}),
    # correcting and deleting documents, the version pair, the document list, exports, the checklist page and
    # import jobs: an unpublished document is corrected only by staff, never seen by another kommun
    ("GET", "/dokument/{document_id}/andra"): (STAFF_PAGE, "/dokument/{unpublished}/andra", {}),
    ("POST", "/dokument/{document_id}/andra"): (STAFF_WRITE, "/dokument/{unpublished}/andra",
                                                {"data": {"kommun": "Lund", "doc_type": "samverkansoverenskommelse",
                                                          "title": "Ny titel", "period": "2022-2025"}}),
    ("GET", "/dokument/{document_id}/radera"): (ADMIN_PAGE, "/dokument/{unpublished}/radera", {}),
    ("POST", "/dokument/{document_id}/radera"): (expect(401, 403, 403, 403, 303), "/dokument/{unpublished}/radera",
                                                 {"data": {"bekrafta": "ja"}}),
    ("POST", "/kommun/{name:path}/versioner"): (STAFF_WRITE, "/kommun/Lund/versioner",
                                                {"data": {"baslinje": "{published}", "reviderad": "{unpublished}"}}),
    ("GET", "/dokument"): (PUBLIC, "/dokument", {}),
    ("GET", "/api/documents"): (PUBLIC, "/api/documents", {}),
    ("GET", "/export/{lan}/{table}.csv"): (PUBLIC, f"/export/{LAN}/poang.csv", {}),
    ("GET", "/export/{lan}.xlsx"): (PUBLIC, f"/export/{LAN}.xlsx", {}),
    ("GET", "/checklistan"): (PUBLIC, "/checklistan", {}),
    ("GET", "/import/jobb/{job_id}"): (STAFF_PAGE, "/import/jobb/{job}", {}),
    ("POST", "/import/jobb/{job_id}/fortsatt"): (expect(401, 403, 403, 409, 409), "/import/jobb/{job}/fortsatt", {}),
}


@pytest.fixture(scope="module")
def matrix_db(tmp_path_factory) -> tuple:
    """The seeded database and the ids the rules' urls name."""
    path = tmp_path_factory.mktemp("matrix") / "matrix.db"
    db = open_db(path)
    seed(db)
    lund1 = add_user(db, "lund1", "kommun", PASSWORD, actor="test", kommun="Lund")
    add_user(db, "ystad1", "kommun", PASSWORD, actor="test", kommun="Ystad")
    ids = {"extra": add_user(db, "extra1", "granskare", PASSWORD, actor="test")}
    by_name = {row["file_name"]: row["id"] for row in db.query("SELECT id, file_name FROM document")}
    ids |= {"published": by_name["lund_2019.txt"], "unpublished": by_name["lund_2022.txt"]}
    ids["round"] = create_round(db, "Inventering 2026", (date.today() + timedelta(days=30)).isoformat(), actor="test")
    add_to_round(db, ids["round"], [ids["unpublished"]], actor="test")
    appendix = StoredFile(hashlib.sha256(b"bilaga").hexdigest(), "bilaga.pdf", b"bilaga")
    ids["reply"] = add_review(db, ids["unpublished"], reviewer="lund1", item_id="M2", comment="Se s. 3.",
                              kind="genmäle", page=3, attachment=appendix)

    def stored(name: str, **how) -> int:
        data = agreement_text("Lund", 2026, revised=name.endswith("2.txt")).replace("2026", name).encode()
        result = score_document(parse_bytes(data, name))
        entry = ManifestEntry(None, Path(name), "Lund", LAN, None, None, None, None)
        return store_scored_document(db, StoredFile(hashlib.sha256(data).hexdigest(), name, data), result,
                                     entry=entry, actor="test", **how)

    ids["job"] = create_job(db, path.parent / "jobb", [("ny.txt", b"Ny text om samverkan.")], None, LAN, "granskare1")
    with db.conn:  # finished: nothing to resume
        db.execute("UPDATE import_job SET state = 'klar', runner = NULL WHERE id = ?", [ids["job"]])
    ids["submitted"] = stored("inlamnad.txt", status="inlämnad")
    ids["draft"] = stored("utkast1.txt", is_draft=True, owner_id=lund1)
    ids["draft2"] = stored("utkast2.txt", is_draft=True, owner_id=lund1)
    db.conn.close()
    return path, ids


def app_routes(routes) -> set[tuple[str, str]]:
    """(method, path) of every route the app answers; FastAPI keeps an included router's routes inside it
    (no prefixes are used here)."""
    found = set()
    for route in routes:
        if hasattr(route, "original_router"):
            found |= app_routes(route.original_router.routes)
        elif isinstance(route, Route):
            found |= {(method, route.path) for method in route.methods - {"HEAD"}}
    return found


def test_every_route_has_a_rule(matrix_db):
    routes = app_routes(make_app(matrix_db[0]).routes)
    assert len(routes) > 40
    assert routes - RULES.keys() == set(), "ny route utan behörighetsregel: lägg till den i RULES"
    assert RULES.keys() - routes == set(), "regel för en route som inte finns"


def fill(value, ids: dict):
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [fill(item, ids) for item in value]
    return value


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("rule", sorted(RULES), ids=lambda rule: f"{rule[0]} {rule[1]}")
def test_route_answers_each_visitor_as_its_rule_says(rule, visitor, matrix_db, tmp_path):
    path = tmp_path / "copy.db"
    path.write_bytes(matrix_db[0].read_bytes())
    expected, url, how = RULES[rule]
    with TestClient(make_app(path)) as client:
        if visitor in ACCOUNTS:
            assert log_in(client, ACCOUNTS[visitor]).status_code == 303
        token = form_token(client.get("/sjalvtest").text)
        arguments = fill({key: value for key, value in how.items() if key != "follow"}, matrix_db[1])
        if rule[0] == "POST" and "json" not in arguments and "/api/" not in url:
            arguments.setdefault("data", {})["csrf_token"] = token
        response = client.request(rule[0], fill(url, matrix_db[1]), headers={"X-CSRF-Token": token},
                                  follow_redirects=how.get("follow", False), **arguments)
    assert response.status_code == expected[visitor], response.text[:300]
    if response.status_code == 303 and rule[0] == "GET" and visitor == "anonym" and rule[1] != "/":
        assert response.headers["location"].startswith("/logga-in")


SHARED_PAGES = sorted(rule for rule, (expected, _, _) in RULES.items()
                      if rule[0] == "GET" and expected["kommun_annan"] == 200)


@pytest.mark.parametrize("visitor", ("anonym", "kommun_annan", "granskare"))
@pytest.mark.parametrize("rule", SHARED_PAGES, ids=lambda rule: rule[1])
def test_pages_others_may_read_show_nothing_unpublished_and_no_drafts(rule, visitor, matrix_db):
    """Whatever a page shows, another kommun and anonymous visitors find no trace of Lund's unpublished
    document, its submission or its drafts; staff see no drafts (theirs to open only via the owner)."""
    path, ids = matrix_db
    _, url, how = RULES[rule]
    with TestClient(make_app(path)) as client:
        if visitor in ACCOUNTS:
            log_in(client, ACCOUNTS[visitor])
        text = client.get(fill(url, ids), follow_redirects=how.get("follow", False)).text
    hidden = ["utkast1.txt", "utkast2.txt"]
    if visitor != "granskare":
        hidden += ["lund_2022.txt", "inlamnad.txt", "Se s. 3.", f'/dokument/{ids["unpublished"]}"',
                   f'"id": {ids["unpublished"]},', f'"id":{ids["unpublished"]},']
    assert [secret for secret in hidden if secret in text] == []
