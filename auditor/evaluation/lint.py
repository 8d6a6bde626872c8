"""`auditor checklist lint`: what a checklist editor should look at after a change.

- the same literal term written in two items' rules (a shared vocabulary belongs in `vocab`),
- a term in one item that another item's wildcard term also matches (overlapping patterns),
- items with fewer than three examples per level,
- examples that no longer score as labelled (items, goal analysis, document types),
- dead rules (no level condition reaches them), vocabularies and fragments nothing uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from auditor.analysis.context import ScanContext
from auditor.analysis.doctype import classify
from auditor.analysis.goals import SHARED_RULES, VOCABULARIES, analyse_goals
from auditor.analysis.passages import passage_document
from auditor.document import fold
from auditor.engine.checklist import Checklist
from auditor.engine.matchers.terms import term_pattern
from auditor.engine.scoring import score_item

MIN_EXAMPLES = 3


@dataclass
class LintReport:
    duplicates: list[str] = field(default_factory=list)
    overlaps: list[str] = field(default_factory=list)
    missing_examples: list[str] = field(default_factory=list)
    failing_examples: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Duplicates and overlaps are advice; missing or failing examples and unused parts are errors."""
        return not (self.missing_examples or self.failing_examples or self.unused)

    def render(self) -> str:
        sections = [
            ("Samma term i flera punkter (flytta till vocab)", self.duplicates),
            ("Överlappande mönster mellan punkter", self.overlaps),
            ("Punkter med för få exempel", self.missing_examples),
            ("Exempel som inte längre får sin nivå", self.failing_examples),
            ("Oanvända regler, ordlistor och fragment (ta bort dem)", self.unused),
        ]
        lines = []
        for title, entries in sections:
            lines.append(f"{title}: {len(entries) or 'inga'}")
            lines += [f"  {entry}" for entry in entries]
        lines.append("Checklistan är godkänd." if self.ok else "Checklistan behöver åtgärdas.")
        return "\n".join(lines)


def lint(checklist: Checklist) -> LintReport:
    report = LintReport()
    raw = yaml.safe_load(checklist.path.read_text(encoding="utf-8"))
    literal = {entry["id"]: sorted(set(_literal_terms(entry.get("rules", {})))) for entry in raw["items"]}
    _duplicates_and_overlaps(literal, report)
    report.unused = unused_parts(raw)
    for goal in checklist.goal_examples:
        found = [(g.kind, g.time_bound, g.baseline) for g in
                 analyse_goals(ScanContext(passage_document(goal.text), checklist, None))]
        if found != [(goal.kind, goal.time_bound, goal.baseline)]:
            report.failing_examples.append(f"goal_analysis: får {found} — {goal.text.strip()[:90]}")
    for text, doc_type in checklist.type_examples:
        found_type = classify(passage_document(text), checklist.document_types).doc_type
        if found_type != doc_type:
            report.failing_examples.append(f"document_types: får {found_type}, inte {doc_type} — {text.strip()[:90]}")
    for item in checklist.items:
        for level in (0, 1, 2):
            count = sum(e.level == level for e in item.examples)
            if count < MIN_EXAMPLES:
                report.missing_examples.append(f"{item.id} nivå {level}: {count} exempel (minst {MIN_EXAMPLES})")
        for example in item.examples:
            result = score_item(item, ScanContext(passage_document(example.text), checklist, example.doc_type), example.doc_type)
            if result.score != example.level:
                report.failing_examples.append(
                    f"{item.id}-level{example.level}-ex{example.number}: får {result.score} — {example.text.strip()[:90]}"
                )
    return report


_VOCAB_REF = re.compile(r"^\$(\w+)$")
_FRAGMENT_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_RULE_REFS = ("rule", "contains", "unless", "from", "to", "via")  # keys whose string value names a rule


