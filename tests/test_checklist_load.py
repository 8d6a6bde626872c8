"""Loading checklist_17.yaml: validation errors name the item and the field; the version hashes the content."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from auditor.engine import checklist_version
from auditor.engine.checklist import DEFAULT_PATH, ChecklistError, load_checklist
from auditor.labels import ITEM_IDS


def _write_variant(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "checklist.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_loads_all_items_in_order_with_a_short_content_hash():
    checklist = load_checklist()
    assert tuple(item.id for item in checklist.items) == ITEM_IDS
    assert len(checklist.version) == 12 and checklist.version == checklist_version()


def test_the_version_follows_the_content_not_comments_or_layout(tmp_path):
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    commented = tmp_path / "kommenterad.yaml"
    commented.write_text("# en kommentar från experten\n" + text.replace("\nitems:\n", "\n# punkterna\nitems:\n"),
                         encoding="utf-8")
    assert load_checklist(commented).version == load_checklist().version == checklist_version(commented)
    changed = _write_variant(tmp_path, lambda d: d["vocab"]["vague"].append("i görligaste mån"))
    assert load_checklist(changed).version != load_checklist().version


def test_a2_and_a3_do_not_apply_to_a_medborgarlofte():
    checklist = load_checklist()
    assert "medborgarlofte" not in checklist.item("A2").applies_to
    assert "medborgarlofte" not in checklist.item("A3").applies_to
    assert "medborgarlofte" in checklist.item("R1").applies_to


def test_missing_field_names_item_and_field(tmp_path):
    path = _write_variant(tmp_path, lambda d: d["items"][3].pop("advice"))
    with pytest.raises(ChecklistError, match="punkt L1, fältet advice"):
        load_checklist(path)


def test_unknown_rule_reference_names_item_and_field(tmp_path):
    def change(data):
        data["items"][4]["score"]["level2"] = {"min": {"no_such_rule": 3}}

    with pytest.raises(ChecklistError, match=r"punkt L2, fältet score.*no_such_rule"):
        load_checklist(_write_variant(tmp_path, change))


def test_unknown_condition_key_is_rejected(tmp_path):
    def change(data):
        data["items"][0]["score"]["level1"] = {"either": ["kommun"]}

    with pytest.raises(ChecklistError, match="punkt R1, fältet score.*either"):
        load_checklist(_write_variant(tmp_path, change))


def test_level_notes_must_be_texts(tmp_path):
    def change(data):
        data["items"][0]["level_notes"] = "en enda text"

    with pytest.raises(ChecklistError, match="punkt R1, fältet level_notes"):
        load_checklist(_write_variant(tmp_path, change))


def test_rule_with_two_kinds_is_rejected(tmp_path):
    def change(data):
        data["items"][0]["rules"]["kommun"] = {"terms": ["kommun"], "regex": "kommun"}

    with pytest.raises(ChecklistError, match="punkt R1, fältet rules.*exakt en av"):
        load_checklist(_write_variant(tmp_path, change))


def test_a_rule_for_an_unknown_document_type_is_rejected(tmp_path):
    def change(data):
        data["items"][1]["rules"]["agreement_period"]["doc_types"] = ["medborgarlöfte"]

    with pytest.raises(ChecklistError, match=r"punkt R2.*agreement_period.*doc_types.*medborgarlofte"):
        load_checklist(_write_variant(tmp_path, change))


def test_unknown_vocabulary_is_rejected(tmp_path):
    def change(data):
        data["items"][0]["rules"]["kommun"] = {"terms": ["$nonexistent"]}

    with pytest.raises(ChecklistError, match=r"punkt R1.*\$nonexistent"):
        load_checklist(_write_variant(tmp_path, change))


def test_the_goal_analysis_vocabularies_are_required(tmp_path):
    path = _write_variant(tmp_path, lambda d: d["vocab"].pop("goal_movement"))
    with pytest.raises(ChecklistError, match="vocab.goal_movement"):
        load_checklist(path)


def test_items_must_be_the_seventeen_in_order(tmp_path):
    path = _write_variant(tmp_path, lambda d: d["items"].pop())
    with pytest.raises(ChecklistError, match="exakt R1"):
        load_checklist(path)


def _set_rule(item: int, name: str, spec: dict):
    def change(data):
        data["items"][item]["rules"][name] = spec
    return change


@pytest.mark.parametrize(("change", "message"), [
    (_set_rule(0, "kommun", {"terms": ["kommun*"], "blok_kinds": ["paragraph"]}),
     r"punkt R1, fältet rules: regeln R1\.kommun, fältet blok_kinds: okänt fält"),
    (_set_rule(0, "kommun", {"terms": ["kommun*"], "unit": "block"}),
     r"punkt R1, fältet rules: regeln R1\.kommun, fältet unit: okänt fält för en terms-regel"),
    (_set_rule(0, "kommun", {"terms": ["kommun*"], "block_kinds": ["paragrph"]}),
     r"punkt R1, fältet rules: regeln R1\.kommun, fältet block_kinds: .*'paragrph'"),
    (_set_rule(0, "kommun", {"terms": ["kommun*"], "max_block_chars": "nittio"}),
     r"punkt R1, fältet rules: regeln R1\.kommun, fältet max_block_chars: ange ett heltal.*'nittio'"),
    (_set_rule(0, "kommun", {"terms": ["kommun*"], "block_start": "ja"}),
     r"punkt R1, fältet rules: regeln R1\.kommun, fältet block_start: ange true eller false"),
    (_set_rule(0, "kommun", {"regex": "kommun", "case_sensitive": "ja"}),
     r"punkt R1, fältet rules: regeln R1\.kommun, fältet regex: case_sensitive"),
    (_set_rule(0, "kommun", {"terms": "kommun"}),
     r"punkt R1, fältet rules: regeln R1\.kommun, fältet terms: ange en icke-tom lista"),
    (_set_rule(0, "kommun", {"regex": "(?<!\\w)förvaltning"}),
     r"punkt R1, fältet rules: regeln R1\.kommun, fältet regex: 'ö' matchar aldrig"),
    (_set_rule(0, "kommun", {"sequence": ["$kommun_partiet", {"gap": "0-2"}, "$signing"]}),
     r"punkt R1, fältet rules: regeln R1\.kommun, fältet sequence.*okänd vokabulär \$kommun_partiet"),
    (_set_rule(0, "kommun", {"regex": "{aktor}\\s+ska"}),
     r"punkt R1, fältet rules: regeln R1\.kommun, fältet regex: okänt fragment {aktor}"),
    (_set_rule(0, "kommun", {"terms": ["kommun*"], "near": {"rule": "signing", "unit": "sentence", "avstånd": 3}}),
     r"punkt R1, fältet rules: regeln R1\.kommun, fältet near"),
])
def test_a_malformed_rule_is_rejected_naming_item_rule_and_field(tmp_path, change, message):
    with pytest.raises(ChecklistError, match=message):
        load_checklist(_write_variant(tmp_path, change))


def test_a_fragment_with_swedish_letters_is_rejected_where_folded_text_is_searched(tmp_path):
    def change(data):
        data["fragments"]["committing_actor"].append("förvaltningen")

    with pytest.raises(ChecklistError, match=r"shared_rules: regeln party_commits, fältet regex: 'ö' matchar aldrig"):
        load_checklist(_write_variant(tmp_path, change))


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(vocabulary={}), "okänd nyckel 'vocabulary'"),
    (lambda d: d["fragments"].update({"quantity_year": "x"}), "fragments.quantity_year: namnet är upptaget"),
    (lambda d: d["fragments"].update({"Aktör": "x"}), "fragments.Aktör: namnet"),
    (lambda d: d["items"][11]["score"].update(level2={"most": {"measures_with_actor": 2}}),
     r"punkt A1.*most ska vara \{regel: regel\}"),
    (lambda d: d["goal_analysis"]["patterns"].pop("baseline"), "goal_analysis.patterns: ange exakt"),
    (lambda d: d["goal_analysis"]["patterns"].update(time_bound="{quantity_until}|år"),
     "goal_analysis.patterns.time_bound: 'å' matchar aldrig"),
    (lambda d: d["goal_analysis"]["patterns"].update(measured_subject="andel(?:en)?"),
     "measured_subject: ange exakt en grupp"),
    (lambda d: d["goal_analysis"]["examples"][0].update(kind="effekt"), r"goal_analysis.examples\[1\]: okänt kind"),
    (lambda d: d["document_types"]["cues"][0].update(weight="tre"),
     r"document_types.cues\[1\], fältet weight: ange ett tal"),
    (lambda d: d["document_types"]["cues"][0].update(type="avtal"), r"document_types.cues\[1\], fältet type"),
    (lambda d: d["document_types"]["title_cues"][0].update(pattern="plan\\s+(?:for"),
     r"document_types.title_cues\[1\], fältet pattern: ogiltigt"),
])
def test_malformed_sections_are_rejected_with_the_place_named(tmp_path, change, message):
    with pytest.raises(ChecklistError, match=message):
        load_checklist(_write_variant(tmp_path, change))
