"""Every example passage in checklist_17.yaml scores exactly the level it is labelled with."""

from __future__ import annotations

import pytest

from auditor.analysis.context import ScanContext
from auditor.analysis.doctype import classify
from auditor.analysis.goals import analyse_goals
from auditor.analysis.passages import passage_document
from auditor.engine.checklist import load_checklist
from auditor.engine.scoring import score_item

CHECKLIST = load_checklist()
CASES = [
    pytest.param(item, example, id=f"{item.id}-level{example.level}-ex{example.number}")
    for item in CHECKLIST.items
    for example in item.examples
]


@pytest.mark.parametrize(("item", "example"), CASES)
def test_example_scores_as_labelled(item, example):
    document = passage_document(example.text)
    result = score_item(item, ScanContext(document, CHECKLIST, example.doc_type), example.doc_type)
    quotes = [e.quote for e in result.evidence]
    assert result.score == example.level, f"{example.text!r} -> {result.score}, underlag {quotes}"


def test_every_item_has_three_examples_per_level():
    for item in CHECKLIST.items:
        for level in (0, 1, 2):
            assert sum(e.level == level for e in item.examples) >= 3, (item.id, level)


@pytest.mark.parametrize("example", CHECKLIST.goal_examples, ids=lambda e: e.text[:40])
def test_goal_analysis_example(example):
    goals = analyse_goals(ScanContext(passage_document(example.text), CHECKLIST, None))
    assert [(g.kind, g.time_bound, g.baseline) for g in goals] == [(example.kind, example.time_bound, example.baseline)]


@pytest.mark.parametrize(("text", "doc_type"), CHECKLIST.type_examples, ids=lambda v: v[:40])
def test_document_type_example(text, doc_type):
    assert classify(passage_document(text), CHECKLIST.document_types).doc_type == doc_type
