"""Per-item confidence: what `auditor score` says about how sure each score is, how `auditor evaluate` reports
it, and how `auditor calibrate` chooses its threshold without judging a document by its own labels."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.analysis.passages import passage_document
from auditor.engine import confidence
from auditor.engine.confidence import confidence_of, counts
from auditor.engine.scoring import score_document
from auditor.evaluation.evaluate import ScoredItem, calibrate

AUDITOR = str(Path(sys.executable).parent / "auditor")
BLIND = Path(__file__).resolve().parent.parent / "corpus_blind" / "files"


@pytest.fixture(scope="module")
def scored() -> dict[str, list[dict]]:
    """The items of a text export and of a scan, as `auditor score --format json` gives them."""
    names = ("norrvalla_so_2022.txt", "hallvik_so_2019.pdf")
    done = subprocess.run([AUDITOR, "score", *(str(BLIND / name) for name in names), "--format", "json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return {name: result["items"] for name, result in zip(names, json.loads(done.stdout))}


@pytest.mark.slow  # `scored` runs the CLI on two documents, one read by OCR
def test_every_item_says_how_sure_it_is_and_why_when_unsure(scored):
    for items in scored.values():
        for item in items:
            assert 0.0 <= item["confidence"] <= 1.0
            assert item["needs_review"] == bool(item["review_reason"])
            assert set(item["doubts"]) <= {"near_next", "single_evidence", "few_evidence", "ocr", "doc_type_uncertain"}
            assert not {"single_evidence", "few_evidence"} <= set(item["doubts"])  # one passage or a few, not both
    scan = scored["hallvik_so_2019.pdf"]
    assert all("ocr" in item["doubts"] for item in scan if item["applicable"])
    # whether an OCR-read score needs review is the calibration's call; when it does, the reason names OCR
    assert all("OCR-läst text" in item["review_reason"] for item in scan if item["needs_review"])


def test_a_sign_of_doubt_that_makes_an_item_unsure_is_named(monkeypatch):
    # scores read by OCR that readers often disagreed with, scores without doubts that they agreed with
    table = counts([("R2", 2, ["ocr"], False)] * 30 + [("R2", 2, [], True)] * 30)
    monkeypatch.setattr(confidence, "calibration", lambda: {"threshold": 0.8, "counts": table})
    unsure = confidence.assess("R2", 2, confidence.Signals(ocr=True))
    assert unsure.needs_review and unsure.doubts == ["ocr"]
    assert unsure.review_reason == "OCR-läst text: ord kan vara feltolkade."
    sure = confidence.assess("R2", 2, confidence.Signals())
    assert not sure.needs_review and sure.review_reason == ""


@pytest.mark.slow
def test_a_score_one_condition_short_of_the_next_level_says_so(scored, monkeypatch):
    near = [item for items in scored.values() for item in items if "near_next" in item["doubts"]]
    assert near and all(item["score"] < 2 for item in near)
    # where readers often disagreed with such scores, the reason names the boundary and what was missing
    passage = passage_document("Polisens statistik och kommunens trygghetsmätning pekar åt samma håll.")
    doubts = score_document(passage).item("L2").doubts
    assert "near_next" in doubts
    table = counts([("L2", 1, doubts, False)] * 30)
    monkeypatch.setattr(confidence, "calibration", lambda: {"threshold": 0.8, "counts": table})
    item = score_document(passage).item("L2")
    assert item.score == 1 and item.needs_review
    assert item.review_reason.startswith("Gränsfall mellan 1 och 2: hittade 2 av minst 3")


def test_groups_seen_rarely_lean_on_the_wider_group():
    table = counts([("R1", 2, [], True)] * 40 + [("R1", 2, ["ocr"], False)] * 10 + [("O2", 2, [], False)])
    assert confidence_of("R1", 2, [], table) > 0.9
    assert confidence_of("R1", 2, ["ocr"], table) < 0.3
    one_miss = confidence_of("O2", 2, [], table)
    assert 0.5 < one_miss < confidence_of("R1", 2, [], table)  # one observation moves it, but not to 0


def test_calibration_judges_each_document_by_the_others_only():
    # every item of document "a" agrees, every item of "b" disagrees; the doubt pattern is the same
    scored = [ScoredItem(doc, "R1", 2 if doc == "a" else 1, 2, False, []) for doc in ("a", "b") for _ in range(20)]
    result = calibrate(scored, target=0.9)
    assert result["counts"]["R1|2|"] == [20, 40]
    # left out, "a" is judged by "b" (never agreed) and "b" by "a" (always agreed): the items called sure are
    # b's, which all disagree; judged in-sample the same threshold would have claimed a's perfect agreement
    assert result["cross_validated"]["sure_exact"] in (None, 0.0)
