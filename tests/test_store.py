"""The schema, migrations and the store's write/read functions."""

from __future__ import annotations

import json
import sqlite3

import pytest
from store_support import make_result, store

from auditor.engine.result import Evidence
from auditor.store import migrations
from auditor.store.db import open_db
from auditor.store.documents import current_scores, get_document
from auditor.store.reviews import add_review, review_history
from auditor.store.sql import StoreError, transaction


def test_fresh_database_has_every_migration_and_the_official_kommuner(db):
    assert migrations.applied_migrations(db) == [name for name, _ in migrations.MIGRATIONS]
    assert db.execute("SELECT count(*) FROM kommun WHERE source = 'officiell'").fetchone()[0] == 290
    assert db.execute("SELECT count(*) FROM lan").fetchone()[0] == 21
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_migrating_again_applies_nothing(db, tmp_path):
    assert migrations.migrate(db) == []
    reopened = open_db(tmp_path / "test.db")
    assert migrations.applied_migrations(reopened) == [name for name, _ in migrations.MIGRATIONS]
    assert reopened.execute("SELECT count(*) FROM kommun").fetchone()[0] == 290


def test_old_database_upgrades_in_place_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.db"
    old = open_db(path, migrate=False)
    assert migrations.migrate(old, upto="0001_documents_and_scores") == ["0001_documents_and_scores"]
    assert not old["review"].exists()
    with transaction(old):
        old.execute("INSERT INTO file_blob VALUES ('abc', 3, x'010203')")
        old.execute(
            "INSERT INTO document (sha256, file_name, format, doc_type, doc_type_source, imported_at) "
            "VALUES ('abc', 'gammal.pdf', 'pdf', 'samverkansoverenskommelse', 'automatisk', '2020-01-01')"
        )
        # a scoring run as the first schema stored it (written by hand: today's code writes today's columns)
        result = make_result({"R1": 1})
        old.execute("INSERT INTO scoring_run (document_id, checklist_version, tool_version, doc_type, total, "
                    "max_total, percent, result_json, created_at) VALUES (1, 'v1', '0.1', "
                    "'samverkansoverenskommelse', 1, 34, 2.9, ?, '2020-01-01')", [json.dumps(result.to_dict())])
        for item in result.items:
            old.execute("INSERT INTO item_score (run_id, item_id, area, title, score, max, applicable, missing_json, "
                        "advice) VALUES (1, ?, ?, ?, ?, 2, 1, '[]', '')", [item.id, item.area, item.title, item.score])
    old.conn.close()

    upgraded = open_db(path)
    assert migrations.applied_migrations(upgraded)[-1] == migrations.MIGRATIONS[-1][0]
    assert get_document(upgraded, 1)["file_name"] == "gammal.pdf"
    add_review(upgraded, 1, item_id="R1", score=2, comment="Underskrifterna finns.", reviewer="Eva")
    assert current_scores(upgraded, 1)["R1"]["score"] == 2


def test_scored_document_is_stored_with_blob_run_items_evidence_and_goals(db):
    result = make_result({"R1": 2, "O1": 0}, kommun="Malmö")
    document_id = store(db, "malmo_so.pdf", result, kommun="Malmö", lan="Skåne län", period="2021–2024")
    document = get_document(db, document_id)
    assert (document["kommun"], document["lan"]) == ("Malmö", "Skåne län")
    assert (document["period_from"], document["period_to"], document["is_draft"]) == (2021, 2024, 0)
    assert document["total"] == result.total and document["max_total"] == 34
    assert db.execute("SELECT content FROM file_blob WHERE sha256 = ?", [document["sha256"]]).fetchone()[0] == (
        "innehåll i malmo_so.pdf".encode()
    )
    scores = current_scores(db, document_id)
    assert len(scores) == 17 and scores["R1"]["automatic_score"] == 2 and scores["O1"]["evidence"] == []
    assert scores["R1"]["evidence"][0]["quote"] == "Belägg för R1 i dokument.pdf"
    assert db.execute("SELECT count(*) FROM goal").fetchone()[0] == 1
    assert db.execute("SELECT action FROM audit_log").fetchone()[0] == "importera"


def test_same_file_twice_is_stored_once(db):
    assert store(db, "a.pdf", make_result()) is not None
    assert store(db, "a.pdf", make_result()) is None
    assert db.execute("SELECT count(*) FROM document").fetchone()[0] == 1


def test_failure_midway_leaves_no_partial_rows(db):
    broken = make_result()
    # a quote-less evidence row violates NOT NULL after the document, run and item rows were written
    broken.items[5].evidence = [Evidence("L3", None, 0, 1, 1, "L3.regel")]
    with pytest.raises(sqlite3.IntegrityError):
        store(db, "trasig.pdf", broken, kommun="Björkvik")
    for table in ("document", "file_blob", "scoring_run", "item_score", "evidence", "goal", "audit_log"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert db.execute("SELECT count(*) FROM kommun WHERE name = 'Björkvik'").fetchone()[0] == 0


def test_manifest_kommun_is_registered_under_its_lan(db):
    document_id = store(db, "bjorkvik.pdf", make_result(), kommun="Björkvik", lan="Mellanskogs län")
    row = db.execute(
        "SELECT k.source, l.name FROM kommun k JOIN lan l ON l.id = k.lan_id WHERE k.name = 'Björkvik'"
    ).fetchone()
    assert row == ("manifest", "Mellanskogs län")
    assert get_document(db, document_id)["kommun"] == "Björkvik"


def test_review_overrides_score_and_keeps_full_history(db):
    document_id = store(db, "a.pdf", make_result({"M2": 1}))
    add_review(db, document_id, item_id="M2", score=2, comment="Mätbart mål finns i bilagan", reviewer="Eva")
    add_review(db, document_id, item_id="M2", comment="Bilagan kontrollerad", reviewer="Per")
    add_review(db, document_id, item_id="M2", kind="genmäle", comment="Kommunen instämmer", reviewer="Kommunen")
    row = current_scores(db, document_id)["M2"]
    assert (row["automatic_score"], row["reviewed_score"], row["score"], row["reviewer"]) == (1, 2, 2, "Eva")
    assert [r["kind"] for r in review_history(db, document_id, "M2")] == ["granskning", "granskning", "genmäle"]
    assert get_document(db, document_id)["total"] == get_document(db, document_id)["automatic_total"] + 1
    assert db.execute("SELECT count(*) FROM audit_log WHERE table_name = 'review'").fetchone()[0] == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"item_id": "M2", "score": 2, "kind": "genmäle"}, "genmäle"),
        ({"item_id": "X9", "score": 1}, "Okänd punkt"),
        ({"score": 1}, "måste gälla en punkt"),
        ({"item_id": "A2", "score": 1}, "inte tillämplig"),
        ({"item_id": "R1"}, "poäng eller en kommentar"),
    ],
)
def test_invalid_reviews_are_refused_with_a_swedish_reason(db, kwargs, message):
    document_id = store(db, "ml.pdf", make_result(doc_type="medborgarlofte"))
    with pytest.raises(StoreError, match=message):
        add_review(db, document_id, reviewer="Eva", **kwargs)
    assert db.execute("SELECT count(*) FROM review").fetchone()[0] == 0


def test_database_path_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_DB", str(tmp_path / "env" / "från_miljön.db"))
    open_db()
    assert (tmp_path / "env" / "från_miljön.db").exists()
