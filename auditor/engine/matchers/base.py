"""The parts every matcher kind shares: the compiled `Rule` with its filters, nearness, and the errors a
malformed specification raises. The kinds (terms, regex, …) build on this; `auditor.engine.matchers` puts
them together."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Protocol

from auditor.analysis.context import Hit, ScanContext
from auditor.document import Block


class SpecError(ValueError):
    """A rule specification is malformed; the message names the field."""


def kind_options(value: object, main: str, optional: tuple[str, ...], where: str, usage: str) -> dict:
    """A kind's value as a mapping: a bare list is short for {main: list}; `main` is required and only
    `optional` keys may stand beside it."""
    if isinstance(value, list):
        value = {main: value}
    if not isinstance(value, dict) or main not in value:
        raise SpecError(f"{where}: ange en termlista eller {usage}")
    unknown = set(value) - {main, *optional}
    if unknown:
        raise SpecError(f"{where}: okänd nyckel {', '.join(sorted(unknown))}; ange {usage}")
    return value


class Matcher(Protocol):
    def match(self, ctx: ScanContext) -> list[Hit]: ...


@dataclass(frozen=True)
class Nearness:
    """`rule` must (or must not) have a hit in the same `unit` as the hit; unit `hit` = inside its hit;
    unit `before` = earlier in the hit's sentence (a damper governs what follows it: "Enligt handboken ska
    parterna …" is background, "Parterna ska arbeta utifrån den nationella strategin" is a commitment)."""

    rule: Rule
    unit: str

    def holding(self, ctx: ScanContext, hits: list[Hit]) -> list[bool]:
        """For each hit: does `rule` have a hit in the same unit?"""
        if self.unit == "hit":
            # inside some other hit: among the others starting at or before h, the furthest end must reach h's
            others = sorted(ctx.hits(self.rule))
            starts = [o.start for o in others]
            reach = list(accumulate((o.end for o in others), max))
            return [bool(i) and reach[i - 1] >= h.end for h in hits for i in (bisect_right(starts, h.start),)]
        if self.unit == "before":
            others = ctx.hits(self.rule)
            first: dict[int, int] = {}  # sentence -> start of the rule's first hit in it
            for o, i in zip(others, ctx.unit_indexes("sentence", [o.start for o in others])):
                if i is not None and o.start < first.get(i, o.start + 1):
                    first[i] = o.start
            return [i is not None and first.get(i, h.start) < h.start
                    for h, i in zip(hits, ctx.unit_indexes("sentence", [h.start for h in hits]))]
        marked = ctx.units_with_hits(self.rule, self.unit)
        return [i is not None and i in marked for i in ctx.unit_indexes(self.unit, [h.start for h in hits])]


class Rule:
    """A compiled rule: a matcher plus filters. `name` is how evidence cites it (e.g. "L2.sources")."""

    def __init__(self, name: str, kind: str, matcher: Matcher, *, near=(), not_near=(), block_kinds=None,
                 max_block_chars=None, min_block_chars=None, block_start=False, doc_types=None) -> None:
        self.name = name
        self.kind = kind
        self.matcher = matcher
        self.near: tuple[Nearness, ...] = tuple(near)
        self.not_near: tuple[Nearness, ...] = tuple(not_near)
        self.block_kinds = frozenset(block_kinds) if block_kinds else None
        self.max_block_chars = max_block_chars
        self.min_block_chars = min_block_chars
        self.block_start = block_start
        self.doc_types = frozenset(doc_types) if doc_types else None

    def __repr__(self) -> str:
        return f"Rule({self.name!r}, {self.kind})"

    def find(self, ctx: ScanContext) -> list[Hit]:
        if self.doc_types is not None and ctx.doc_type not in self.doc_types:
            return []
        hits = self.matcher.match(ctx)
        if ctx.contents_lines.spans:
            hits = [h for h in hits if not ctx.in_contents(h.start)]
        if self.block_kinds is not None or self.max_block_chars or self.min_block_chars or self.block_start:
            blocks = ctx.document.blocks
            hits = [h for h, i in zip(hits, ctx.unit_indexes("block", [h.start for h in hits]))
                    if i is not None and self._block_fits(blocks[i], h)]
        if self.near and hits:
            verdicts = [n.holding(ctx, hits) for n in self.near]
            hits = [h for h, *ok in zip(hits, *verdicts) if any(ok)]
        for nearness in self.not_near:
            if hits:
                hits = [h for h, bad in zip(hits, nearness.holding(ctx, hits)) if not bad]
        return hits

    def _block_fits(self, block: Block, hit: Hit) -> bool:
        if self.block_start and hit.start - block.start > BLOCK_START_SLACK:
            return False
        if self.block_kinds is not None and block.kind not in self.block_kinds:
            return False
        if self.max_block_chars is not None and len(block.text) > self.max_block_chars:
            return False
        return self.min_block_chars is None or len(block.text) >= self.min_block_chars


FILTER_KEYS = ("near", "not_near", "block_kinds", "max_block_chars", "min_block_chars", "block_start", "doc_types")
BLOCK_START_SLACK = 4  # characters a list marker or number may take before the hit ("1. Polisen …")
# the options a kind takes besides its own key; anything else in a rule is a misspelling
KIND_OPTIONS = {"regex": ("case_sensitive",), "cooccurrence": ("unit",), "sequence": ("unit",)}


class Compiler(Protocol):
    """What a matcher module may ask of the checklist while compiling."""

    def rule(self, ref: str) -> Rule: ...

    def terms(self, values: list[str], where: str) -> Rule: ...

    def regex(self, source: str, where: str, folded: bool) -> str: ...

    @property
    def vocab(self) -> dict[str, list[str]]: ...


