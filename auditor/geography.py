"""Swedish kommuner and län: the shipped list of all 290, extra (fictitious) ones registered at run time,
and finding kommun names in folded text.

Names are matched on folded text (see auditor.document.fold). OCR damages exactly the letters å/ä/ö, so
every name is also matched with the usual OCR substitutes at those positions ("H66r", "Hiissleholm").
Names that are ordinary Swedish words ("Vara", "Mark", "Lund", "Ånge" → "ange") only count with a
kommun/stad context or, when the original text is known, capitalised in mid-sentence.
"""

from __future__ import annotations

import csv
import itertools
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from auditor.document import FoldedText, fold


@dataclass(frozen=True)
class Kommun:
    name: str  # canonical name, e.g. "Upplands Väsby", "Falun", "Gotland"
    lan: str  # e.g. "Skåne län"
    kommunkod: str | None  # official 4-digit code; None for registered (fictitious) kommuner


@dataclass(frozen=True)
class KommunMention:
    kommun: str  # canonical name
    start: int  # offsets into the folded text
    end: int
    strong: bool  # followed by "kommun"/"stad" or preceded by "kommunen i"


# Forms other than "name" / "name + s" that denote a kommun (folded).
_ALIASES = {
    "falu": "Falun",
    "region gotland": "Gotland",
    "malung": "Malung-Sälen",
    "goteborgs stad": "Göteborg",
}
# Canonical names that are also common Swedish words or first names once folded.
_AMBIGUOUS = {
    "Ale", "Berg", "Boden", "Eda", "Habo", "Håbo", "Hjo", "Kil", "Kinda", "Lund", "Malå", "Mark", "Mora",
    "Nora", "Orsa", "Sala", "Salem", "Säter", "Vara", "Ånge", "Åre", "Flen", "Grums", "Sunne", "Ydre",
    "Vindeln", "Osby", "Heby", "Tanum", "Orust", "Laxå", "Kalix", "Dorotea", "Skara", "Älvdalen",
}
# OCR renders of å/ä/ö seen in scanned agreements (after folding: é -> e).
_OCR_VARIANTS = {"å": ("a", "e"), "ä": ("a", "e", "i", "d", "ii", "ei"), "ö": ("o", "6", "e", "d")}

MAX_OCR_FORMS = 256

_extra: list[Kommun] = []


@lru_cache(maxsize=1)
def _shipped() -> tuple[Kommun, ...]:
    with resources.files("auditor").joinpath("data/kommuner.csv").open(encoding="utf-8") as handle:
        return tuple(Kommun(row["kommun"], row["lan"], row["kommunkod"]) for row in csv.DictReader(handle))


def kommuner() -> list[Kommun]:
    """All known kommuner: the 290 shipped ones, then any registered at run time."""
    return [*_shipped(), *_extra]


def register_kommun(name: str, lan: str, kommunkod: str | None = None) -> Kommun:
    """Add a kommun not in the official list (e.g. the sample corpus's fictitious ones); idempotent."""
    existing = _lookup().get(_key(name))
    if existing is not None:
        return existing
    kommun = Kommun(name.strip(), lan.strip(), kommunkod)
    _extra.append(kommun)
    for cache in (_lookup, _matcher, _exact_forms):
        cache.cache_clear()
    return kommun


@lru_cache(maxsize=1)
def _lookup() -> dict[str, Kommun]:
    """Folded name, folded genitive and alias forms -> kommun."""
    table: dict[str, Kommun] = {}
    by_name = {k.name: k for k in kommuner()}
    for kommun in kommuner():
        key = _key(kommun.name)
        table.setdefault(key, kommun)
        if not key.endswith(("s", "x", "z")):
            table.setdefault(key + "s", kommun)
    for alias, name in _ALIASES.items():
        table.setdefault(alias, by_name[name])
    return table


def canonical(name: str) -> str | None:
    """Canonical kommun name for a written form ("Lunds", "malmö", "Falu", "Region Gotland"), else None."""
    key = _key(name)
    forms = _matcher()[1]  # includes OCR-damaged spellings
    kommun = _lookup().get(key) or forms.get(key) or (forms.get(key[:-1]) if key.endswith("s") else None)
    return kommun.name if kommun else None


def lan_of(name: str) -> str | None:
    """The län of a kommun given in any form `canonical` accepts."""
    found = canonical(name)
    return _lookup()[_key(found)].lan if found else None


def _key(name: str) -> str:
    """Folded form with hyphens and runs of whitespace as one space: "Upplands-Bro" == "upplands bro"."""
    return _SEPARATORS.sub(" ", fold(name).strip())


_SEPARATORS = re.compile(r"[\s-]+")


