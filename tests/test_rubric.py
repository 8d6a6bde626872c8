"""docs/checklista.md is the checklist's wording as `auditor checklist docs` writes it from checklist_17.yaml."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from auditor.cli import cli
from auditor.engine.checklist import load_checklist
from auditor.rubric import render_rubric

DOCS = Path(__file__).resolve().parent.parent / "docs" / "checklista.md"


def test_the_committed_rubric_is_the_one_generated_from_the_checklist():
    generated = CliRunner().invoke(cli, ["checklist", "docs"])
    assert generated.exit_code == 0, generated.output
    assert DOCS.read_text(encoding="utf-8") == generated.output, (
        "docs/checklista.md är inaktuell: kör auditor checklist docs > docs/checklista.md")


def test_the_rubric_has_every_item_level_and_note():
    checklist = load_checklist()
    rubric = render_rubric(checklist)
    for item in checklist.items:
        assert f"### {item.id} {item.title}" in rubric
        for level in (0, 1, 2):
            assert item.levels[level] in rubric, (item.id, level)
        for note in item.level_notes:
            assert f"- {note}" in rubric
    assert {"R3", "L2", "M2", "A1", "U3"} <= {item.id for item in checklist.items if item.level_notes}
    assert rubric.count("Gäller inte för medborgarlöfte.") == 2  # A2 and A3
