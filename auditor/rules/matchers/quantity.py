"""`quantity`: numbers with what they measure — procent, antal, kronor, years, dates, periods, deadlines,
frequencies — found on the folded text (where "–" is already "-" and "år" is "ar")."""

from __future__ import annotations

import re

from auditor.rules.context import Hit, ScanContext
from auditor.rules.matchers import SpecError

_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_MONTH = r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|apr|jun|jul|aug|sept?|okt|nov|dec)\.?"
_DATE = rf"(?:{_YEAR}-[01]\d-[0-3]\d|\d{{1,2}}(?::e)?\s+{_MONTH}\s+{_YEAR}|{_MONTH}\s+{_YEAR}|[0-3]?\d/[01]?\d\s+{_YEAR})"
_POINT = rf"(?:{_DATE}|{_YEAR})"
_NUMBER = r"(?<![\w.,/-])\d+(?:[ \u00a0]\d{3})*(?:[,.]\d+)?(?![\d])"
_COUNT_WORDS = r"(?:tva|tre|fyra|fem|sex|sju|atta|nio|tio|tolv|ett|en)"

PATTERNS: dict[str, str] = {
    "percent": rf"{_NUMBER}\s?(?:%|procent\w*)|(?<!\w){_COUNT_WORDS}\s+procent\w*",
    "kronor": rf"{_NUMBER}\s?(?:kr|kronor|tkr|mkr|msek|sek|tusen kronor|miljon\w* kronor|miljon\w* kr)(?!\w)",
    "count": rf"{_NUMBER}(?!\s?(?:%|procent))(?=\s+(?:st\s+)?[a-z]{{3,}})",
    "number": _NUMBER,
    "year": rf"(?<![\d-]){_YEAR}(?![\d])",
    "date": rf"(?<![\d]){_DATE}(?![\d])",
    "period": (
        rf"(?<![\d-]){_POINT}\s*(?:-{{1,2}}|till(?: och med)?)\s*(?:{_POINT}|\d\d)(?![\d-])"
        rf"|(?:fran och med|fr\.?\s?o\.?\s?m\.?|fran)\s+{_POINT}\s+(?:till och med|t\.?\s?o\.?\s?m\.?|till)\s+{_POINT}"
        rf"|(?<![\d-]){_YEAR}/(?:{_YEAR}|\d\d)(?![\d-])"
    ),
    "until": (
        rf"(?:till och med|t\.?\s?o\.?\s?m\.?|senast|fram till|till|innan|fore|inom|under|i slutet av|vid utgangen av)"
        rf"\s+(?:(?:utgangen|slutet) av\s+)?(?:ar(?:et)?\s+|arsskiftet\s+)?{_POINT}(?![\d])"
    ),
    "frequency": (
        r"(?<!\w)(?:arlig(?:en|a|t)?|manatlig\w*|veckovis|manadsvis|kvartalsvis|halvarsvis|terminsvis"
        r"|tertial\w*|kvartal\w*|halvar\w*"
        r"|(?:varje|var|varannan|per|i)\s+(?:ar|manad|vecka|kvartal|tertial|halvar|termin)(?:et)?"
        r"|(?:\d+|en|ett|tva|tre|fyra|sex)\s+gang(?:er)?\s+(?:per|om|i|varje)\s+(?:ar|aret|manad|manaden|vecka|veckan|termin|terminen|halvar|kvartal))(?!\w)"
    ),
}
_YEAR_ONLY = re.compile(rf"{_YEAR}$")


class QuantityMatcher:
    def __init__(self, kinds: list[str]) -> None:
        self.kinds = kinds
        self.patterns = [(kind, re.compile(PATTERNS[kind])) for kind in kinds]

    def match(self, ctx: ScanContext) -> list[Hit]:
        hits = []
        for kind, pattern in self.patterns:
            for start, end, match in ctx.finditer(pattern):
                if kind in ("count", "number") and _YEAR_ONLY.match(match.group(0).strip()):
                    continue  # "2021 anmäldes" is a year, not an amount
                hits.append(Hit(start, end, kind))
        return hits


def compile_spec(spec: dict, compiler, where: str) -> QuantityMatcher:
    kinds = spec["quantity"]
    kinds = kinds if isinstance(kinds, list) else [kinds]
    unknown = [k for k in kinds if k not in PATTERNS]
    if unknown or not kinds:
        raise SpecError(f"{where}: okänd storhet {unknown}; välj bland {', '.join(PATTERNS)}")
    return QuantityMatcher(kinds)
