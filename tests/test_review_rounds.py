"""A review round: until its publication date a document's results are for staff and its own kommun only;
the kommun reads scores, reviews and advice, answers with a genmäle (comment and page), a reviewer answers
the genmäle (accepted with a new score, or explained) and the history shows both."""

from __future__ import annotations

from datetime import date, timedelta

from dialogue_support import db_rows, submit_form
from web_support import LAN

from auditor.store.db import open_db

FUTURE = (date.today() + timedelta(days=30)).isoformat()


def document_id(path, file_name: str) -> int:
    return db_rows(path, "SELECT id FROM document WHERE file_name = ?", [file_name])[0]["id"]


def item_score(client, doc_id: int, item_id: str) -> int:
    items = client.get(f"/api/documents/{doc_id}").json()["result"]["items"]
    return next(item["score"] for item in items if item["id"] == item_id)


def open_round(client, name: str, publish_on: str, documents: list[int]) -> int:
    created = submit_form(client, "/omgangar", "/omgangar", {"name": name, "publiceras": publish_on})
    assert created.status_code == 303
    round_id = int(created.headers["location"].rsplit("/", 1)[1])
    added = submit_form(client, f"/omgangar/{round_id}", f"/omgangar/{round_id}/dokument", {"dokument": documents})
    assert added.status_code == 303
    return round_id


