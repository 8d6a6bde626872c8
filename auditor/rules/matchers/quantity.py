"""`quantity`: numbers with what they measure — procent, antal, kronor, years, dates, periods and
deadlines — found on the folded text (where "–" is already "-" and "år" is "ar")."""

from __future__ import annotations

import re

from auditor.rules.context import Hit, ScanContext
from auditor.rules.matchers import SpecError
from auditor.rules.patterns import NUMBER_START, WORD_START, WordPattern

_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_MONTH = r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|apr|jun|jul|aug|sept?|okt|nov|dec)\.?"
_DATE = rf"(?:{_YEAR}-[01]\d-[0-3]\d|\d{{1,2}}(?::e)?\s+{_MONTH}\s+{_YEAR}|{_MONTH}\s+{_YEAR}|[0-3]?\d/[01]?\d\s+{_YEAR})"
_POINT = rf"(?:{_DATE}|{_YEAR})"
_NUMBER_BODY = r"\d+(?:[ \u00a0]\d{3})*(?:[,.]\d+)?(?!\d)"
_COUNT_WORDS = r"(?:tva|tre|fyra|fem|sex|sju|atta|nio|tio|tolv|ett|en)"
# number words that count ("tio kontroller"); not "en"/"ett", which are mostly articles
_MANY_WORDS = r"(?:tva|tre|fyra|fem|sex|sju|atta|nio|tio|elva|tolv|femton|tjugo|trettio|fyrtio|femtio|hundra)(?!\w)"

# Each kind is one guarded group: a number (not glued to a word, a decimal point or a dash) or a word.
PATTERNS: dict[str, str] = {
    "percent": rf"{WORD_START}(?:{_NUMBER_BODY}\s?(?:%|procent\w*)|{_COUNT_WORDS}\s+procent\w*)",
    "kronor": rf"{NUMBER_START}(?:{_NUMBER_BODY}\s?(?:kr|kronor|tkr|mkr|msek|sek|tusen kronor|miljon\w* kronor|miljon\w* kr)(?!\w))",
    "count": rf"{NUMBER_START}(?:(?:{_NUMBER_BODY}|{_MANY_WORDS})(?!\s?(?:%|procent))(?=\s+(?:st\s+)?[a-z]{{3,}}))",
    "number": rf"{NUMBER_START}(?:{_NUMBER_BODY})",
    "year": rf"{NUMBER_START}(?:{_YEAR}(?!\d))",
    "date": rf"{NUMBER_START}(?:{_DATE}(?!\d))",
    "period": (
        rf"{WORD_START}(?:{_POINT}\s*(?:-{{1,2}}|till(?: och med)?|t\.?\s?o\.?\s?m\.?)\s*(?:{_POINT}|\d\d)(?![\d-])"
        rf"|(?:fran och med|fr\.?\s?o\.?\s?m\.?|fran)\s+{_POINT}\s+(?:till och med|t\.?\s?o\.?\s?m\.?|till)\s+{_POINT}"
        rf"|{_YEAR}/(?:{_YEAR}|\d\d)(?![\d-]))"
    ),
    "until": (
        rf"{WORD_START}(?:(?:till och med|t\.?\s?o\.?\s?m\.?|senast|fram till|till|innan|fore|inom|under|i slutet av|vid utgangen av)"
        rf"\s+(?:(?:utgangen|slutet) av\s+)?(?:ar(?:et)?\s+|arsskiftet\s+)?{_POINT}(?!\d))"
    ),
}
_YEAR_ONLY = re.compile(rf"{_YEAR}$")
_COMPILED = {kind: WordPattern(pattern) for kind, pattern in PATTERNS.items()}
# Kinds whose every match contains a cheap-to-find anchor are searched only in windows around it.
_ANCHORS = {"date": "year", "period": "year", "until": "year", "percent": "percent_sign"}
_PERCENT_SIGN = re.compile(r"%|procent")
_WINDOW_BEFORE, _WINDOW_AFTER = 60, 40


class QuantityMatcher:
    def __init__(self, kinds: list[str]) -> None:
        self.kinds = kinds

    def match(self, ctx: ScanContext) -> list[Hit]:
        return [hit for kind in self.kinds for hit in ctx.memo(("quantity", kind), lambda k=kind: _find(ctx, k))]


def _find(ctx: ScanContext, kind: str) -> list[Hit]:
    if kind in _ANCHORS:
        matches = _anchored(ctx, kind)
    else:
        matches = _COMPILED[kind].finditer(ctx.folded.text)
    hits = []
    for match in matches:
        if kind in ("count", "number") and _YEAR_ONLY.match(match.group(0).strip()):
            continue  # "2021 anmäldes" is a year, not an amount
        hits.append(Hit(*ctx.folded.to_original(*match.span()), kind))
    return hits


def _anchored(ctx: ScanContext, kind: str):
    """Matches of `kind` found only in windows around its anchors (years, "%"/"procent")."""
    text = ctx.folded.text
    if _ANCHORS[kind] == "year":
        anchors = [m.span() for m in _COMPILED["year"].finditer(text)]
    else:
        anchors = [m.span() for m in _PERCENT_SIGN.finditer(text)]
    windows: list[list[int]] = []
    for start, end in anchors:
        start, end = max(0, start - _WINDOW_BEFORE), min(len(text), end + _WINDOW_AFTER)
        while end < len(text) and not text[end].isspace():  # never cut a word or number in two
            end += 1
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    seen = set()
    for start, end in windows:
        for match in _COMPILED[kind].finditer(text, start, end):
            if match.span() not in seen:
                seen.add(match.span())
                yield match


def compile_spec(spec: dict, compiler, where: str) -> QuantityMatcher:
    kinds = spec["quantity"]
    kinds = kinds if isinstance(kinds, list) else [kinds]
    unknown = [k for k in kinds if k not in PATTERNS]
    if unknown or not kinds:
        raise SpecError(f"{where}: okänd storhet {unknown}; välj bland {', '.join(PATTERNS)}")
    return QuantityMatcher(kinds)
