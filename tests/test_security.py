"""Security of the web service beyond test_web.py: every write route refuses anonymous visitors, users
without a staff role and requests without the CSRF token; document text and file names are escaped in
every page; upload names are never paths; security headers and cookie flags are set."""

from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient
from web_support import agreement_text, api_login, make_app

from auditor.web.views import ROUTERS

SCRIPT = '<script>alert("x")</script>'
HOSTILE_NAME = "<img src=x onerror=alert(1)>'.txt"
# Every route that changes something, with a body it accepts once the caller is allowed to, and what a
# logged-in granskare gets: done (200, 201, 303), nothing to resume (409), or an admin's task (403).
DONE = (200, 201, 303)
WRITE_ROUTES = [
    ("/dokument/{id}/granskning", {"data": {"item_id": "R1", "score": "1", "comment": "x"}}, DONE),
    ("/api/documents/{id}/reviews", {"json": {"item_id": "R1", "score": 1, "comment": "x"}}, DONE),
    ("/import", {"files": [("files", ("ny.txt", b"Ny text om samverkan.", "text/plain"))]}, DONE),
    ("/api/import", {"files": [("files", ("ny.txt", b"Ny text om samverkan.", "text/plain"))]}, DONE),
    ("/sjalvtest", {"data": {"text": "Ett utkast om samverkan.", "spara": "true"}}, DONE),
    ("/import/jobb/{id}/fortsatt", {}, (409,)),
    ("/dokument/{id}/andra", {"data": {"kommun": "Lund", "doc_type": "samverkansoverenskommelse",
                                       "title": "Ny titel", "period": "2019-2021"}}, DONE),
    ("/dokument/{id}/radera", {"data": {"bekrafta": "ja"}}, (403,)),
    ("/kommun/{name:path}/versioner", {"data": {"baslinje": "1", "reviderad": "2"}}, DONE),
]
PUBLIC_POSTS = {"/logga-in", "/logga-ut", "/api/session", "/api/self-check"}  # change nothing stored
# Routes of the kommun dialogue, whose roles differ per route: tests/test_authorization.py covers each of them.
DIALOGUE_POSTS = {"/anvandare", "/anvandare/{user_id}/inaktivera", "/min-kommun/lamna-in",
                  "/dokument/{document_id}/bekrafta", "/utkast/{document_id}/radera", "/dokument/{document_id}/genmale",
                  "/genmale/{review_id}/svar", "/omgangar", "/omgangar/{round_id}/dokument"}


def test_the_write_route_list_is_complete():
    posts = {route.path for router in ROUTERS for route in router.routes if "POST" in route.methods}
    assert posts - PUBLIC_POSTS - DIALOGUE_POSTS == {path.replace("{id}", "{job_id}" if "jobb" in path else "{document_id}")
                                    for path, _, _ in WRITE_ROUTES}


def rows(db_path) -> tuple[int, int]:
    with sqlite3.connect(db_path) as conn:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("document", "review"))


def post(client: TestClient, path: str, body: dict, token: str | None):
    body = {key: (dict(value) if isinstance(value, dict) else value) for key, value in body.items()}
    if token is not None and "json" not in body and not path.startswith("/api/"):
        body.setdefault("data", {})["csrf_token"] = token
    headers = {"X-CSRF-Token": token} if token is not None and path.startswith("/api/") else {}
    return client.post(path.replace("{id}", "1").replace("{name:path}", "Lund"), headers=headers, follow_redirects=False,
                       **body)


@pytest.mark.parametrize(("path", "body", "allowed"), WRITE_ROUTES)
def test_write_routes_refuse_anonymous_wrong_role_and_missing_csrf(path, body, allowed, writable_client, fresh_db_path):
    before = rows(fresh_db_path)
    token = writable_client.get("/api/session").json()["csrf_token"]  # a valid token, but nobody logged in
    assert post(writable_client, path, body, token).status_code in (401, 403)
    login = api_login(writable_client, "granskare1").json()
    assert post(writable_client, path, body, None).status_code == 403  # logged in, no CSRF token
    with sqlite3.connect(fresh_db_path) as conn:  # the account is deleted while logged in
        conn.execute("PRAGMA foreign_keys = ON")
        conn.row_factory = sqlite3.Row
        account = dict(conn.execute("SELECT * FROM web_user WHERE name = 'granskare1'").fetchone())
        conn.execute("DELETE FROM web_user WHERE name = 'granskare1'")
    assert post(writable_client, path, body, login["csrf_token"]).status_code == 401
    assert rows(fresh_db_path) == before
    with sqlite3.connect(fresh_db_path) as conn:  # recreated: its old session stays ended
        conn.execute(f"INSERT INTO web_user ({', '.join(account)}) VALUES ({', '.join('?' * len(account))})",
                     list(account.values()))
    assert post(writable_client, path, body, login["csrf_token"]).status_code == 401
    login = api_login(writable_client, "granskare1").json()
    assert post(writable_client, path, body, login["csrf_token"]).status_code in allowed


