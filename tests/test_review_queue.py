"""The review queue: unsure, unreviewed items, the ones the län figures rest on first; a review takes an item
out of the queue (CLI and web)."""

from __future__ import annotations

import json
import re
import shutil

from click.testing import CliRunner
from fastapi.testclient import TestClient
from web_support import log_in, make_app

from auditor.cli import cli
from auditor.store.review_queue import DECIDING


def _queue(db) -> list[dict]:
    result = CliRunner().invoke(cli, ["review-queue", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_queue_lists_unsure_items_deciding_ones_first_and_a_review_takes_one_out(tmp_path):
    files = tmp_path / "filer"
    files.mkdir()
    for name in ("norrvalla_so_2022.txt", "ekebro_so_2023.docx", "vallby_so_2025.pdf"):
        shutil.copy(f"corpus_blind/files/{name}", files / name)
    db = tmp_path / "kö.db"
    assert CliRunner().invoke(cli, ["import", str(files), "--db", str(db)]).exit_code == 0
    queue = _queue(db)
    assert len(queue) >= 2, "three full-length documents leave several unsure items (see auditor/calibration.yaml)"
    assert all(entry["review_reason"] for entry in queue)
    deciding = [entry["deciding"] for entry in queue]
    assert deciding == sorted(deciding, reverse=True) and set(e["item_id"] for e in queue if e["deciding"]) <= DECIDING
    first = queue[0]
    review = CliRunner().invoke(cli, ["review", str(first["document_id"]), first["item_id"], "--score",
                                      str(first["score"]), "--comment", "Stämmer.", "--db", str(db)])
    assert review.exit_code == 0, review.output
    after = _queue(db)
    assert len(after) == len(queue) - 1
    assert (first["document_id"], first["item_id"]) not in {(e["document_id"], e["item_id"]) for e in after}
    text = CliRunner().invoke(cli, ["review-queue", "--db", str(db), "--limit", "1"]).output
    assert text.startswith("1 osäkra punkter att granska") and "Varför osäker:" in text


def test_staff_confirm_an_item_from_the_web_queue_and_anonymous_visitors_are_refused(fresh_db_path):
    with TestClient(make_app(fresh_db_path)) as client:
        anonymous = client.get("/granska", follow_redirects=False)
        assert anonymous.status_code in (401, 303) and "Granskningskö" not in anonymous.text
        log_in(client)
        page = client.get("/granska")
        assert page.status_code == 200
        forms = re.findall(r'action="/dokument/(\d+)/granskning">.*?name="item_id" value="(\w+)">.*?'
                           r'name="score" value="(\d)"', page.text, re.S)
        assert forms, "the seeded documents have unsure items"
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        document_id, item_id, score = forms[0]
        confirmed = client.post(f"/dokument/{document_id}/granskning", follow_redirects=False, data={
            "csrf_token": token, "item_id": item_id, "score": score, "comment": "Bekräftad i granskningskön.",
            "tillbaka": "/granska"})
        assert confirmed.headers["location"] == "/granska?bekraftad=1"
        again = client.get("/granska?bekraftad=1").text
        assert "Poängen är bekräftad." in again
        assert (document_id, item_id, score) not in re.findall(
            r'action="/dokument/(\d+)/granskning">.*?name="item_id" value="(\w+)">.*?name="score" value="(\d)"',
            again, re.S)
        assert client.get("/granska?lan=Atlantis").status_code == 404
