"""`auditor checklist lint` on the shipped checklist and on a broken copy."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from auditor.cli import cli
from auditor.engine.checklist import DEFAULT_PATH, load_checklist
from auditor.evaluation.lint import lint


def test_shipped_checklist_is_clean():
    result = CliRunner().invoke(cli, ["checklist", "lint"])
    assert result.exit_code == 0, result.output
    assert "Checklistan är godkänd." in result.output


def test_lint_reports_duplicates_overlaps_missing_and_failing_examples(tmp_path):
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    items = {item["id"]: item for item in data["items"]}
    items["R1"]["rules"]["extra"] = {"terms": ["styrgrupp*"]}
    items["A2"]["rules"]["extra"] = {"terms": ["styrgrupp*", "styrgruppen"]}
    items["U2"]["examples"] = [e for e in items["U2"]["examples"] if e["level"] != 0]
    # L2 keeps exactly three level-2 examples, then one of them is mislabelled as 0
    level2 = [e for e in items["L2"]["examples"] if e["level"] == 2]
    items["L2"]["examples"] = [e for e in items["L2"]["examples"] if e["level"] != 2] + level2[:3]
    level2[0]["level"] = 0
    path = tmp_path / "checklist.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    report = lint(load_checklist(path))
    assert "”styrgrupp*” i A2, R1" in report.duplicates
    assert "R1 ”styrgrupp*” täcker A2 ”styrgruppen”" in report.overlaps
    assert report.missing_examples == ["L2 nivå 2: 2 exempel (minst 3)", "U2 nivå 0: 0 exempel (minst 3)"]
    assert len(report.failing_examples) == 1 and report.failing_examples[0].startswith("L2-level0-ex")
    assert not report.ok


def test_lint_reports_dead_rules_unused_vocabularies_and_fragments_and_fails(tmp_path):
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["vocab"]["unused_words"] = ["glömd", "$commit_verbs"]
    data["fragments"]["unused_piece"] = "glomd"
    data["fragments"]["used_piece"] = "{committing_actor}"  # used by nothing used: unused too
    items = {item["id"]: item for item in data["items"]}
    items["A3"]["rules"]["forgotten"] = {"regex": "{used_piece}"}
    items["A3"]["examples"][0]["level"] = 2  # a wrong label: lint also fails on it, as before
    data["goal_analysis"]["examples"][0]["time_bound"] = False
    data["document_types"]["examples"][0]["type"] = "annat"
    path = tmp_path / "checklist.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    report = lint(load_checklist(path))
    assert report.unused == [
        "regeln A3.forgotten (inget nivåvillkor använder den)",
        "vocab.unused_words (ingen regel använder den)",
        "fragments.unused_piece (ingen regel använder det)",
        "fragments.used_piece (ingen regel använder det)",
    ]
    failing = "\n".join(report.failing_examples)
    assert "goal_analysis: får [('effektmal', True, True)]" in failing
    assert "document_types: får samverkansoverenskommelse, inte annat" in failing
    result = CliRunner().invoke(cli, ["checklist", "lint", str(path)])
    assert result.exit_code == 1 and "Oanvända regler, ordlistor och fragment (ta bort dem): 4" in result.output