def ocr_pattern(word: str) -> str:
    """Regex for the folded `word` that also accepts the OCR substitutes of its å/ä/ö ("åtgärdsplan"
    -> "[ae]tg(?:a|e|i|d|ii|ei)rdsplan"), for matching on folded text."""
    parts = []
    for char in word.lower():
        options = _OCR_VARIANTS.get(char)
        parts.append(re.escape(fold(char)) if options is None else "(?:" + "|".join(options) + ")")
    return "".join(parts)


def _ocr_forms(name: str) -> set[str]:
    """Folded name plus every OCR substitution at its å/ä/ö positions."""
    lowered = name.lower()
    choices = [_OCR_VARIANTS.get(char, (fold(char),)) for char in lowered]
    if math.prod(len(options) for options in choices) > MAX_OCR_FORMS:
        return {fold(name)}  # many å/ä/ö: the exact folded form suffices
    return {"".join(combo) for combo in itertools.product(*choices)}


def _trie_regex(words: list[str]) -> str:
    """Alternation of `words` as a character trie, so the regex engine never retries a shared prefix."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        branches = [_char_pattern(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return emit(trie)


def _char_pattern(char: str) -> str:
    return r"[\s-]" if char in " -" else re.escape(char)


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern[str], dict[str, Kommun], dict[str, list[Kommun]]]:
    forms: dict[str, Kommun] = {}
    twins: dict[str, list[Kommun]] = {}  # kommuner whose names fold to the same form
    for kommun in kommuner():  # exact folded forms first, so they win over another name's OCR variant
        key = _key(kommun.name)
        twins.setdefault(key, []).append(kommun)
        forms.setdefault(key, kommun)
    twins = {key: group for key, group in twins.items() if len(group) > 1}
    for kommun in kommuner():
        for form in _ocr_forms(kommun.name):
            forms.setdefault(_key(form), kommun)
    by_name = {k.name: k for k in kommuner()}
    for alias, name in _ALIASES.items():
        forms.setdefault(alias, by_name[name])
    pattern = re.compile(r"(?<![\w])(" + _trie_regex(sorted(forms)) + r")(s?)(?![\w])")
    return pattern, forms, twins


_STRONG_AFTER = re.compile(r"[\s-]*(?:kommuns?|stads?)\b")
_STRONG_BEFORE = re.compile(r"(?:kommunen|kommun|staden)\s+i\s+$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*)$")
_TITLE_DASH = re.compile(r"[ \t]+-[ \t]+\w")  # "Malå – medborgarlöften": a title naming the kommun


def find_kommun_mentions(text: FoldedText | str) -> list[KommunMention]:
    """Every kommun mention in folded text, in order. Pass a FoldedText (e.g. `doc.folded`) so that
    ambiguous names can be accepted when capitalised; a plain str must already be folded."""
    folded = text.text if isinstance(text, FoldedText) else text
    pattern, forms, twins = _matcher()
    exact = _exact_forms()
    mentions: list[KommunMention] = []
    for match in pattern.finditer(folded):
        base = _key(match.group(1))
        kommun = forms[base]
        if match.group(2) and kommun.name.lower().endswith("s"):
            continue  # "Boråss" is no form of Borås
        if base not in exact and _lowercase(text, match.start()):
            continue  # an OCR variant in lowercase is an ordinary word ("vinnas" is not "Vännäs")
        if base in twins and isinstance(text, FoldedText):  # "Habo" vs "Håbo": the original spelling decides
            written = text.quote(*match.span(1)).lower()
            kommun = next((k for k in twins[base] if k.name.lower() == written), kommun)
        strong = bool(
            _STRONG_AFTER.match(folded, match.end()) or _STRONG_BEFORE.search(folded, max(0, match.start() - 20), match.start())
        )
        if (
            kommun.name in _AMBIGUOUS and not strong and not _capitalised_mid_sentence(text, match.start())
            and not (_TITLE_DASH.match(folded, match.end()) and not _lowercase(text, match.start()))
        ):
            continue
        mentions.append(KommunMention(kommun.name, match.start(), match.end(), strong))
    return mentions


@lru_cache(maxsize=1)
def _exact_forms() -> frozenset[str]:
    return frozenset(_key(k.name) for k in kommuner()) | frozenset(_ALIASES)


def _lowercase(text: FoldedText | str, start: int) -> bool:
    """Whether the original character at folded offset `start` is known to be lowercase."""
    if not isinstance(text, FoldedText):
        return False
    return text.original[text.to_original(start, start + 1)[0]].islower()


def _capitalised_mid_sentence(text: FoldedText | str, start: int) -> bool:
    if not isinstance(text, FoldedText) or _lowercase(text, start):
        return False
    return not _SENTENCE_START.search(text.text, max(0, start - 5), start)
