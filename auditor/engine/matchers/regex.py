"""`regex`: a regular expression on the folded text (lowercase, å/ä/ö written a/a/o: write patterns in
lowercase without å/ä/ö), or with `case_sensitive: true` on the original text (names with a capital).
`{name}` in a pattern stands for the named fragment of the checklist's `fragments`."""

from __future__ import annotations

import re

from auditor.analysis.context import Hit, ScanContext, plain_hits
from auditor.analysis.patterns import fast_pattern, start_anchors
from auditor.engine.matchers.base import SpecError


class RegexMatcher:
    """One or more patterns (a list in the YAML = alternatives, each searched on its own, so each keeps its own
    group 1 as the hit and a pattern that starts at a word can be searched fast)."""

    def __init__(self, patterns: list[re.Pattern], original: bool) -> None:
        self.patterns = patterns
        self.original = original
        # where the places a match may begin are known, only those are tried (most patterns)
        self.anchors = [None if original else start_anchors(p.pattern, p.flags) for p in patterns]
        # rules that share their patterns (a fragment such as `entry_start`) share one search per document
        self.key = ("regex", original, *((p.pattern, p.flags) for p in patterns))

    def match(self, ctx: ScanContext) -> list[Hit]:
        return ctx.memo(self.key, lambda: self._find(ctx))

    def _find(self, ctx: ScanContext) -> list[Hit]:
        if self.original:
            # empty matches are left out here as pattern_spans leaves them out of the folded text
            spans = {m.span() for p in self.patterns for m in p.finditer(ctx.text) if m.end() > m.start()}
        else:
            spans = {span for p, anchors in zip(self.patterns, self.anchors) for span in ctx.pattern_spans(p, anchors)}
        return plain_hits(sorted(spans))


def compile_spec(spec: dict, compiler, where: str) -> RegexMatcher:
    value = spec["regex"]
    sources = value if isinstance(value, list) else [value]
    original = spec.get("case_sensitive", False)
    if not isinstance(original, bool):
        raise SpecError(f"{where}: case_sensitive ska vara true eller false")
    if not sources or not all(isinstance(s, str) and s for s in sources):
        raise SpecError(f"{where}: ange ett reguljärt uttryck (eller en lista av alternativ)")
    try:  # folded text is lowercase already; case-sensitive is the original
        patterns = [fast_pattern(compiler.regex(s, where, folded=not original)) for s in sources]
    except re.error as err:
        raise SpecError(f"{where}: ogiltigt reguljärt uttryck ({err})") from err
    return RegexMatcher(patterns, original)
