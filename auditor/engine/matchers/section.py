"""`section`: the content under headings whose text matches the given terms, until the next heading of
the same or a higher level. With `contains: RULE` only that rule's hits inside such sections are kept;
otherwise the whole section (heading included) is one hit.

With `top_level: true` only the section's own entries count, as a reader counts them: its direct
subheadings ("3.1 Narkotika bland unga", "Fokusområde 2 – …") and what stands before the first of them,
not every bullet under each subheading; a matching section inside another one is part of the outer one.
When several sections match (the priorities named in the problem picture and again as chapters), the hits
are those of the section with the most: the same priorities restated are not more priorities.
"""

from __future__ import annotations

from auditor.analysis.context import Hit, ScanContext
from auditor.engine.matchers.base import kind_options


class SectionMatcher:
    def __init__(self, heading, contains, top_level: bool) -> None:
        self.heading = heading  # a terms Rule
        self.contains = contains  # a Rule or None
        self.top_level = top_level

    def match(self, ctx: ScanContext) -> list[Hit]:
        heading_hits = ctx.hits(self.heading)
        if not heading_hits:
            return []
        headed = set(ctx.unit_indexes("block", [h.start for h in heading_hits]))  # the blocks holding a hit
        sections = [(start, end, index) for start, end, index in ctx.headed_sections if index in headed]
        if self.contains is None:
            return [Hit(start, end) for start, end, _ in sections]
        hits = ctx.hits(self.contains)
        if not self.top_level:
            return [h for h in hits if any(s <= h.start and h.end <= e for s, e, _ in sections)]
        per_section = []
        for section in _outermost(sections):
            entries = set(_entry_starts(ctx, section))
            per_section.append([h for h in hits if (hit_block := ctx.document.block_at(h.start)) and hit_block.start in entries])
        return max(per_section, key=len, default=[])


def _outermost(sections: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Sections not inside an earlier one (headed_sections come in document order)."""
    kept: list[tuple[int, int, int]] = []
    for section in sections:
        if not kept or section[0] >= kept[-1][1]:
            kept.append(section)
    return kept


def _entry_starts(ctx: ScanContext, section: tuple[int, int, int]) -> list[int]:
    """Start offsets of the section's own entries: the blocks before its first subheading (all its blocks
    when it has none), and the subheadings ranked like that first one or higher."""
    start, end, index = section
    inside = ctx.document.blocks_starting_in(ctx.document.blocks[index].end, end)
    headings = [b for b in inside if b.kind == "heading"]
    if not headings:
        return [b.start for b in inside]
    child = headings[0].level or 1
    return [b.start for b in inside if b.start < headings[0].start or (b.kind == "heading" and (b.level or 1) <= child)]


def compile_spec(spec: dict, compiler, where: str) -> SectionMatcher:
    value = kind_options(spec["section"], "heading", ("contains", "top_level"), where,
                         "{heading: [...], contains: REGEL, top_level: true}")
    contains = compiler.rule(value["contains"]) if "contains" in value else None
    return SectionMatcher(compiler.terms(value["heading"], where), contains, bool(value.get("top_level", False)))
