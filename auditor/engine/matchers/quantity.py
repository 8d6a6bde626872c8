"""`quantity`: numbers with what they measure — procent, antal, kronor, years, dates, periods and
deadlines — found on the folded text (where "–" is already "-" and "år" is "ar")."""

from __future__ import annotations

import re

from auditor.analysis.context import Hit, ScanContext
from auditor.analysis.patterns import QUANTITY_PATTERNS, YEAR, anchored_finditer, fast_pattern, start_anchors
from auditor.engine.matchers.base import SpecError

_YEAR_ONLY = re.compile(rf"{YEAR}$")
_COMPILED = {kind: fast_pattern(pattern) for kind, pattern in QUANTITY_PATTERNS.items()}
_STARTS = {kind: start_anchors(pattern) for kind, pattern in QUANTITY_PATTERNS.items()}
# Kinds whose every match holds something cheap to find (a year, "%") are searched only in windows around it:
# faster than trying them at their start words ("till", "i", "t.o.m."), which are common.
_WINDOWED = {"date": "year", "period": "year", "until": "year", "percent": "percent_sign"}
_PERCENT_SIGN = re.compile(r"%|procent")
_WINDOW_BEFORE, _WINDOW_AFTER = 60, 40


class QuantityMatcher:
    def __init__(self, kinds: list[str]) -> None:
        self.kinds = kinds

    def match(self, ctx: ScanContext) -> list[Hit]:
        return [hit for kind in self.kinds for hit in ctx.memo(("quantity", kind), lambda k=kind: _find(ctx, k))]


def _find(ctx: ScanContext, kind: str) -> list[Hit]:
    if kind in _WINDOWED:
        matches = _in_windows(ctx, kind)
    else:
        matches = _words_finditer(ctx, kind)
    hits = []
    for match in matches:
        if kind in ("count", "number") and _YEAR_ONLY.match(match.group(0).strip()):
            continue  # "2021 anmäldes" is a year, not an amount
        hits.append(Hit(*ctx.folded.to_original(*match.span()), kind))
    return hits


def _in_windows(ctx: ScanContext, kind: str):
    """Matches of `kind` found only in windows around what each holds (years, "%"/"procent")."""
    text = ctx.folded.text
    seen = set()
    for start, end in ctx.memo(("quantity windows", _WINDOWED[kind]), lambda: _windows(ctx, _WINDOWED[kind])):
        for match in _COMPILED[kind].finditer(text, start, end):
            if match.span() not in seen:
                seen.add(match.span())
                yield match


def _words_finditer(ctx: ScanContext, kind: str):
    """Matches of `kind` in the whole folded text, tried only where the words it may begin with are."""
    anchors = _STARTS[kind]
    if anchors is None:
        return _COMPILED[kind].finditer(ctx.folded.text)
    return anchored_finditer(_COMPILED[kind], ctx.folded.text, ctx.anchor_starts(anchors))


def _windows(ctx: ScanContext, around: str) -> list[list[int]]:
    """Merged stretches of the folded text around every year or percent sign (the years serve three kinds)."""
    text = ctx.folded.text
    if around == "year":
        centres = [m.span() for m in _words_finditer(ctx, "year")]
    else:
        centres = [m.span() for m in _PERCENT_SIGN.finditer(text)]
    windows: list[list[int]] = []
    for start, end in centres:
        start, end = max(0, start - _WINDOW_BEFORE), min(len(text), end + _WINDOW_AFTER)
        while end < len(text) and not text[end].isspace():  # never cut a word or number in two
            end += 1
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return windows


def compile_spec(spec: dict, compiler, where: str) -> QuantityMatcher:
    kinds = spec["quantity"]
    kinds = kinds if isinstance(kinds, list) else [kinds]
    unknown = [k for k in kinds if k not in QUANTITY_PATTERNS]
    if unknown or not kinds:
        raise SpecError(f"{where}: okänd storhet {unknown}; välj bland {', '.join(QUANTITY_PATTERNS)}")
    return QuantityMatcher(kinds)
