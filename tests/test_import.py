"""`plan_import` / `run_import` on real rendered documents scored by the real rule engine."""

from __future__ import annotations

import shutil

import pytest
from store_support import SAMPLE_IDS, render_corpus

from auditor.engine import checklist_version
from auditor.labels import ITEM_IDS
from auditor.store.documents import current_scores
from auditor.store.importer import plan_import, run_import
from auditor.store.reviews import add_review


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return render_corpus(tmp_path_factory.mktemp("korpus"))


def import_all(db, *paths, **options):
    return run_import(db, plan_import(db, paths, **options), actor="test")


def test_import_stores_every_file_then_skips_unchanged(db, corpus):
    summary = import_all(db, corpus.parent, manifest=corpus)
    assert (len(summary.imported), summary.unchanged, summary.rescored, summary.failed) == (len(SAMPLE_IDS), [], [], [])
    assert db.execute("SELECT count(*) FROM document").fetchone()[0] == len(SAMPLE_IDS)
    assert db.execute("SELECT count(*) FROM item_score").fetchone()[0] == 17 * len(SAMPLE_IDS)
    assert db.execute("SELECT count(*) FROM evidence").fetchone()[0] > 0
    again = plan_import(db, [corpus.parent], manifest=corpus)
    assert again.tasks == [] and len(again.unchanged) == len(SAMPLE_IDS)
    assert "Importerade: 0, oförändrade: 7, omräknade: 0, misslyckade: 0." in run_import(db, again, actor="t").text()


def test_manifest_sets_kommun_type_and_version(db, corpus):
    import_all(db, corpus.parent, manifest=corpus)
    row = next(db.query(
        "SELECT * FROM document_overview WHERE manifest_id = 'bjorkvik_ml_2022'"
    ))
    assert (row["kommun"], row["lan"], row["doc_type"], row["doc_type_source"]) == (
        "Björkvik", "Mellanskogs län", "medborgarlofte", "manifest"
    )
    assert (row["version_label"], row["period_from"], row["period_to"]) == ("revised", 2022, 2022)
    scores = current_scores(db, row["id"])
    assert set(scores) == set(ITEM_IDS) and not scores["A2"]["applicable"]


def test_without_manifest_the_detected_type_is_kept(db, corpus):
    import_all(db, corpus.parent / "stensjo_strategi_2020.pdf")
    row = next(db.query("SELECT doc_type, doc_type_source, version_label FROM document"))
    assert row["doc_type_source"] == "automatisk" and row["version_label"] is None


def test_corrupt_and_empty_files_are_reported_and_skipped(db, corpus, tmp_path):
    batch = tmp_path / "batch"
    shutil.copytree(corpus.parent, batch)
    (batch / "trasig.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00trasig" * 50)
    (batch / "undermapp").mkdir()
    (batch / "undermapp" / "tom.txt").write_bytes(b"")
    (batch / "gammal.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    summary = import_all(db, batch)
    failed = dict(summary.failed)
    assert set(failed) == {"trasig.pdf", "tom.txt", "gammal.doc"}
    assert "tom" in failed["tom.txt"] and "Word" in failed["gammal.doc"]
    assert len(summary.imported) == len(SAMPLE_IDS)
    assert db.execute("SELECT count(*) FROM document WHERE file_name IN ('trasig.pdf', 'tom.txt', 'gammal.doc')").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM file_blob").fetchone()[0] == len(SAMPLE_IDS)
    assert "misslyckade: 3" in summary.text() and "Misslyckades: tom.txt:" in summary.text()


def test_checklist_change_rescores_every_document_from_its_stored_copy(db, corpus, tmp_path):
    batch = tmp_path / "batch"
    shutil.copytree(corpus.parent, batch)
    import_all(db, batch, manifest=batch / "manifest.yaml")
    document_id = next(db.query("SELECT id FROM document WHERE manifest_id = 'bjorkvik_so_2021'"))["id"]
    add_review(db, document_id, item_id="O1", score=2, reviewer="Eva", comment="Orsaker finns i bilagan")
    shutil.rmtree(batch)  # the originals are gone: re-scoring must use the stored copies

    plan = plan_import(db, [], checklist_version="en äldre checklista")
    assert len(plan.tasks) == len(SAMPLE_IDS) and all(task.data for task in plan.tasks)
    summary = run_import(db, plan, actor="test")
    assert len(summary.rescored) == len(SAMPLE_IDS) and summary.failed == []
    assert db.execute("SELECT count(*) FROM scoring_run").fetchone()[0] == 2 * len(SAMPLE_IDS)
    assert current_scores(db, document_id)["O1"]["reviewed_score"] == 2
    row = next(db.query("SELECT doc_type, doc_type_source FROM document WHERE id = ?", [document_id]))
    assert row == {"doc_type": "samverkansoverenskommelse", "doc_type_source": "manifest"}
    assert plan_import(db, []).tasks == []  # the runs now carry the current checklist version
    assert {r[0] for r in db.execute("SELECT checklist_version FROM latest_run")} == {checklist_version()}


def test_cheap_checklist_version_equals_the_compiled_checklists():
    from auditor.engine.checklist import load_checklist

    assert checklist_version() == load_checklist().version


def test_a_manifest_given_later_updates_stored_documents(db, corpus):
    import_all(db, corpus.parent)
    assert db.execute("SELECT count(*) FROM document WHERE version_label IS NOT NULL").fetchone()[0] == 0
    summary = import_all(db, corpus.parent, manifest=corpus)
    assert len(summary.rescored) == len(SAMPLE_IDS) and summary.imported == []
    row = next(db.query("SELECT * FROM document_overview WHERE manifest_id = 'ostan_ml_2019'"))
    assert (row["kommun"], row["doc_type"], row["doc_type_source"], row["version_label"]) == (
        "Östan", "medborgarlofte", "manifest", "baseline"
    )
    assert not current_scores(db, row["id"])["A3"]["applicable"]
    assert plan_import(db, [corpus.parent], manifest=corpus).tasks == []  # applied once, then unchanged
