"""A kommun account submits its signed documents: scored at once, visible to the kommun and to staff, and
counted in the län overview only once staff have confirmed type and version."""

from __future__ import annotations

from dialogue_support import db_rows, submit_form
from web_support import LAN, agreement_text


def submit(client, name: str, text: str, typ: str = ""):
    files = [("files", (name, text.encode("utf-8"), "text/plain"))]
    return submit_form(client, "/min-kommun", "/min-kommun/lamna-in", {"typ": typ}, files=files)


def lund_documents(client) -> list[int]:
    return [d["id"] for group in client.get("/api/kommun/Lund").json()["groups"] for d in group["documents"]]


def latest_in_overview(client, kommun: str) -> int | None:
    rows = client.get("/api/overview", params={"lan": LAN}).json()["kommuner"]
    latest = next(row["latest"] for row in rows if row["kommun"] == kommun)
    return latest["id"] if latest else None


def test_a_submission_waits_for_confirmation_before_it_counts(clients, dialogue_path):
    lund1, granskare = clients["kommun_egen"], clients["granskare"]
    before = latest_in_overview(clients["anonym"], "Lund")
    response = submit(lund1, "lund_2025_undertecknad.txt", agreement_text("Lund", 2025, revised=True))
    assert response.status_code == 200 and "Inlämnade: lund_2025_undertecknad.txt" in response.text
    [row] = db_rows(dialogue_path, "SELECT o.id, o.status, o.kommun, o.total, o.is_draft FROM document_overview o "
                    "WHERE file_name = 'lund_2025_undertecknad.txt'")
    assert row["status"] == "inlämnad" and row["kommun"] == "Lund" and row["total"] > 20 and not row["is_draft"]
    new_id = row["id"]
    assert "inlämnad, väntar på bekräftelse" in lund1.get("/min-kommun").text

    # not counted yet, and readable only by the kommun and staff
    for role in ("anonym", "granskare", "admin"):
        assert latest_in_overview(clients[role], "Lund") == before
        assert new_id not in lund_documents(clients[role])
    for role, status in (("anonym", 404), ("kommun_annan", 404), ("kommun_egen", 200), ("granskare", 200),
                         ("admin", 200)):
        assert clients[role].get(f"/dokument/{new_id}").status_code == status, role
        assert clients[role].get(f"/api/documents/{new_id}/reviews").status_code == status, role
    assert clients["anonym"].get(f"/jamfor/{before}/{new_id}").status_code == 404
    assert "lund_2025_undertecknad.txt" in granskare.get("/inlamnade").text

    # the kommun cannot confirm its own submission; staff can, once
    assert submit_form(lund1, "/min-kommun", f"/dokument/{new_id}/bekrafta",
                       {"typ": "samverkansoverenskommelse"}).status_code == 403
    confirmed = submit_form(granskare, "/inlamnade", f"/dokument/{new_id}/bekrafta",
                            {"typ": "samverkansoverenskommelse", "version": "revised", "omgang": ""})
    assert confirmed.status_code == 303
    assert latest_in_overview(clients["anonym"], "Lund") == new_id
    assert new_id in lund_documents(clients["anonym"])
    assert clients["kommun_annan"].get(f"/dokument/{new_id}").status_code == 200
    assert db_rows(dialogue_path, "SELECT version_label FROM document WHERE version_label = 'revised' AND "
                   "kommun_id = (SELECT kommun_id FROM document WHERE id = ?)", [new_id]) == [{"version_label": "revised"}]
    again = submit_form(granskare, "/inlamnade", f"/dokument/{new_id}/bekrafta", {"typ": "samverkansoverenskommelse"})
    assert again.status_code == 400 and "väntar inte på bekräftelse" in again.text


def test_a_changed_type_is_scored_again(clients, dialogue_path):
    submit(clients["kommun_egen"], "lund_lofte.txt", agreement_text("Lund", 2025, revised=True),
           typ="samverkansoverenskommelse")
    [row] = db_rows(dialogue_path, "SELECT id FROM document WHERE file_name = 'lund_lofte.txt'")
    assert submit_form(clients["admin"], "/inlamnade", f"/dokument/{row['id']}/bekrafta",
                       {"typ": "medborgarlofte"}).status_code == 303
    runs = db_rows(dialogue_path, "SELECT doc_type, max_total FROM scoring_run WHERE document_id = ? ORDER BY id",
                   [row["id"]])
    assert [(r["doc_type"], r["max_total"]) for r in runs] == [("samverkansoverenskommelse", 34), ("medborgarlofte", 30)]


def test_a_kommun_account_submits_only_for_its_own_kommun(clients, dialogue_path):
    """There is no kommun to choose: a Lund account's upload is Lund's, whatever the text says."""
    submit(clients["kommun_egen"], "om_ystad.txt", agreement_text("Ystad", 2025, revised=True))
    assert db_rows(dialogue_path, "SELECT kommun FROM document_overview WHERE file_name = 'om_ystad.txt'") == [
        {"kommun": "Lund"}]
    assert "om_ystad.txt" not in clients["kommun_annan"].get("/min-kommun").text
    for role in ("anonym", "granskare"):
        refused = submit(clients[role], "x.txt", "text")
        assert refused.status_code in (401, 403)
    empty = submit_form(clients["kommun_egen"], "/min-kommun", "/min-kommun/lamna-in", {})
    assert empty.status_code == 400 and "Välj minst en fil" in empty.text
    unreadable = submit(clients["kommun_egen"], "tom.txt", "")
    assert unreadable.status_code == 400 and "Kunde inte lämnas in" in unreadable.text
