"""`auditor checklist lint`: what a checklist editor should look at after a change.

- the same literal term written in two items' rules (a shared vocabulary belongs in `vocab`),
- a term in one item that another item's wildcard term also matches (overlapping patterns),
- items with fewer than three examples per level,
- examples that no longer score as labelled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from auditor.analysis.context import ScanContext
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

    @property
    def ok(self) -> bool:
        """Duplicates and overlaps are advice; missing or failing examples are errors."""
        return not (self.missing_examples or self.failing_examples)

    def render(self) -> str:
        sections = [
            ("Samma term i flera punkter (flytta till vocab)", self.duplicates),
            ("Överlappande mönster mellan punkter", self.overlaps),
            ("Punkter med för få exempel", self.missing_examples),
            ("Exempel som inte längre får sin nivå", self.failing_examples),
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


def _literal_terms(node) -> list[str]:
    """Terms written out in rule specs (not $vocabulary references), from every place terms occur."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("terms", "heading") and isinstance(value, list):
                found += [t for t in value if isinstance(t, str) and not t.startswith("$")]
            elif key == "section" and isinstance(value, list):
                found += [t for t in value if isinstance(t, str) and not t.startswith("$")]
            elif key == "categories" and isinstance(value, dict):
                for entry in value.values():
                    if isinstance(entry, list):
                        found += [t for t in entry if isinstance(t, str) and not t.startswith("$")]
            else:
                found += _literal_terms(value)
    elif isinstance(node, list):
        for value in node:
            found += _literal_terms(value)
    return found


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
