"""Metrics and `auditor evaluate` on a small manifest of generated files."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.evaluation.metrics import confusion_matrix, exact_agreement, weighted_kappa


def test_linear_weighted_kappa_matches_a_hand_computed_value():
    pairs = [(0, 0), (1, 1), (2, 2), (2, 1)]
    assert weighted_kappa(pairs) == pytest.approx(5 / 7)
    assert exact_agreement(pairs) == 0.75
    assert confusion_matrix(pairs) == [[1, 0, 0], [0, 1, 0], [0, 1, 1]]


def test_kappa_extremes():
    assert weighted_kappa([(0, 0), (1, 1), (2, 2)]) == pytest.approx(1.0)
    assert weighted_kappa([(0, 2), (2, 0)]) < 0
    assert weighted_kappa([]) is None and exact_agreement([]) is None


STRONG = """Samverkansöverenskommelse mellan Ekby kommun och lokalpolisområde Ekby

Överenskommelsen gäller från och med 2023-01-01 till och med 2025-12-31.

Målet är att bostadsinbrotten i Västra Ekby ska minska med 20 procent till och med 2025.
"""
WEAK = """Medborgarlöfte för Ekby

Polisen lovar att vara synlig i centrum.
"""


@pytest.fixture
def manifest(tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "strong.txt").write_text(STRONG, encoding="utf-8")
    (tmp_path / "files" / "weak.txt").write_text(WEAK, encoding="utf-8")
    path = tmp_path / "manifest.yaml"
    path.write_text(
        """documents:
  - id: ekby_so
    file: files/strong.txt
    doc_type: samverkansoverenskommelse
    labels:
      R2: {score: 2, why: "start och slut anges"}
      M2: {score: 2, why: "SMART"}
      U1: {score: 2, why: "guldet är generöst här"}
  - id: ekby_ml
    file: files/weak.txt
    doc_type: medborgarlofte
    labels:
      R2: {score: 0, why: "ingen period"}
      M2: {score: 0, why: "inga mål"}
      A2: {score: 1, why: "gäller inte löften"}
""",
        encoding="utf-8",
    )
    return path


def test_evaluate_reports_agreement_and_each_disagreement(manifest):
    result = CliRunner().invoke(cli, ["evaluate", str(manifest), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    items = {item["item_id"]: item for item in data["items"]}
    assert items["R2"]["n"] == 2 and items["R2"]["exact"] == 1.0
    assert items["M2"]["confusion"] == [[1, 0, 0], [0, 0, 0], [0, 0, 1]]
    assert items["A2"]["n"] == 0  # A2 does not apply to a medborgarlöfte
    (disagreement,) = data["disagreements"]
    assert disagreement["document_id"] == "ekby_so" and disagreement["item_id"] == "U1"
    assert disagreement["gold"] == 2 and disagreement["predicted"] < 2
    assert disagreement["why"] == "guldet är generöst här"
    assert data["doc_type_accuracy"] == 1.0 and data["overall_exact"] == pytest.approx(4 / 5)


def test_evaluate_text_report_is_swedish(manifest):
    result = CliRunner().invoke(cli, ["evaluate", str(manifest)])
    assert result.exit_code == 0
    assert "Exakt överensstämmelse totalt: 80 %" in result.output
    assert "Säkra punkter (behöver inte granskas):" in result.output
    assert "ekby_so U1: guld 2" in result.output and "Guldmotivering: guldet är generöst här" in result.output


def test_evaluate_rejects_a_manifest_without_documents(tmp_path):
    path = tmp_path / "manifest.yaml"
    path.write_text("title: tomt\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(path)])
    assert result.exit_code == 2 and "saknar listan documents" in result.output


def test_evaluate_of_a_text_file_says_no_page_for_its_evidence(tmp_path):
    """A text file has no pages: the quotes behind a disagreement name their rule, never "s. None"."""
    (tmp_path / "strong.txt").write_text(STRONG, encoding="utf-8")
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("documents:\n  - id: ekby_so\n    file: strong.txt\n    doc_type: samverkansoverenskommelse\n"
                        "    labels:\n      R2: {score: 0, why: \"fel med flit\"}\n", encoding="utf-8")
    data = json.loads(CliRunner().invoke(cli, ["evaluate", str(manifest), "--json"]).output)
    (disagreement,) = data["disagreements"]
    assert disagreement["evidence"] and all("s. " not in quote and quote.endswith(")")
                                            for quote in disagreement["evidence"])
    for args in ([], ["--json"]):
        output = CliRunner().invoke(cli, ["evaluate", str(manifest), *args]).output
        assert "Överenskommelsen gäller" in output and "None" not in output
