"""`link`: hits of `to` (say, the measures) whose sentence names the same thing, a hit of the `via` rule, as the
sentence of a hit of `from` (say, the causes) elsewhere in the document: "bristande belysning i stråket" as a
cause and "ny belysning längs stråket" as a measure. This is how a reader sees that a measure answers a cause
written in another section.

  measures_for_causes: {link: {from: causes, to: measures, via: cause_factors}}

The things are compared on their first six letters, since Swedish inflects and compounds at the end
(belysningen, belysningsplan; fritidsgården, fritidsgårdens).
"""

from __future__ import annotations

from auditor.analysis.context import Hit, ScanContext
from auditor.document import fold
from auditor.engine.matchers.base import SpecError

KEY_LETTERS = 6


class LinkMatcher:
    def __init__(self, source, target, via) -> None:
        self.source = source
        self.target = target
        self.via = via

    def match(self, ctx: ScanContext) -> list[Hit]:
        sources, targets = ctx.hits(self.source), ctx.hits(self.target)
        if not sources or not targets:
            return []
        named: dict[int, set[str]] = {}  # sentence -> the things it names
        things = ctx.hits(self.via)
        for hit, i in zip(things, ctx.unit_indexes("sentence", [h.start for h in things])):
            if i is not None:
                named.setdefault(i, set()).add(fold(ctx.text[hit.start:hit.end])[:KEY_LETTERS])
        causes: dict[str, set[int]] = {}  # thing -> the cause sentences naming it (an index: linear time)
        for i in ctx.unit_indexes("sentence", [h.start for h in sources]):
            if i is not None:
                for thing in named.get(i, ()):
                    causes.setdefault(thing, set()).add(i)
        return [hit for hit, i in zip(targets, ctx.unit_indexes("sentence", [h.start for h in targets]))
                if i in named and any(_elsewhere(causes.get(thing), i) for thing in named[i])]


def _elsewhere(sentences: set[int] | None, i: int) -> bool:
    """Whether a sentence other than `i` is among `sentences` (without copying the set)."""
    return sentences is not None and (len(sentences) > 1 or i not in sentences)


def compile_spec(spec: dict, compiler, where: str) -> LinkMatcher:
    value = spec["link"]
    if not isinstance(value, dict) or set(value) != {"from", "to", "via"}:
        raise SpecError(f"{where}: ange {{from: REGEL, to: REGEL, via: REGEL}}")
    return LinkMatcher(compiler.rule(value["from"]), compiler.rule(value["to"]), compiler.rule(value["via"]))
