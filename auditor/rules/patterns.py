"""Fast word-anchored regular expressions.

Python's `re` skips quickly to a pattern's possible first characters, but not when the pattern starts
with a look-behind such as `(?<!\\w)`. Patterns written that way are compiled without it, and the
word-start condition is checked on each match instead — same matches, several times faster on long text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

WORD_START = r"(?<!\w)"
NUMBER_START = r"(?<![\w.,/-])"
_GUARDS = {WORD_START: "", NUMBER_START: ".,/-"}


class WordPattern:
    """A compiled pattern whose leading word (or number) boundary is checked per match."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.extra = None
        for guard, extra in _GUARDS.items():
            if source.startswith(guard) and "|" not in _top_level(source[len(guard):]):
                source, self.extra = source[len(guard):], extra
                break
        self.pattern = re.compile(source, flags)
        self.groups = self.pattern.groups

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        matches = self.pattern.finditer(text, pos, len(text) if endpos is None else endpos)
        if self.extra is None:
            yield from matches
            return
        for match in matches:
            start = match.start()
            if start == 0 or not _boundary_breaker(text[start - 1], self.extra):
                yield match

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        return next(self.finditer(text, pos, endpos), None)


def _boundary_breaker(char: str, extra: str) -> bool:
    return char.isalnum() or char == "_" or char in extra


def _top_level(source: str) -> str:
    """The pattern text outside any group (to see whether a leading guard applies to every branch)."""
    depth, out, escaped = 0, [], False
    for char in source:
        if escaped:
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)