def test_a_round_hides_results_until_publication_and_carries_the_dialogue(clients, dialogue_path):
    lund, ystad, granskare, anonymous = (clients[r] for r in ("kommun_egen", "kommun_annan", "granskare", "anonym"))
    revised = document_id(dialogue_path, "lund_2022.txt")
    review = submit_form(granskare, f"/dokument/{revised}", f"/dokument/{revised}/granskning",
                         {"item_id": "M2", "score": "1", "comment": "Målet saknar mätetal."})
    assert review.status_code == 303
    round_id = open_round(granskare, "Inventering 2026", FUTURE, [revised])
    assert f"publiceras {FUTURE}" in granskare.get("/omgangar").text
    assert f'href="/dokument/{revised}"' in granskare.get(f"/omgangar/{round_id}").text

    # before publication: staff and Lund only
    for role, status in (("anonym", 404), ("kommun_annan", 404), ("kommun_egen", 200), ("granskare", 200),
                         ("admin", 200)):
        assert clients[role].get(f"/dokument/{revised}").status_code == status, role
        assert clients[role].get(f"/api/documents/{revised}").status_code == status, role
    lund_latest = next(r["latest"] for r in anonymous.get("/api/overview", params={"lan": LAN}).json()["kommuner"]
                       if r["kommun"] == "Lund")
    assert lund_latest["id"] != revised
    assert all(d["id"] != revised for g in ystad.get("/api/kommun/Lund").json()["groups"] for d in g["documents"])
    mine = lund.get("/min-kommun").text
    assert f'href="/dokument/{revised}"' in mine and f"ej publicerad (Inventering 2026, publiceras {FUTURE})" in mine
    page = lund.get(f"/dokument/{revised}").text
    assert "Målet saknar mätetal." in page and "Råd:" in page and "Skriv genmäle om M2" in page

    # the kommun answers, with a page reference; another kommun cannot
    appendix = b"%PDF-1.4 bilaga 2 med matetal"
    reply = submit_form(lund, f"/dokument/{revised}", f"/dokument/{revised}/genmale",
                        {"item_id": "M2", "comment": "Mätetalen står i bilaga 2.", "sida": "3"},
                        files=[("bilaga", ("bilaga 2.pdf", appendix, "application/pdf"))])
    assert reply.status_code == 303 and "genmale=1" in reply.headers["location"]
    empty = submit_form(lund, "/min-kommun", f"/dokument/{revised}/genmale", {"item_id": "M2", "comment": "x"},
                        files=[("bilaga", ("tom.pdf", b"", "application/pdf"))])
    assert empty.status_code == 400 and "Bilagan tom.pdf är tom." in empty.text
    assert submit_form(ystad, "/min-kommun", f"/dokument/{revised}/genmale",
                       {"item_id": "M2", "comment": "x"}).status_code == 404
    ystad_doc = document_id(dialogue_path, "ystad_2022.txt")
    assert submit_form(lund, "/min-kommun", f"/dokument/{ystad_doc}/genmale",
                       {"item_id": "M2", "comment": "x"}).status_code == 403
    bad_page = submit_form(lund, "/min-kommun", f"/dokument/{revised}/genmale",
                           {"item_id": "U1", "comment": "x", "sida": "tre"})
    assert bad_page.status_code == 400 and "sidnummer" in bad_page.text
    second = submit_form(lund, "/min-kommun", f"/dokument/{revised}/genmale",
                         {"item_id": "U1", "comment": "Uppföljningen beskrivs i avsnitt 5."})
    assert second.status_code == 303

    # the reviewer answers: one accepted with a new score, one explained
    replies = {row["item_id"]: row["id"] for row in db_rows(
        dialogue_path, "SELECT id, item_id FROM review WHERE kind = 'genmäle' AND document_id = ?", [revised])}
    assert "Svara på genmälet från lund1" in granskare.get(f"/dokument/{revised}").text
    assert submit_form(lund, "/min-kommun", f"/genmale/{replies['M2']}/svar",
                       {"utfall": "godtaget", "score": "2"}).status_code == 403
    no_score = submit_form(granskare, "/sjalvtest", f"/genmale/{replies['M2']}/svar", {"utfall": "godtaget"})
    assert no_score.status_code == 400
    no_reason = submit_form(granskare, "/sjalvtest", f"/genmale/{replies['U1']}/svar", {"utfall": "forklarat"})
    assert no_reason.status_code == 400
    before_u1 = item_score(granskare, revised, "U1")
    assert submit_form(granskare, "/sjalvtest", f"/genmale/{replies['M2']}/svar",
                       {"utfall": "godtaget", "score": "2", "comment": "Bilagan visar mätetalen."}).status_code == 303
    assert submit_form(granskare, "/sjalvtest", f"/genmale/{replies['U1']}/svar",
                       {"utfall": "forklarat", "comment": "Avsnitt 5 saknar ansvarig."}).status_code == 303
    assert item_score(lund, revised, "M2") == 2 and item_score(lund, revised, "U1") == before_u1
    history = lund.get(f"/dokument/{revised}").text
    for shown in ("Mätetalen står i bilaga 2.", "(se s. 3)", "(svar på genmälet): poäng 2", "Bilagan visar mätetalen.",
                  "Avsnitt 5 saknar ansvarig."):
        assert shown in history
    attachment = f"/genmale/{replies['M2']}/bilaga"
    assert f'(bilaga: <a href="{attachment}">bilaga 2.pdf</a>)' in history
    for role, status in (("anonym", 404), ("kommun_annan", 404), ("kommun_egen", 200), ("granskare", 200)):
        download = clients[role].get(attachment)
        assert download.status_code == status, role
    download = lund.get(attachment)
    assert download.content == appendix and download.headers["content-disposition"].startswith("attachment")
    assert lund.get(f"/genmale/{replies['U1']}/bilaga").status_code == 404  # that one has none
    assert "Svara på genmälet" not in granskare.get(f"/dokument/{revised}").text  # both answered

    # the publication date passes: everyone sees the results, with the reviewed score
    db = open_db(dialogue_path, migrate=False)
    db.execute("UPDATE review_round SET publish_on = ? WHERE id = ?", [date.today().isoformat(), round_id])
    db.conn.close()
    assert anonymous.get(f"/dokument/{revised}").status_code == 200
    assert item_score(ystad, revised, "M2") == 2
    assert any(d["id"] == revised for g in anonymous.get("/api/kommun/Lund").json()["groups"] for d in g["documents"])