def test_document_text_and_file_names_are_escaped_in_every_page(writable_client, fresh_db_path):
    login = api_login(writable_client, "admin1").json()
    text = agreement_text("Lund", 2025, revised=True).replace("Lägesbild:", f"Lägesbild: {SCRIPT} 'a' \"b\"")
    manifest = ("documents:\n  - file: lund_2025.txt\n    kommun: Lund\n    lan: Skåne län\n"
                "    doc_type: samverkansoverenskommelse\n    version: revised\n    period: 2025-2027\n")
    response = writable_client.post("/api/import", headers={"X-CSRF-Token": login["csrf_token"]}, files=[
        ("files", ("lund_2025.txt", f"# {SCRIPT}\n\n{text}".encode(), "text/plain")),
        ("files", (HOSTILE_NAME, f"{SCRIPT}\n\nEtt utkast.".encode(), "text/plain")),
        ("manifest", ("manifest.yaml", manifest.encode(), "application/x-yaml"))])
    assert sorted(response.json()["imported"]) == sorted(["lund_2025.txt", HOSTILE_NAME])
    with sqlite3.connect(fresh_db_path) as conn:
        ids = [conn.execute("SELECT id FROM document WHERE file_name = ?", [name]).fetchone()[0]
               for name in ("lund_2025.txt", HOSTILE_NAME)]  # the import stores them in the order they finish
        baseline = conn.execute("SELECT id FROM document WHERE file_name = 'lund_2019.txt'").fetchone()[0]
    token = login["csrf_token"]
    pages = [writable_client.get(url) for url in (
        "/lan", "/lan?version=forandring", "/kommun/Lund", f"/jamfor/{baseline}/{ids[0]}",
        *(f"/dokument/{i}" for i in ids))]
    pages.append(writable_client.post("/sjalvtest", data={"csrf_token": token},
                                      files={"file": (HOSTILE_NAME, f"# {SCRIPT}\n\n{text}".encode(), "text/plain")}))
    pages.append(writable_client.post("/import", data={"csrf_token": token},
                                      files=[("files", (HOSTILE_NAME, b"%PDF-1.7 trasig", "application/pdf"))]))
    for page in pages:
        assert page.status_code == 200, (page.url, page.status_code)
        assert "<script>alert" not in page.text and "<img src=x" not in page.text, page.url
    assert "&lt;script&gt;" in pages[-2].text  # the text is shown, escaped, not dropped
    headers = writable_client.get(f"/dokument/{ids[1]}/fil").headers
    assert headers["content-type"].startswith("text/plain") and "attachment" in headers["content-disposition"]


@pytest.mark.parametrize("name", ["../../etc/passwd", "..", ".", "/", "a/../../b.txt", "..\\..\\win.txt"])
def test_upload_names_are_never_paths(name, writable_client, fresh_db_path, tmp_path):
    login = api_login(writable_client, "granskare1").json()
    response = writable_client.post("/api/import", headers={"X-CSRF-Token": login["csrf_token"]},
                                    files=[("files", (name, f"Samverkan {name}".encode(), "text/plain"))])
    assert response.status_code in (200, 400), response.text
    with sqlite3.connect(fresh_db_path) as conn:
        names = [row[0] for row in conn.execute("SELECT file_name FROM document")]
    assert not any("/" in stored or stored in ("", ".", "..") for stored in names)


def test_import_upload_size_limit(fresh_db_path):
    with TestClient(make_app(fresh_db_path, max_upload_bytes=1_000_000)) as small:
        login = api_login(small, "granskare1").json()
        response = small.post("/api/import", headers={"X-CSRF-Token": login["csrf_token"]},
                              files=[("files", ("stor.txt", b"a" * 2_500_000, "text/plain"))])
        # the file's own size, not the limit's worth that was read before stopping
        assert response.status_code == 413
        assert response.json()["detail"] == ("stor.txt: Filen är 2.5 MB, vilket är större än gränsen på 1 MB. "
                                             "Dela upp dokumentet eller höj gränsen (AUDITOR_MAX_MB).")


@pytest.mark.parametrize("url", ["/lan", "/api/overview", "/finns-inte", "/static/granskaren.css", "/docs"])
def test_security_headers_on_every_kind_of_response(url, client):
    headers = client.get(url).headers
    csp = headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("https_only", [False, True])
def test_session_cookie_flags(https_only, seeded_db_path):
    with TestClient(make_app(seeded_db_path, https_only=https_only), base_url="https://testserver") as secure:
        cookie = api_login(secure, "admin1").headers["set-cookie"]
    flags = [part.strip().lower() for part in cookie.split(";")]
    assert "httponly" in flags and "samesite=lax" in flags
    assert ("secure" in flags) is https_only
