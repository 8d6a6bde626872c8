"""Baseline/revised pairing, the comparison and its verdict rule."""

from __future__ import annotations

import pytest
from store_support import make_result, store

from auditor.store.compare import IMPROVED_ALL, IMPROVED_PARTLY, UNCHANGED, WORSE, compare_kommun, verdict
from auditor.store.reviews import add_review
from auditor.store.sql import StoreError
from auditor.store.versions import set_pair

AREA_TOTALS = [(2, 4, 6), (6, 6, 6)]  # (baseline, revised, max): first area improved, second was already full


@pytest.mark.parametrize(
    ("deltas", "areas", "expected"),
    [
        ([0, 0, 0], [(3, 3, 6)], UNCHANGED),
        ([1, 1, 0], AREA_TOTALS, IMPROVED_ALL),  # every non-full area up, nothing down
        ([1, 0, 0], [(2, 3, 6), (2, 2, 6)], IMPROVED_PARTLY),  # one area did not move
        ([2, -1, 0], [(2, 4, 6), (3, 2, 6)], IMPROVED_PARTLY),  # net gain but one item worse
        ([1, -1], [(2, 3, 6), (3, 2, 6)], IMPROVED_PARTLY),  # net zero, mixed
        ([1, -2], [(2, 3, 6), (3, 1, 6)], WORSE),
        ([0, -1], [(3, 3, 6), (3, 2, 6)], WORSE),
    ],
)
def test_verdict_rule(deltas, areas, expected):
    assert verdict(deltas, areas) == expected


def test_earliest_is_baseline_and_latest_revised_by_period(db):
    store(db, "2018.pdf", make_result(default=1), kommun="Björkvik", period="2018–2020")
    store(db, "2024.pdf", make_result(default=1), kommun="Björkvik", period="2024–2026")
    store(db, "2021.pdf", make_result(default=2), kommun="Björkvik", period="2021–2023")
    [comparison] = compare_kommun(db, "björkvik")
    assert (comparison["baseline"]["file_name"], comparison["revised"]["file_name"]) == ("2018.pdf", "2024.pdf")
    assert comparison["verdict"] == UNCHANGED
    assert all(item["evidence"] is None for item in comparison["items"])


def test_date_orders_documents_without_period(db):
    store(db, "senare.pdf", make_result(default=2), kommun="Björkvik", date="2022-05-01")
    store(db, "tidigare.pdf", make_result(default=1), kommun="Björkvik", date="2019-03-12")
    [comparison] = compare_kommun(db, "Björkvik")
    assert comparison["revised"]["file_name"] == "senare.pdf"
    assert comparison["verdict"] == IMPROVED_ALL
    assert comparison["total"] == {"baseline": 17, "revised": 34, "max": 34, "delta": 17}


def test_manifest_labels_and_pair_override_the_order(db):
    first = store(db, "a.pdf", make_result(default=1), kommun="Björkvik", period="2018", version="revised")
    second = store(db, "b.pdf", make_result(default=1, scores={"O1": 0}), kommun="Björkvik", period="2021",
                   version="baseline")
    third = store(db, "c.pdf", make_result(default=1, scores={"O1": 2}), kommun="Björkvik", period="2023")
    [comparison] = compare_kommun(db, "Björkvik")
    assert (comparison["baseline"]["id"], comparison["revised"]["id"]) == (second, first)
    set_pair(db, "Björkvik", second, third, actor="Eva")
    [comparison] = compare_kommun(db, "Björkvik")
    assert (comparison["baseline"]["id"], comparison["revised"]["id"]) == (second, third)
    changed = [item for item in comparison["items"] if item["delta"]]
    assert [(i["id"], i["baseline"], i["revised"]) for i in changed] == [("O1", 0, 2)]
    assert changed[0]["evidence"]["revised"][0]["quote"].startswith("Belägg för O1")
    assert comparison["areas"]["Orsaksanalys"] == {"baseline": 1, "revised": 3, "max": 4, "delta": 2}
    assert comparison["verdict"] == IMPROVED_PARTLY


def test_comparison_uses_reviewed_scores(db):
    store(db, "a.pdf", make_result(default=1), kommun="Björkvik", period="2018")
    revised = store(db, "b.pdf", make_result(default=1), kommun="Björkvik", period="2022")
    add_review(db, revised, item_id="U3", score=0, reviewer="Eva", comment="Ingen revidering")
    [comparison] = compare_kommun(db, "Björkvik")
    assert comparison["verdict"] == WORSE
    assert comparison["total"]["delta"] == -1


def test_medborgarlofte_compared_without_a2_and_a3(db):
    for name, period in (("ml1.pdf", "2019"), ("ml2.pdf", "2022")):
        store(db, name, make_result(doc_type="medborgarlofte"), kommun="Östan", lan="Norrkusts län", period=period)
    [comparison] = compare_kommun(db, "Östan", "medborgarlofte")
    assert comparison["total"]["max"] == 30
    assert "A2" not in {item["id"] for item in comparison["items"]}


def test_pairing_refuses_documents_of_another_kommun_or_type(db):
    own = store(db, "a.pdf", make_result(), kommun="Björkvik", period="2018")
    other = store(db, "b.pdf", make_result(), kommun="Stensjö", period="2021")
    own_ml = store(db, "c.pdf", make_result(doc_type="medborgarlofte"), kommun="Björkvik", period="2021")
    with pytest.raises(StoreError, match="hör inte till Björkvik"):
        set_pair(db, "Björkvik", own, other, actor="Eva")
    with pytest.raises(StoreError, match="olika dokumenttyp"):
        set_pair(db, "Björkvik", own, own_ml, actor="Eva")
    with pytest.raises(StoreError, match="inga två versioner"):
        compare_kommun(db, "Björkvik")
