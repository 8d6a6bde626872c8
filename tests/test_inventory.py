"""The län inventory and the reviewer-agreement figures."""

from __future__ import annotations

from datetime import date

import pytest
from store_support import make_result, store

from auditor.store.agreement import agreement_report, linear_weighted_kappa
from auditor.store.documents import documents_for_kommun
from auditor.store.inventory import inventory
from auditor.store.reviews import add_review
from auditor.store.sql import StoreError

TODAY = date(2026, 3, 1)
SO, ML = "samverkansoverenskommelse", "medborgarlofte"


@pytest.fixture
def lan(db):
    """Four kommuner of Mellanskogs län and one of Norrkusts län, as of TODAY."""
    store(db, "bjorkvik_so.pdf", make_result({"O1": 2, "M2": 2, "U1": 2, "U3": 1}), kommun="Björkvik", period="2022–2026")
    store(db, "bjorkvik_ml.pdf", make_result({"R1": 2}, doc_type=ML), kommun="Björkvik", period="2026")
    store(db, "stensjo_so_1.pdf", make_result(default=1, scores={"O1": 0}), kommun="Stensjö", period="2016–2018")
    store(db, "stensjo_so_2.pdf", make_result(default=1, scores={"M2": 2}), kommun="Stensjö", period="2019–2020")
    ids = {"stensjo_ml": store(db, "stensjo_ml.pdf", make_result({"R1": 1}, doc_type=ML), kommun="Stensjö", period="2026")}
    store(db, "akerby_plan.pdf", make_result(doc_type="atgardsplan"), kommun="Åkerby", period="2025")
    ids["norrfors_so"] = store(db, "norrfors_so.pdf", make_result(default=0, scores={"R1": 1}), kommun="Norrfors", date="2015-06-01")
    store(db, "ostan_so.pdf", make_result(default=2), kommun="Östan", lan="Norrkusts län", period="2025–2027")
    return ids


def test_current_documents_and_neither(db, lan):
    report = inventory(db, "Mellanskogs", today=TODAY)
    assert report["lan"] == "Mellanskogs län" and report["kommuner"] == 4
    assert report["current_so"] == ["Björkvik", "Norrfors"]  # Stensjö's ended 2020; Norrfors has no period end
    assert report["current_joint_ml"] == ["Björkvik"]  # Stensjö's löfte is signed by one party (R1 = 1)
    assert report["neither"] == ["Stensjö", "Åkerby"]


def test_reviewed_score_takes_precedence(db, lan):
    add_review(db, lan["stensjo_ml"], item_id="R1", score=2, reviewer="Eva", comment="Båda har undertecknat")
    report = inventory(db, "Mellanskogs län", today=TODAY)
    assert report["current_joint_ml"] == ["Björkvik", "Stensjö"]
    assert report["neither"] == ["Åkerby"]


def test_today_decides_what_is_current(db, lan):
    assert inventory(db, "Mellanskogs", today=date(2019, 6, 1))["current_so"] == ["Björkvik", "Norrfors", "Stensjö"]


def test_quality_shares_over_latest_agreements(db, lan):
    quality = inventory(db, "Mellanskogs", today=TODAY)["quality"]
    # latest SÖ: Björkvik (O1 2, M2 2, U1 2, U3 1), Stensjö 2019 (1, 2, 1, 1), Norrfors (all 0)
    assert {key: (f["count"], f["base"]) for key, f in quality.items()} == {
        "orsaksanalys": (2, 3), "matbara_mal": (2, 3), "uppfoljning": (1, 3), "revidering": (2, 3),
    }


def test_item_distribution_support_needs_and_versions(db, lan):
    report = inventory(db, "Mellanskogs", today=TODAY)
    assert report["distribution"][SO]["O1"] == {"0": 1, "1": 1, "2": 1}
    assert "A2" not in report["distribution"][ML]
    needs = [(gap["kommun"], gap["has_so"]) for gap in report["support_needs"]]
    assert needs[:3] == [("Åkerby", False), ("Norrfors", True), ("Stensjö", True)]
    assert "O1" in report["support_needs"][1]["missing_items"]
    assert report["versions"][SO]["delvis förbättrad"] == 1  # Stensjö: O1 +1, M2 +1, nothing else moved


def test_without_lan_every_lan_with_documents_is_in_scope(db, lan):
    report = inventory(db, today=TODAY)
    assert report["kommuner"] == 5 and "Östan" in report["current_so"]


def test_unknown_lan_is_a_swedish_error(db, lan):
    with pytest.raises(StoreError, match="Länet ”Sydlän” finns inte"):
        inventory(db, "Sydlän", today=TODAY)


@pytest.mark.parametrize(
    ("pairs", "kappa"),
    [
        ([(0, 0), (1, 1), (2, 2), (0, 1)], 0.714),  # worked by hand: (0.875 - 0.5625) / (1 - 0.5625)
        ([(0, 0), (1, 1), (2, 2)], 1.0),
        ([(0, 2), (2, 0)], -1.0),
        ([(1, 1), (1, 1)], None),  # one level only: chance agreement is already perfect
        ([], None),
    ],
)
def test_linear_weighted_kappa(pairs, kappa):
    assert linear_weighted_kappa(pairs) == kappa


def test_agreement_per_item_and_most_frequent_disagreements(db, lan):
    add_review(db, lan["stensjo_ml"], item_id="R1", score=2, reviewer="Eva", comment="Båda har undertecknat")
    add_review(db, lan["norrfors_so"], item_id="R1", score=2, reviewer="Per", comment="Underskrifter finns")
    add_review(db, lan["norrfors_so"], item_id="M2", score=0, reviewer="Per", comment="Stämmer")
    report = agreement_report(db, "Mellanskogs län")
    r1 = next(item for item in report["items"] if item["item_id"] == "R1")
    assert (r1["n"], r1["exact_agreement"], r1["mean_difference"]) == (2, 0.0, 1.0)
    assert report["overall"]["n"] == 3 and report["overall"]["exact_agreement"] == pytest.approx(0.333)
    [top] = report["disagreements"]
    assert (top["item_id"], top["automatic"], top["reviewed"], top["count"]) == ("R1", 1, 2, 2)
    assert top["examples"][0]["evidence"][0]["quote"].startswith("Belägg för R1")
    assert agreement_report(db, "Norrkusts län")["overall"]["n"] == 0


def test_drafts_stay_out_of_the_inventory_and_comparisons(db, lan):
    store(db, "akerby_utkast.pdf", make_result(default=2), kommun="Åkerby", period="2026", is_draft=True)
    assert inventory(db, "Mellanskogs", today=TODAY)["current_so"] == ["Björkvik", "Norrfors"]
    akerby = db.execute("SELECT id FROM kommun WHERE name = 'Åkerby'").fetchone()[0]
    assert [d["file_name"] for d in documents_for_kommun(db, akerby)] == ["akerby_plan.pdf"]