def test_round_input_errors_are_swedish(clients):
    granskare = clients["granskare"]
    no_date = submit_form(granskare, "/omgangar", "/omgangar", {"name": "Inventering 2027", "publiceras": "snart"})
    assert no_date.status_code == 400 and "ÅÅÅÅ-MM-DD" in no_date.text
    open_round(granskare, "Inventering 2027", FUTURE, [1])
    twice = submit_form(granskare, "/omgangar", "/omgangar", {"name": "inventering 2027", "publiceras": FUTURE})
    assert twice.status_code == 400 and "finns redan" in twice.text
    assert granskare.get("/omgangar/999").status_code == 404
    empty = submit_form(granskare, "/omgangar", "/omgangar/1/dokument", {})
    assert empty.status_code == 400 and "minst ett dokument" in empty.text
    for role in ("kommun_egen", "anonym"):
        assert clients[role].get("/omgangar", follow_redirects=False).status_code in (303, 403)
        assert submit_form(clients[role], "/sjalvtest", "/omgangar", {"name": "x", "publiceras": FUTURE}).status_code in (
            401, 403)


def test_a_submission_confirmed_into_a_round_stays_unpublished(clients, dialogue_path):
    granskare = clients["granskare"]
    round_id = open_round(granskare, "Inventering 2026", FUTURE, [1])
    files = [("files", ("lund_ny.txt", "Samverkansöverenskommelse mellan Lund kommun och polisen.".encode(),
                        "text/plain"))]
    submit_form(clients["kommun_egen"], "/min-kommun", "/min-kommun/lamna-in", {}, files=files)
    new_id = document_id(dialogue_path, "lund_ny.txt")
    assert "Inventering 2026 (publiceras" in granskare.get("/inlamnade").text
    missing_round = submit_form(granskare, "/inlamnade", f"/dokument/{new_id}/bekrafta",
                                {"typ": "samverkansoverenskommelse", "omgang": "999"})
    assert missing_round.status_code == 400 and "Omgång 999 finns inte" in missing_round.text
    assert db_rows(dialogue_path, "SELECT status, round_id FROM document WHERE id = ?", [new_id]) == [
        {"status": "inlämnad", "round_id": None}]
    confirmed = submit_form(granskare, "/inlamnade", f"/dokument/{new_id}/bekrafta",
                            {"typ": "samverkansoverenskommelse", "omgang": str(round_id)})
    assert confirmed.status_code == 303
    assert clients["anonym"].get(f"/dokument/{new_id}").status_code == 404
    assert clients["kommun_egen"].get(f"/dokument/{new_id}").status_code == 200


def test_the_dialogue_is_for_staff_and_the_kommun_itself(clients, dialogue_path):
    """Another kommun reads a published document as an anonymous visitor does: which scores were changed,
    not by whom, why, nor the kommun's genmälen."""
    published = document_id(dialogue_path, "lund_2019.txt")
    submit_form(clients["granskare"], "/sjalvtest", f"/dokument/{published}/granskning",
                {"item_id": "R2", "score": "2", "comment": "Perioden framgår av bilagan."})
    submit_form(clients["kommun_egen"], "/sjalvtest", f"/dokument/{published}/genmale",
                {"item_id": "R1", "comment": "Överenskommelsen är undertecknad av båda parter."})
    reply = db_rows(dialogue_path, "SELECT id FROM review WHERE kind = 'genmäle'")[0]["id"]
    submit_form(clients["granskare"], "/sjalvtest", f"/genmale/{reply}/svar", {"utfall": "godtaget", "score": "2"})
    secrets = ("Perioden framgår av bilagan.", "Överenskommelsen är undertecknad av båda parter.", "granskare1",
               "svar på genmälet")
    for role in ("anonym", "kommun_annan", "kommun_egen", "granskare", "admin"):
        client = clients[role]
        page = client.get(f"/dokument/{published}").text
        reviews = client.get(f"/api/documents/{published}/reviews").json()
        report = client.get("/rapport/kommun/Lund.html").text
        insider = role in ("kommun_egen", "granskare", "admin")
        assert all((secret in page) == insider for secret in secrets), role
        assert len(reviews) == (3 if insider else 2) and any(r["score"] == 2 for r in reviews), role
        assert ("Perioden framgår av bilagan." in report) == insider, role