def unused_parts(raw: dict) -> list[str]:
    """Rules no level condition reaches (directly or through near, categories, co-occurrence …), and
    vocabularies and fragments that no used rule, vocabulary or fragment refers to."""
    shared = raw.get("shared_rules") or {}
    # the goal analysis reads its shared rules by name; it and the document types use fragments too
    used_specs: list = [shared[name] for name in SHARED_RULES if name in shared]
    used_specs.append((raw.get("goal_analysis") or {}).get("patterns"))
    used_specs.append({k: v for k, v in (raw.get("document_types") or {}).items() if k != "examples"})
    found: list[str] = []
    used_shared = set(SHARED_RULES)
    for entry in raw["items"]:
        rules = entry.get("rules") or {}
        todo = [name for name in _strings(entry.get("score")) if isinstance(name, str)]
        reached: set[str] = set()
        while todo:
            name = todo.pop()
            if name in rules and name not in reached:
                reached.add(name)
                todo += _rule_refs(rules[name])
                used_specs.append(rules[name])
            elif name in shared and name not in used_shared:
                used_shared.add(name)
                todo += _rule_refs(shared[name])
                used_specs.append(shared[name])
        found += [f"regeln {entry['id']}.{name} (inget nivåvillkor använder den)" for name in rules if name not in reached]
    for name in shared:
        if name not in used_shared:
            found.append(f"shared_rules.{name} (ingen punkt använder den)")
    vocab, fragments = raw.get("vocab") or {}, raw.get("fragments") or {}
    used_vocab = _closure({f"goal_{name}" for name in VOCABULARIES},
                          _refs(used_specs, _VOCAB_REF), lambda name: _refs(vocab.get(name), _VOCAB_REF))
    used_fragments = _closure(set(), _refs(used_specs, _FRAGMENT_REF),
                              lambda name: _refs(fragments.get(name), _FRAGMENT_REF))
    found += [f"vocab.{name} (ingen regel använder den)" for name in vocab if name not in used_vocab]
    found += [f"fragments.{name} (ingen regel använder det)" for name in fragments if name not in used_fragments]
    return found


def _pairs(node):
    """Every (key, value) of every mapping in a structure, nested ones too."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _pairs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _pairs(value)


def _rule_refs(spec) -> list[str]:
    """Names of the rules a rule spec refers to (near/not_near, contains, unless, categories, cooccurrence, link)."""
    refs: list[str] = []
    for key, value in _pairs(spec):
        if key in _RULE_REFS and isinstance(value, str):
            refs.append(value)
        elif key == "cooccurrence" and isinstance(value, list):
            refs += [v for v in value if isinstance(v, str)]
        elif key == "categories" and isinstance(value, dict):
            refs += [v for v in value.values() if isinstance(v, str)]
    return refs


def _strings(node) -> list[str]:
    """Every string in a structure, mapping keys included (conditions name rules as `min: {rule: 2}`)."""
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in (*_strings(key), *_strings(value))]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return [node] if isinstance(node, str) else []


def _refs(node, pattern: re.Pattern) -> set[str]:
    return {name for text in _strings(node) for name in pattern.findall(text)}


def _closure(used: set[str], start: set[str], refers) -> set[str]:
    todo = [*used, *start]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += refers(name)
    return seen


def _literal_terms(node) -> list[str]:
    """Terms written out in rule specs (not $vocabulary references), from every place terms occur."""
    lists = [value for key, value in _pairs(node) if key in ("terms", "heading", "section") and isinstance(value, list)]
    lists += [entry for key, value in _pairs(node) if key == "categories" and isinstance(value, dict)
              for entry in value.values() if isinstance(entry, list)]
    return [t for terms in lists for t in terms if isinstance(t, str) and not t.startswith("$")]


def _duplicates_and_overlaps(literal: dict[str, list[str]], report: LintReport) -> None:
    owners: dict[str, set[str]] = {}
    for item_id, terms in literal.items():
        for term in terms:
            owners.setdefault(fold(term.lower()), set()).add(item_id)
    for term, items in sorted(owners.items()):
        if len(items) > 1:
            report.duplicates.append(f"”{term}” i {', '.join(sorted(items))}")
    compiled = [(item_id, term, re.compile(term_pattern(term))) for item_id, terms in literal.items()
                for term in terms if "*" in term]
    for item_id, term, pattern in compiled:
        for other_id, other_terms in literal.items():
            if other_id == item_id:
                continue
            for other in other_terms:
                core = fold(other.strip("*").lower())
                if fold(term.lower()) != fold(other.lower()) and pattern.fullmatch(core):
                    report.overlaps.append(f"{item_id} ”{term}” täcker {other_id} ”{other}”")
