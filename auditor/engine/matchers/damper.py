"""`damper`: vague or hedged language ("sträva efter", "vid behov", "kontinuerligt"). Other rules drop
hits in the same sentence with `not_near: {rule: vague}`, so vagueness earns nothing. A damper term is
forgiven when `unless` (e.g. a stated frequency) occurs in the same sentence."""

from __future__ import annotations

from auditor.analysis.context import Hit, ScanContext
from auditor.engine.matchers.base import kind_options


class DamperMatcher:
    def __init__(self, terms, unless) -> None:
        self.terms = terms
        self.unless = unless  # a Rule or None

    def match(self, ctx: ScanContext) -> list[Hit]:
        hits = ctx.hits(self.terms)
        if self.unless is None:
            return [Hit(h.start, h.end, "vague") for h in hits]
        forgiving = ctx.hits(self.unless)
        sentences = ctx.sentences
        forgiven = {sentences.index_at(h.start) for h in forgiving}
        return [Hit(h.start, h.end, "vague") for h in hits if sentences.index_at(h.start) not in forgiven]


def compile_spec(spec: dict, compiler, where: str) -> DamperMatcher:
    value = kind_options(spec["damper"], "terms", ("unless",), where, "{terms: [...], unless: REGEL}")
    unless = value.get("unless")
    return DamperMatcher(compiler.terms(value["terms"], where), compiler.rule(unless) if unless else None)
