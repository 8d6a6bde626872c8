"""`auditor score`: the JSON contract, the Swedish text report, HTML, and exit code 2 on bad input."""

from __future__ import annotations

import html
import json

from click.testing import CliRunner
from docx_support import tracked_draft

from auditor.cli import cli
from auditor.labels import ITEM_IDS

AGREEMENT = """Samverkansöverenskommelse mellan Ekby kommun och lokalpolisområde Ekby

Överenskommelsen gäller från och med 2023-01-01 till och med 2025-12-31.

Målet är att bostadsinbrotten i Västra Ekby ska minska med 20 procent till och med 2025.

Arbetet följs upp varje tertial och rapporteras till kommunstyrelsen.
"""
ITEM_KEYS = {"id", "score", "max", "applicable", "evidence", "missing", "advice"}
DOCUMENT_KEYS = {"path", "sha256", "doc_type", "doc_type_confidence", "kommun", "period", "pages"}


def _write(tmp_path, name="ekby.txt", text=AGREEMENT):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_json_output_keeps_the_contract(tmp_path):
    result = CliRunner().invoke(cli, ["score", _write(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"document", "items", "total", "max_total", "percent", "goals", "warnings"} <= set(data)
    assert DOCUMENT_KEYS <= set(data["document"])
    assert [item["id"] for item in data["items"]] == list(ITEM_IDS)
    assert all(ITEM_KEYS <= set(item) for item in data["items"])
    r2 = next(item for item in data["items"] if item["id"] == "R2")
    assert r2["score"] == 2 and r2["evidence"][0]["quote"].startswith("Överenskommelsen gäller")
    assert {"page", "start", "end", "quote"} <= set(r2["evidence"][0])
    assert data["goals"] and {"kind", "specific", "measurable", "time_bound", "baseline"} <= set(data["goals"][0])
    assert data["total"] == sum(item["score"] for item in data["items"] if item["applicable"])


def test_json_for_several_files_is_a_list(tmp_path):
    files = [_write(tmp_path, "a.txt"), _write(tmp_path, "b.txt")]
    result = CliRunner().invoke(cli, ["score", *files, "--format", "json"])
    assert result.exit_code == 0
    assert [d["document"]["path"] for d in json.loads(result.output)] == files


def test_text_report_is_swedish_with_quotes_and_advice(tmp_path):
    result = CliRunner().invoke(cli, ["score", _write(tmp_path)])
    assert result.exit_code == 0
    assert "R2 Giltighetstid: 2/2 uppfyllt" in result.output
    assert "”Överenskommelsen gäller från och med 2023-01-01 till och med 2025-12-31.”" in result.output
    assert "Saknas:" in result.output and "Råd:" in result.output and "poäng" in result.output


def test_html_report_is_one_self_contained_page(tmp_path):
    result = CliRunner().invoke(cli, ["score", _write(tmp_path), "--format", "html"])
    assert result.exit_code == 0
    assert result.output.startswith("<!doctype html>") and "Giltighetstid" in result.output
    assert "<script" not in result.output and "http" not in result.output
    both = CliRunner().invoke(cli, ["score", _write(tmp_path, "a.txt"), _write(tmp_path, "b.txt"), "--format", "html"])
    assert both.output.count("<!doctype html>") == 1 and both.output.count('<article class="result">') == 2


def test_html_report_is_the_web_result_view_with_everything_the_json_says(tmp_path):
    """The page renders the web's result partial, and keeps the content the report always had: every quote
    with its page, what is missing, the advice, the goals, the warnings, the total and the checklist version."""
    path = _write(tmp_path)
    data = json.loads(CliRunner().invoke(cli, ["score", path, "--format", "json"]).output)
    page = html.unescape(CliRunner().invoke(cli, ["score", path, "--format", "html"]).output)
    assert 'id="punkter"' in page and "Hela texten" in page  # sections of web/templates/_result.html
    assert f"{data['total']} av {data['max_total']}" in page and data["checklist_version"] in page
    for item in data["items"]:
        assert f'id="punkt-{item["id"]}"' in page and item["title"] in page
        assert all(f"”{evidence['quote']}”" in page for evidence in item["evidence"])
        assert all(missing in page for missing in item["missing"]) and item["advice"] in page
    assert data["goals"] and all(goal["text"] in page for goal in data["goals"])
    assert all(warning in page for warning in data["warnings"])
    assert "None" not in page  # a text file has no pages: no "s. None"


def test_doc_type_option_overrides_the_classifier(tmp_path):
    result = CliRunner().invoke(cli, ["score", _write(tmp_path), "--format", "json", "--doc-type", "medborgarlofte"])
    data = json.loads(result.output)
    assert data["document"]["doc_type"] == "medborgarlofte" and data["max_total"] == 30


def test_bad_input_exits_2_with_a_swedish_message(tmp_path):
    result = CliRunner().invoke(cli, ["score", str(tmp_path / "saknas.pdf")])
    assert result.exit_code == 2
    assert "finns inte" in result.output
    empty = _write(tmp_path, "tom.txt", "")
    assert CliRunner().invoke(cli, ["score", empty]).exit_code == 2


def test_a_tracked_changes_draft_is_scored_with_its_changes_accepted(tmp_path):
    """The period exists only as a tracked insertion (issue 21): R2 and the document's period find it."""
    result = CliRunner().invoke(cli, ["score", str(tracked_draft(tmp_path / "utkast.docx")), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["document"]["period"] == {"from": 2025, "to": 2027, "text": "från 1 januari 2025 till 31 december 2027"}
    r2 = next(item for item in data["items"] if item["id"] == "R2")
    assert r2["score"] == 2
    assert r2["evidence"][0]["quote"] == "Överenskommelsen gäller från 1 januari 2025 till 31 december 2027."
    assert "Dokumentet innehåller spårade ändringar; granskningen gäller texten med ändringarna godkända." in (
        data["warnings"])
    assert not any("Ska perioden" in evidence["quote"] for item in data["items"] for evidence in item["evidence"])
