"""Load, validate and compile checklist_17.yaml.

Every error names the item and the field, in Swedish, so the domain expert who edits the YAML can fix
it. The version is a short sha256 of the parsed structure: results record which checklist scored them, and
a comment edit changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from auditor.rules import CHECKLIST_PATH, version_of
from auditor.rules.conditions import Condition, compile_condition
from auditor.rules.goals import SHARED_RULES, VOCABULARIES
from auditor.rules.matchers import Rule, SpecError, compile_rule
from auditor.rules.matchers.terms import TermIndex, TermList
from auditor.rules.result import DOC_TYPES, ITEM_IDS

DEFAULT_PATH = CHECKLIST_PATH
LEVELS = (0, 1, 2)
ITEM_FIELDS = ("id", "area", "title", "description", "step", "applies_to", "levels", "rules", "score",
               "missing", "advice", "examples")
OPTIONAL_FIELDS = ("level_notes",)


class ChecklistError(ValueError):
    """The checklist file is invalid; the message says where (item and field) and what to do."""


@dataclass(frozen=True)
class Example:
    level: int
    text: str
    number: int  # 1-based within its level
    doc_type: str | None = None
    note: str = ""


@dataclass
class Item:
    id: str
    area: str
    title: str
    description: str
    step: int
    applies_to: tuple[str, ...]
    levels: dict[int, str]
    rules: dict[str, Rule]
    conditions: dict[int, Condition]  # 2 and 1; 0 is what remains
    missing: dict[int, str]  # 0 and 1: what would lift the item
    advice: str
    examples: list[Example] = field(default_factory=list)
    level_notes: tuple[str, ...] = ()  # how the borderline cases between levels are judged


@dataclass
class Checklist:
    path: Path
    version: str
    vocab: dict[str, list[str]]
    shared_rules: dict[str, Rule]
    items: list[Item]

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)

    def vocab_rule(self, name: str) -> Rule:
        """A shared vocabulary as a terms rule (used by the goal analysis)."""
        assert self._compiler is not None  # load_checklist sets it
        return self._compiler.terms([f"${name}"], f"vokabulären {name}")

    _compiler: _Compiler | None = field(default=None, repr=False)


class _Compiler:
    """Resolves rule names (item rules first, then shared rules) and compiles each spec once."""

    def __init__(self, vocab: dict[str, list[str]], shared_specs: dict) -> None:
        self.vocab = vocab
        self.shared_specs = shared_specs
        self.shared: dict[str, Rule] = {}
        self._terms: dict[tuple[str, ...], Rule] = {}
        self.index = TermIndex()
        self._item_specs: dict = {}
        self._item_rules: dict[str, Rule] = {}
        self._item_id = ""
        self._compiling: list[str] = []

    def start_item(self, item_id: str, specs: dict) -> None:
        self._item_id, self._item_specs, self._item_rules = item_id, specs, {}

    def rule(self, ref: str) -> Rule:
        if not isinstance(ref, str):
            raise SpecError(f"regelreferensen {ref!r} ska vara ett namn")
        if ref in self._item_specs:
            if ref not in self._item_rules:
                self._item_rules[ref] = self._compile(f"{self._item_id}.{ref}", self._item_specs[ref])
            return self._item_rules[ref]
        if ref in self.shared_specs:
            if ref not in self.shared:
                self.shared[ref] = self._compile(ref, self.shared_specs[ref], shared=True)
            return self.shared[ref]
        raise SpecError(f"okänd regel {ref!r} (varken i punktens rules eller i shared_rules)")

    def _compile(self, name: str, spec: object, shared: bool = False) -> Rule:
        if name in self._compiling:
            raise SpecError(f"regeln {name} refererar till sig själv via {' -> '.join(self._compiling)}")
        self._compiling.append(name)
        saved = (self._item_id, self._item_specs, self._item_rules)
        if shared:  # shared rules may only refer to shared rules
            self._item_specs, self._item_rules = {}, {}
        try:
            return compile_rule(name, spec, self)
        finally:
            self._item_id, self._item_specs, self._item_rules = saved
            self._compiling.pop()

    def terms(self, values: object, where: str) -> Rule:
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            raise SpecError(f"{where}: ange en icke-tom lista med termer")
        key = tuple(sorted(set(self._expand(values, where, ()))))
        if key not in self._terms:
            try:
                self._terms[key] = Rule(f"termer({where})", "terms", TermList(list(key), self.index))
            except ValueError as err:
                raise SpecError(f"{where}: {err}") from err
        return self._terms[key]


    def _expand(self, values: list[str], where: str, seen: tuple[str, ...]) -> list[str]:
        """Replace every $name by its vocabulary (which may itself refer to vocabularies)."""
        expanded: list[str] = []
        for value in values:
            if not value.startswith("$"):
                expanded.append(value)
                continue
            name = value[1:]
            if name not in self.vocab:
                raise SpecError(f"{where}: okänd vokabulär {value}")
            if name in seen:
                raise SpecError(f"{where}: vokabulären {value} refererar till sig själv")
            expanded.extend(self._expand(self.vocab[name], where, (*seen, name)))
        return expanded


def load_checklist(path: str | Path | None = None) -> Checklist:
    path = Path(path) if path else DEFAULT_PATH
    return _load(path.resolve(), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load(path: Path, _mtime: int) -> Checklist:
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as err:
        raise ChecklistError(f"{path.name}: ogiltig YAML ({err})") from err
    if not isinstance(data, dict) or "items" not in data:
        raise ChecklistError(f"{path.name}: filen ska ha nycklarna vocab, shared_rules och items")
    vocab = data.get("vocab") or {}
    for name, terms in vocab.items():
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise ChecklistError(f"vocab.{name}: ska vara en lista med termer")
    _require_goal_inputs(vocab, data.get("shared_rules") or {})
    compiler = _Compiler(vocab, data.get("shared_rules") or {})
    try:
        for name in compiler.shared_specs:
            compiler.rule(name)
    except SpecError as err:
        raise ChecklistError(f"shared_rules: {err}") from err
    try:  # every vocabulary as a rule of its own, so the goal analysis finds its words in the same scan
        for name in vocab:
            compiler.terms([f"${name}"], f"vocab.{name}")
    except SpecError as err:
        raise ChecklistError(str(err)) from err
    items = [_compile_item(entry, compiler, n) for n, entry in enumerate(data["items"], 1)]
    ids = [item.id for item in items]
    if tuple(ids) != ITEM_IDS:
        raise ChecklistError(f"items: punkterna ska vara exakt {', '.join(ITEM_IDS)} i den ordningen (fick {ids})")
    checklist = Checklist(path, version_of(data), vocab, compiler.shared, items)
    checklist._compiler = compiler
    return checklist


def _require_goal_inputs(vocab: dict, shared: dict) -> None:
    """The SMART analysis reads these vocabularies and shared rules by name."""

    missing = [f"vocab.goal_{name}" for name in VOCABULARIES if f"goal_{name}" not in vocab]
    missing += [f"shared_rules.{name}" for name in SHARED_RULES if name not in shared]
    if missing:
        raise ChecklistError(f"målanalysen behöver {', '.join(missing)}")


def _compile_item(entry: object, compiler: _Compiler, number: int) -> Item:
    if not isinstance(entry, dict):
        raise ChecklistError(f"items[{number}]: ska vara en mappning")
    item_id = entry.get("id", f"#{number}")

    def fail(field_name: str, message: str) -> ChecklistError:
        return ChecklistError(f"punkt {item_id}, fältet {field_name}: {message}")

    for key in ITEM_FIELDS:
        if key not in entry:
            raise fail(key, "saknas")
    unknown = [k for k in entry if k not in ITEM_FIELDS + OPTIONAL_FIELDS]
    if unknown:
        raise fail(", ".join(unknown), "okänt fält")
    applies_to = tuple(entry["applies_to"])
    if not applies_to or any(t not in DOC_TYPES for t in applies_to):
        raise fail("applies_to", f"ange dokumenttyper bland {', '.join(DOC_TYPES)}")
    levels = {int(k): v for k, v in entry["levels"].items()}
    if sorted(levels) != list(LEVELS):
        raise fail("levels", "ange texter för nivåerna 0, 1 och 2")
    missing = {int(k): v for k, v in entry["missing"].items()}
    if sorted(missing) != [0, 1]:
        raise fail("missing", "ange vad som saknas för nivå 0 och 1")
    level_notes = entry.get("level_notes", [])
    if not isinstance(level_notes, list) or not all(isinstance(note, str) and note.strip() for note in level_notes):
        raise fail("level_notes", "ange en lista med texter")
    specs = entry["rules"]
    if not isinstance(specs, dict) or not specs:
        raise fail("rules", "ange minst en regel")
    compiler.start_item(item_id, specs)
    try:
        rules = {name: compiler.rule(name) for name in specs}
    except SpecError as err:
        raise fail("rules", str(err)) from err
    score = entry["score"]
    if not isinstance(score, dict) or sorted(score) != ["level1", "level2"]:
        raise fail("score", "ange level2 och level1 (nivå 0 är det som återstår)")
    conditions = {}
    for level in (2, 1):
        try:
            conditions[level] = compile_condition(score[f"level{level}"], compiler.rule, f"level{level}")
        except SpecError as err:
            raise fail("score", str(err)) from err
    return Item(
        id=item_id,
        area=entry["area"],
        title=entry["title"],
        description=entry["description"].strip(),
        step=int(entry["step"]),
        applies_to=applies_to,
        levels=levels,
        rules=rules,
        conditions=conditions,
        missing=missing,
        advice=entry["advice"].strip(),
        examples=_examples(entry["examples"], fail),
        level_notes=tuple(note.strip() for note in level_notes),
    )


def _examples(value: object, fail) -> list[Example]:
    if not isinstance(value, list):
        raise fail("examples", "ska vara en lista med {level, text}")
    counters = {level: 0 for level in LEVELS}
    examples = []
    for entry in value:
        if not isinstance(entry, dict) or entry.get("level") not in LEVELS or not isinstance(entry.get("text"), str):
            raise fail("examples", f"varje exempel ska ha level (0/1/2) och text; fick {entry!r:.80}")
        doc_type = entry.get("doc_type")
        if doc_type is not None and doc_type not in DOC_TYPES:
            raise fail("examples", f"okänd doc_type {doc_type!r}")
        counters[entry["level"]] += 1
        examples.append(Example(entry["level"], entry["text"], counters[entry["level"]], doc_type, entry.get("note", "")))
    return examples
