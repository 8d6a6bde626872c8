"""`cooccurrence`: units (sentence, block, table row, table, section) in which every listed rule has a
hit. The hit is the unit itself — or, in a long unit, the stretch from the first to the last sub-hit."""

from __future__ import annotations

from auditor.rules.context import UNITS, Hit, ScanContext
from auditor.rules.matchers import SpecError

LONG_UNIT = 400  # characters; longer units are quoted from their sub-hits only


class CooccurrenceMatcher:
    def __init__(self, rules: list, unit: str) -> None:
        self.rules = rules
        self.unit = unit

    def match(self, ctx: ScanContext) -> list[Hit]:
        units = ctx.unit(self.unit)
        found: dict[int, list[list[Hit]]] = {}
        for position, rule in enumerate(self.rules):
            hits = ctx.hits(rule)
            for hit, i in zip(hits, ctx.unit_indexes(self.unit, [h.start for h in hits])):
                if i is None:
                    continue
                per_rule = found.setdefault(i, [[] for _ in self.rules])
                per_rule[position].append(hit)
        hits = []
        for i, per_rule in sorted(found.items()):
            if all(per_rule):
                parts = tuple(h for group in per_rule for h in group)
                start, end = units.spans[i]
                if end - start > LONG_UNIT:
                    start, end = min(h.start for h in parts), max(h.end for h in parts)
                hits.append(Hit(start, end, parts=parts))
        return hits


def compile_spec(spec: dict, compiler, where: str) -> CooccurrenceMatcher:
    refs = spec["cooccurrence"]
    unit = spec.get("unit", "sentence")
    if not isinstance(refs, list) or len(refs) < 2:
        raise SpecError(f"{where}: ange minst två regelnamn")
    if unit not in UNITS:
        raise SpecError(f"{where}: okänd enhet {unit!r}; välj bland {', '.join(UNITS)}")
    return CooccurrenceMatcher([compiler.rule(ref) for ref in refs], unit)
