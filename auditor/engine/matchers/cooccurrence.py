"""`cooccurrence`: units (sentence, block, table row, table, section) in which every listed rule has a
hit. The hit is the unit itself — or, in a long unit, the stretch from the first to the last sub-hit."""

from __future__ import annotations

from auditor.analysis.context import UNITS, Hit, ScanContext
from auditor.engine.matchers.base import SpecError

LONG_UNIT = 400  # characters; longer units are quoted from their sub-hits only


class CooccurrenceMatcher:
    def __init__(self, rules: list, unit: str) -> None:
        self.rules = rules
        self.unit = unit

    def match(self, ctx: ScanContext) -> list[Hit]:
        units = ctx.unit(self.unit)
        per_rule = []  # for each rule: its hits with the unit each one starts in
        shared: set[int] | None = None  # the units where every rule so far has a hit
        for rule in self.rules:
            hits = ctx.hits(rule)
            located = [(i, hit) for hit, i in zip(hits, ctx.unit_indexes(self.unit, [h.start for h in hits]))
                       if i is not None and (shared is None or i in shared)]
            shared = {i for i, _ in located}
            if not shared:
                return []
            per_rule.append(located)
        assert shared is not None  # a co-occurrence has at least one rule
        parts_of: dict[int, list[Hit]] = {i: [] for i in sorted(shared)}
        for located in per_rule:
            for i, hit in located:
                if i in shared:
                    parts_of[i].append(hit)
        hits = []
        for i, parts in parts_of.items():
            start, end = units.spans[i]
            if end - start > LONG_UNIT:
                start, end = min(h.start for h in parts), max(h.end for h in parts)
            hits.append(Hit(start, end, parts=tuple(parts)))
        return hits


def compile_spec(spec: dict, compiler, where: str) -> CooccurrenceMatcher:
    refs = spec["cooccurrence"]
    unit = spec.get("unit", "sentence")
    if not isinstance(refs, list) or len(refs) < 2:
        raise SpecError(f"{where}: ange minst två regelnamn")
    if unit not in UNITS:
        raise SpecError(f"{where}: okänd enhet {unit!r}; välj bland {', '.join(UNITS)}")
    return CooccurrenceMatcher([compiler.rule(ref) for ref in refs], unit)
