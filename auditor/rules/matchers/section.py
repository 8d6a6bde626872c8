"""`section`: the content under headings whose text matches the given terms, until the next heading of
the same or a higher level. With `contains: RULE` only that rule's hits inside such sections are kept;
otherwise the whole section (heading included) is one hit."""

from __future__ import annotations

from auditor.rules.context import Hit, ScanContext
from auditor.rules.matchers import SpecError


class SectionMatcher:
    def __init__(self, heading, contains) -> None:
        self.heading = heading  # a terms Rule
        self.contains = contains  # a Rule or None

    def match(self, ctx: ScanContext) -> list[Hit]:
        heading_hits = ctx.hits(self.heading)
        if not heading_hits:
            return []
        blocks = ctx.document.blocks
        spans = []
        for start, end, index in ctx.headed_sections:
            block = blocks[index]
            if any(block.start <= h.start < block.end for h in heading_hits):
                spans.append((start, end))
        if self.contains is None:
            return [Hit(start, end) for start, end in spans]
        return [h for h in ctx.hits(self.contains) if any(s <= h.start and h.end <= e for s, e in spans)]


def compile_spec(spec: dict, compiler, where: str) -> SectionMatcher:
    value = spec["section"]
    if isinstance(value, list):
        value = {"heading": value}
    if not isinstance(value, dict) or "heading" not in value:
        raise SpecError(f"{where}: ange en termlista eller {{heading: [...], contains: REGEL}}")
    contains = compiler.rule(value["contains"]) if "contains" in value else None
    return SectionMatcher(compiler.terms(value["heading"], where), contains)
