"""The store's commands run through click, on a fresh database and real rendered documents."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook
from store_support import SAMPLE_IDS, render_corpus

from auditor.cli import cli
from auditor.engine.checklist import DEFAULT_PATH


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """A database with the sample documents imported through `auditor import`."""
    folder = tmp_path_factory.mktemp("cli")
    manifest = render_corpus(folder / "dokument")
    db = folder / "granskaren.db"
    result = CliRunner().invoke(cli, ["import", str(manifest.parent), "--manifest", str(manifest), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"Importerade: {len(SAMPLE_IDS)}, oförändrade: 0, omräknade: 0, misslyckade: 0." in result.output
    return db


def copy_db(source, target):
    """A private copy for a test that writes (the backup API includes what is still in the WAL)."""
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    return target


def run(*args, db):
    return CliRunner().invoke(cli, [*args, "--db", str(db)])


def document_id(db, name: str) -> int:
    listing = run("documents", db=db).output
    line = next(line for line in listing.splitlines() if name in line)
    return int(line.split("]")[0].lstrip("["))


def test_reimport_reports_unchanged(imported, tmp_path):
    folder = imported.parent / "dokument"
    result = run("import", str(folder), db=imported)
    assert result.exit_code == 0 and f"oförändrade: {len(SAMPLE_IDS)}," in result.output


def test_db_from_environment(imported):
    result = CliRunner().invoke(cli, ["documents", "Björkvik"], env={"AUDITOR_DB": str(imported)})
    assert result.exit_code == 0 and "bjorkvik_so_2021.pdf" in result.output


def test_compare_json_and_text(imported):
    result = run("compare", "Björkvik", "--doc-type", "medborgarlofte", "--json", db=imported)
    assert result.exit_code == 0, result.output
    [comparison] = json.loads(result.output)
    assert comparison["baseline"]["file_name"] == "bjorkvik_ml_2019.pdf"
    assert comparison["revised"]["file_name"] == "bjorkvik_ml_2022.pdf"
    assert comparison["verdict"] in ("förbättrad i alla avseenden", "delvis förbättrad", "oförändrad", "försämrad")
    assert all((item["evidence"] is None) == (item["delta"] == 0) for item in comparison["items"])
    text = run("compare", "björkvik", db=imported).output
    assert "Baslinje:" in text and "Bedömning:" in text


def test_pair_then_compare(imported, tmp_path):
    db = copy_db(imported, tmp_path / "kopia.db")
    baseline, revised = document_id(db, "bjorkvik_ml_2022"), document_id(db, "bjorkvik_ml_2019")
    result = run("pair", "Björkvik", "--baseline", str(baseline), "--revised", str(revised), db=db)
    assert result.exit_code == 0, result.output
    [comparison] = json.loads(run("compare", "Björkvik", "--doc-type", "medborgarlofte", "--json", db=db).output)
    assert (comparison["baseline"]["id"], comparison["revised"]["id"]) == (baseline, revised)


def test_review_agreement_and_inventory(imported, tmp_path):
    db = copy_db(imported, tmp_path / "kopia.db")
    target = document_id(db, "ostan_so_2021")
    assert run("review", str(target), "U3", "--score", "0", "--comment", "Ingen revidering", "--reviewer", "Eva", db=db).exit_code == 0
    assert run("review", str(target), "--genmale", "--comment", "Vi reviderar årligen", "--reviewer", "Östans kommun", db=db).exit_code == 0
    agreement = json.loads(run("agreement", "--lan", "Norrkusts län", "--json", db=db).output)
    assert agreement["overall"]["n"] == 1
    assert "U3" in run("agreement", db=db).output

    report = json.loads(run("inventory", "--lan", "Norrkusts", "--format", "json", "--today", "2022-06-01", db=db).output)
    ostan = next(s for s in report["per_kommun"] if s["kommun"] == "Östan")
    assert ostan["samverkansoverenskommelse"]["scores"]["U3"] == 0  # the review wins
    assert "Östan" in report["current_so"]
    rows = list(csv.reader(io.StringIO(run("inventory", "--lan", "Norrkusts", "--format", "csv", db=db).output)))
    assert rows[0][:2] == ["kommun", "län"] and "Östan" in {row[0] for row in rows[1:]}
    text = run("inventory", "--lan", "Mellanskogs län", "--today", "2022-06-01", db=db).output
    assert "Aktuell samverkansöverenskommelse: 1 av 2 (Björkvik)" in text


def test_export_xlsx_and_csv(imported, tmp_path):
    result = run("export", "--format", "xlsx", "-o", str(tmp_path / "ut.xlsx"), db=imported)
    assert result.exit_code == 0, result.output
    workbook = load_workbook(tmp_path / "ut.xlsx")
    assert {"dokument", "poäng", "jämförelser", "inventering", "granskningar"} <= set(workbook.sheetnames)
    assert workbook["dokument"].max_row == len(SAMPLE_IDS) + 1
    assert workbook["poäng"].max_row == 17 * len(SAMPLE_IDS) + 1
    result = run("export", "--format", "csv", "-o", str(tmp_path / "csv"), db=imported)
    assert result.exit_code == 0
    with (tmp_path / "csv" / "poäng.csv").open(encoding="utf-8-sig") as handle:
        assert next(csv.reader(handle))[:5] == ["dokument", "kommun", "fil", "dokumenttyp", "punkt"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "Atlantis"], "Kommunen ”Atlantis” finns inte"),
        (["compare", "Stensjö"], "inga två versioner"),
        (["inventory", "--lan", "Sydlän"], "Länet ”Sydlän” finns inte"),
        (["pair", "Björkvik", "--baseline", "1", "--revised", "1"], "två olika dokument"),
        (["review", "999", "R1", "--score", "2", "--reviewer", "Eva"], "Dokument 999 finns inte"),
    ],
)
def test_bad_requests_give_a_swedish_message_and_no_traceback(imported, args, message):
    result = run(*args, db=imported)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_import_of_a_bad_manifest_is_refused_before_anything_is_stored(tmp_path):
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("documents:\n  - file: a.pdf\n    doc_type: avtal\n", encoding="utf-8")
    db = tmp_path / "ny.db"
    result = run("import", str(tmp_path), "--manifest", str(manifest), db=db)
    assert result.exit_code == 2 and "okänd dokumenttyp ”avtal”" in result.output


def test_import_reports_a_corrupt_file_exits_2_and_stores_the_rest(tmp_path):
    folder = tmp_path / "dokument"
    render_corpus(folder, ids=("ostan_so_2021",))
    (folder / "trasig.docx").write_bytes(b"PK\x03\x04 inte en zip")
    result = run("import", str(folder), db=tmp_path / "ny.db")
    assert result.exit_code == 2
    assert "Misslyckades: trasig.docx: " in result.output and "Traceback" not in result.output
    assert "Importerade: 1, oförändrade: 0, omräknade: 0, misslyckade: 1." in result.output


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    (tmp_path / "fel.db").write_text("ingen databas")
    result = run("documents", db=tmp_path / "fel.db")
    assert result.exit_code == 2 and "kunde inte öppnas" in result.output


def test_reviews_that_change_a_score_become_checklist_example_candidates(imported, tmp_path):
    """A reviewer lowers a level the rules quoted evidence for, and raises one they found nothing for: the
    first becomes a candidate example at the reviewer's level, in the checklist's example format, which the
    checklist's own lint then shows the rules do not yet give; the second is listed as having no passage."""
    db = copy_db(imported, tmp_path / "kopia.db")
    target, weak = document_id(db, "ostan_so_2021"), document_id(db, "ostan_ml_2019")
    with sqlite3.connect(db) as connection:
        lowered, quotes = connection.execute(
            "SELECT c.item_id, group_concat(e.quote, '\n') FROM current_score c JOIN evidence e "
            "ON e.run_id = c.run_id AND e.item_id = c.item_id WHERE c.document_id = ? AND c.score = 2 "
            "GROUP BY c.item_id ORDER BY c.item_id LIMIT 1", [target]).fetchone()
        (raised,) = connection.execute(
            "SELECT item_id FROM current_score WHERE document_id = ? AND score = 0 AND applicable "
            "ORDER BY item_id LIMIT 1", [weak]).fetchone()
    assert run("review", str(target), lowered, "--score", "1", "--comment", "Bara allmänt", "--reviewer", "Eva",
               db=db).exit_code == 0
    assert run("review", str(weak), raised, "--score", "2", "--reviewer", "Eva", "--comment", "Finns i bilagan",
               db=db).exit_code == 0
    output = tmp_path / "kandidater.yaml"
    result = run("export-examples", "--lan", "Norrkusts län", "-o", str(output), db=db)
    assert result.exit_code == 0, result.output
    text = output.read_text(encoding="utf-8")
    [candidate] = yaml.safe_load(text)[lowered]
    assert candidate["level"] == 1 and candidate["doc_type"] == "samverkansoverenskommelse"
    assert "reglerna gav 2, Eva satte 1" in candidate["note"] and "Bara allmänt" in candidate["note"]
    assert candidate["text"].split("\n") == [" ".join(q.split()) for q in quotes.split("\n")]
    assert f"#   {raised} 0 → 2: Östan, ostan_ml_2019" in text  # listed: no passage to quote

    # the expert pastes the candidate into a copy of the checklist: lint shows the rules still give 2
    checklist = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    item = next(i for i in checklist["items"] if i["id"] == lowered)
    item["examples"].append({k: candidate[k] for k in ("level", "doc_type", "note", "text")})
    edited = tmp_path / "checklista.yaml"
    edited.write_text(yaml.safe_dump(checklist, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lint = CliRunner().invoke(cli, ["checklist", "lint", str(edited)])
    assert lint.exit_code == 1 and f"{lowered}-level1" in lint.output
    assert CliRunner().invoke(cli, ["checklist", "lint"]).exit_code == 0


def test_export_examples_without_reviews_says_there_are_none(imported):
    result = run("export-examples", db=imported)
    assert result.exit_code == 0 and "Inga kandidater" in result.output
