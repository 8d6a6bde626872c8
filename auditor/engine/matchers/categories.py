"""`categories`: named categories, each a term list or a rule; every hit is labelled with its category so
conditions can count distinct categories (`min: {L2.sources: 3}`)."""

from __future__ import annotations

from auditor.analysis.context import Hit, ScanContext, new_hit
from auditor.engine.matchers.base import SpecError


class CategoriesMatcher:
    def __init__(self, categories: dict) -> None:
        self.categories = categories  # name -> Rule

    def match(self, ctx: ScanContext) -> list[Hit]:
        hits: list[Hit] = []
        for name, matcher in self.categories.items():
            hits.extend(new_hit((h.start, h.end, name, h.parts)) for h in ctx.hits(matcher))
        return hits


def compile_spec(spec: dict, compiler, where: str) -> CategoriesMatcher:
    value = spec["categories"]
    if not isinstance(value, dict) or not value:
        raise SpecError(f"{where}: ange en mappning kategori -> termlista eller regelnamn")
    categories = {}
    for name, entry in value.items():
        if isinstance(entry, str):
            categories[name] = compiler.rule(entry)
        elif isinstance(entry, list):
            categories[name] = compiler.terms(entry, f"{where}, kategorin {name}")
        else:
            raise SpecError(f"{where}, kategorin {name}: ange en termlista eller ett regelnamn")
    return CategoriesMatcher(categories)
