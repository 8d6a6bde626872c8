"""Load, validate and compile checklist_17.yaml.

Every error names the item and the field, in Swedish, so the domain expert who edits the YAML can fix
it. The version is a short sha256 of the parsed structure: results record which checklist scored them, and
a comment edit changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from auditor.analysis.doctype import CUE_KEYS, DocumentTypes
from auditor.analysis.doctype import PATTERNS as DOCUMENT_PATTERNS
from auditor.analysis.goals import GOAL_PATTERNS, SHARED_RULES, VOCABULARIES, GoalPatterns
from auditor.analysis.patterns import QUANTITY_PATTERNS
from auditor.engine import CHECKLIST_PATH, version_of
from auditor.engine.conditions import Condition, compile_condition
from auditor.engine.matchers import Rule, SpecError, compile_rule
from auditor.engine.matchers.goals import GOAL_KINDS
from auditor.engine.matchers.terms import TermIndex, TermList
from auditor.labels import DOC_TYPES, ITEM_IDS

DEFAULT_PATH = CHECKLIST_PATH
LEVELS = (0, 1, 2)
SECTIONS = ("vocab", "fragments", "shared_rules", "goal_analysis", "document_types", "items")
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


@dataclass(frozen=True)
class GoalExample:
    """A sentence and what the goal analysis must make of it (run as a test)."""

    text: str
    kind: str
    time_bound: bool
    baseline: bool


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
    goal_patterns: GoalPatterns
    goal_examples: list[GoalExample]
    document_types: DocumentTypes
    type_examples: list[tuple[str, str]]  # (passage, the type it must get), run as tests

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)

    def vocab_rule(self, name: str) -> Rule:
        """A shared vocabulary as a terms rule (used by the goal analysis)."""
        assert self._compiler is not None  # load_checklist sets it
        return self._compiler.terms([f"${name}"], f"vokabulären {name}")

    _compiler: _Compiler | None = field(default=None, repr=False)


class _Compiler:
    """Resolves rule names (item rules first, then shared rules) and compiles each spec once."""

    def __init__(self, vocab: dict[str, list[str]], shared_specs: dict, fragments: dict[str, str]) -> None:
        self.vocab = vocab
        self.fragments = fragments
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

    def regex(self, source: str, where: str, folded: bool) -> str:
        """`source` with every {fragment} written out; a pattern on folded text cannot contain å/ä/ö."""
        expanded = _with_fragments(source, self.fragments, where, ())
        diacritic = _DIACRITIC.search(expanded) if folded else None
        if diacritic:
            raise SpecError(f"{where}: {diacritic.group()!r} matchar aldrig, eftersom uttrycket "
                            "söker i text utan å/ä/ö (skriv a/a/o)")
        return expanded

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


_FRAGMENT = re.compile(r"\{([a-z_][a-z0-9_]*)\}")  # {name}; a regex's own counts are digits: {0,3}
_DIACRITIC = re.compile("[åäöÅÄÖ]")
BUILT_IN_FRAGMENTS = {f"quantity_{kind}": pattern for kind, pattern in QUANTITY_PATTERNS.items()}


def _with_fragments(source: str, fragments: dict[str, str], where: str, seen: tuple[str, ...]) -> str:
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in fragments:
            raise SpecError(f"{where}: okänt fragment {{{name}}} (lägg till det under fragments)")
        if name in seen:
            raise SpecError(f"{where}: fragmentet {{{name}}} refererar till sig själv")
        return f"(?:{_with_fragments(fragments[name], fragments, where, (*seen, name))})"

    return _FRAGMENT.sub(replace, source)


def _fragments(value: object) -> dict[str, str]:
    """fragments: name -> a regex piece, or a list of alternatives (one per line); plus the built-in
    quantities ({quantity_until}, {quantity_year} …)."""
    if not isinstance(value, dict):
        raise ChecklistError("fragments: ska vara en mappning namn -> reguljärt uttryck eller lista av alternativ")
    fragments = dict(BUILT_IN_FRAGMENTS)
    for name, piece in value.items():
        if not (isinstance(name, str) and _FRAGMENT.fullmatch(f"{{{name}}}")):
            raise ChecklistError(f"fragments.{name}: namnet får bara ha små bokstäver a-z, siffror och _")
        if name in BUILT_IN_FRAGMENTS:
            raise ChecklistError(f"fragments.{name}: namnet är upptaget av ett inbyggt fragment")
        pieces = piece if isinstance(piece, list) else [piece]
        if not pieces or not all(isinstance(p, str) and p for p in pieces):
            raise ChecklistError(f"fragments.{name}: ange ett reguljärt uttryck eller en lista av alternativ")
        fragments[name] = "|".join(pieces)
    return fragments


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
        raise ChecklistError(f"{path.name}: filen ska ha nycklarna {', '.join(SECTIONS)}")
    unknown = [key for key in data if key not in SECTIONS]
    if unknown:
        raise ChecklistError(f"{path.name}: okänd nyckel {unknown[0]!r} på översta nivån; tillåtna är {', '.join(SECTIONS)}")
    vocab = data.get("vocab") or {}
    for name, terms in vocab.items():
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise ChecklistError(f"vocab.{name}: ska vara en lista med termer")
    _require_goal_inputs(vocab, data.get("shared_rules") or {})
    compiler = _Compiler(vocab, data.get("shared_rules") or {}, _fragments(data.get("fragments") or {}))
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
    patterns, goal_examples = _goal_analysis(data.get("goal_analysis"), compiler)
    types, type_examples = _document_types(data.get("document_types"), compiler)
    checklist = Checklist(path, version_of(data), vocab, compiler.shared, items, patterns, goal_examples,
                          types, type_examples)
    checklist._compiler = compiler
    return checklist


def _pattern(compiler: _Compiler, source: object, where: str) -> str:
    """A folded-text pattern of goal_analysis or document_types, its fragments written out."""
    if not isinstance(source, str):
        raise ChecklistError(f"{where}: ange ett reguljärt uttryck")
    try:
        expanded = compiler.regex(source, where, folded=True)
        re.compile(expanded)
    except SpecError as err:
        raise ChecklistError(str(err)) from err
    except re.error as err:
        raise ChecklistError(f"{where}: ogiltigt reguljärt uttryck ({err})") from err
    return expanded


def _goal_analysis(value: object, compiler: _Compiler) -> tuple[GoalPatterns, list[GoalExample]]:
    if not isinstance(value, dict) or set(value) - {"patterns", "examples"}:
        raise ChecklistError("goal_analysis: ange patterns (och gärna examples)")
    patterns = value.get("patterns")
    if not isinstance(patterns, dict) or sorted(patterns) != sorted(GOAL_PATTERNS):
        raise ChecklistError(f"goal_analysis.patterns: ange exakt {', '.join(GOAL_PATTERNS)}")
    sources = {name: _pattern(compiler, source, f"goal_analysis.patterns.{name}") for name, source in patterns.items()}
    if re.compile(sources["measured_subject"]).groups != 1:
        raise ChecklistError("goal_analysis.patterns.measured_subject: ange exakt en grupp (…) runt det som mäts")
    examples = []
    for number, entry in enumerate(value.get("examples") or [], 1):
        where = f"goal_analysis.examples[{number}]"
        if not isinstance(entry, dict) or set(entry) != {"text", "kind", "time_bound", "baseline"}:
            raise ChecklistError(f"{where}: ange text, kind, time_bound och baseline")
        if not isinstance(entry["time_bound"], bool) or not isinstance(entry["baseline"], bool):
            raise ChecklistError(f"{where}: time_bound och baseline ska vara true eller false")
        if entry["kind"] not in GOAL_KINDS:
            raise ChecklistError(f"{where}: okänt kind {entry['kind']!r}; välj bland {', '.join(GOAL_KINDS)}")
        examples.append(GoalExample(str(entry["text"]), str(entry["kind"]), entry["time_bound"], entry["baseline"]))
    return GoalPatterns.compile(sources), examples


def _document_types(value: object, compiler: _Compiler) -> tuple[DocumentTypes, list[tuple[str, str]]]:
    keys = ("cues", "title_cues", "news_signals", *DOCUMENT_PATTERNS, "examples")
    if not isinstance(value, dict) or sorted(value) != sorted(keys):
        raise ChecklistError(f"document_types: ange exakt {', '.join(keys)}")

    def cues(name: str) -> list[dict]:
        entries = value[name]
        if not isinstance(entries, list):
            raise ChecklistError(f"document_types.{name}: ange en lista av ledtrådar")
        for number, entry in enumerate(entries, 1):
            where = f"document_types.{name}[{number}]"
            if not isinstance(entry, dict) or set(entry) - set(CUE_KEYS) or not {"type", "pattern", "weight"} <= set(entry):
                raise ChecklistError(f"{where}: ange type, pattern, weight (och word_start)")
            if entry["type"] not in DOC_TYPES:
                raise ChecklistError(f"{where}, fältet type: okänd typ {entry['type']!r}; välj bland {', '.join(DOC_TYPES)}")
            if not isinstance(entry["weight"], (int, float)) or isinstance(entry["weight"], bool):
                raise ChecklistError(f"{where}, fältet weight: ange ett tal, inte {entry['weight']!r}")
            if not isinstance(entry.get("word_start", False), bool):
                raise ChecklistError(f"{where}, fältet word_start: ange true eller false")
        return [{**entry, "pattern": _pattern(compiler, entry["pattern"], f"document_types.{name}[{n}], fältet pattern")}
                for n, entry in enumerate(entries, 1)]

    signals = value["news_signals"]
    if not isinstance(signals, list):
        raise ChecklistError("document_types.news_signals: ange en lista av reguljära uttryck")
    examples = []
    for number, entry in enumerate(value["examples"] or [], 1):
        if not isinstance(entry, dict) or set(entry) != {"type", "text"} or entry["type"] not in DOC_TYPES:
            raise ChecklistError(f"document_types.examples[{number}]: ange text och type (en av {', '.join(DOC_TYPES)})")
        examples.append((str(entry["text"]), entry["type"]))
    types = DocumentTypes.compile(
        cues("cues"), cues("title_cues"),
        [_pattern(compiler, signal, f"document_types.news_signals[{n}]") for n, signal in enumerate(signals, 1)],
        {name: _pattern(compiler, value[name], f"document_types.{name}") for name in DOCUMENT_PATTERNS},
    )
    return types, examples


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
