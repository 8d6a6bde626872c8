"""`regex`: a regular expression on the folded text (lowercase, å/ä/ö written a/a/o: write patterns in
lowercase without å/ä/ö), or with `case_sensitive: true` on the original text (names with a capital).
`{name}` in a pattern stands for the named fragment of the checklist's `fragments`."""

from __future__ import annotations

import re

from auditor.analysis.context import Hit, ScanContext
from auditor.analysis.patterns import WordPattern
from auditor.engine.matchers.base import SpecError


class RegexMatcher:
    def __init__(self, pattern: WordPattern, original: bool) -> None:
        self.pattern = pattern
        self.original = original

    def match(self, ctx: ScanContext) -> list[Hit]:
        if self.original:
            return [Hit(*m.span()) for m in self.pattern.finditer(ctx.text) if m.end() > m.start()]
        return [Hit(start, end) for start, end, _ in ctx.finditer(self.pattern)]


def compile_spec(spec: dict, compiler, where: str) -> RegexMatcher:
    value = spec["regex"]
    sources = value if isinstance(value, list) else [value]
    original = spec.get("case_sensitive", False)
    if not isinstance(original, bool):
        raise SpecError(f"{where}: case_sensitive ska vara true eller false")
    if not sources or not all(isinstance(s, str) and s for s in sources):
        raise SpecError(f"{where}: ange ett reguljärt uttryck (eller en lista av alternativ)")
    expanded = [compiler.regex(s, where, folded=not original) for s in sources]
    try:
        source = expanded[0] if len(expanded) == 1 else "|".join(f"(?:{s})" for s in expanded)
        pattern = WordPattern(source)  # folded text is lowercase already; case-sensitive is the original
    except re.error as err:
        raise SpecError(f"{where}: ogiltigt reguljärt uttryck ({err})") from err
    return RegexMatcher(pattern, original)
