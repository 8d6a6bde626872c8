"""fast_pattern rewrites the start of a pattern so that `re` can skip to its possible first characters, and
start_anchors names the places (words, line starts) a pattern's matches begin at, so that only those are tried: either way a
pattern must find exactly what the pattern as written finds (spans and groups, in order), on the corpora's
texts and on random text, for every pattern the scorer compiles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.analysis.doctype import PATTERNS as DOCUMENT_PATTERNS
from auditor.analysis.patterns import (
    QUANTITY_PATTERNS,
    Anchors,
    anchored_finditer,
    ascii_digits,
    fast_pattern,
    start_anchors,
    start_offsets,
)
from auditor.document import fold
from auditor.engine.checklist import load_checklist
from auditor.engine.matchers.regex import RegexMatcher

ROOT = Path(__file__).resolve().parent.parent
CORPUS_TEXTS = sorted([*ROOT.glob("corpus_samples/sources/*.md"), *ROOT.glob("corpus_blind/sources/*.md"),
                       *ROOT.glob("corpus_real/src/*.txt")])  # the real excerpts only where they were placed


def scorer_sources() -> list[tuple[str, int]]:
    """(source, flags) of every pattern the checklist (rules, goal analysis, document types) and the quantities
    compile with fast_pattern."""
    checklist = load_checklist()
    rules = [*checklist.shared_rules.values(), *(r for item in checklist.items for r in item.rules.values())]
    compiled = [p for rule in rules if isinstance(rule.matcher, RegexMatcher) for p in rule.matcher.patterns]
    compiled += [p for p in vars(checklist.goal_patterns).values()]
    types = checklist.document_types
    compiled += [cue[1] for cue in types.title_cues] + list(types.news_signals)
    compiled += [getattr(types, name) for name in DOCUMENT_PATTERNS]
    sources = {(p.pattern, p.flags & ~re.UNICODE) for p in compiled}
    sources.update((source, 0) for source in QUANTITY_PATTERNS.values())
    return sorted(sources)


SOURCES = scorer_sources()


def matches(pattern: re.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> list[tuple]:
    found = pattern.finditer(text, pos, len(text) if endpos is None else endpos)
    return [(m.span(), tuple(m.span(g) for g in range(1, pattern.groups + 1))) for m in found]


def assert_same(text: str, pos: int = 0, endpos: int | None = None) -> None:
    for source, flags in SOURCES:
        written, fast = re.compile(source, flags), fast_pattern(source, flags)
        assert matches(fast, text, pos, endpos) == matches(written, text, pos, endpos), source


ANCHORED = [(source, flags, anchors) for source, flags in SOURCES if (anchors := start_anchors(source, flags))]


def assert_same_anchored(text: str) -> None:
    """What a pattern finds tried only where its anchors say (as the scorer does) is what it finds."""
    words = [(m.start(), m.group()) for m in re.finditer(r"\w+", text)]
    for source, flags, anchors in ANCHORED:
        starts = start_offsets(anchors, text,
                               lambda names: [start for start, word in words if ascii_digits(word).startswith(names)])
        found = [(m.span(), m.groups()) for m in anchored_finditer(fast_pattern(source, flags), text, starts)]
        assert found == [(m.span(), m.groups()) for m in re.compile(source, flags).finditer(text)], source


def test_most_rule_patterns_are_tried_only_at_their_words():
    checklist = load_checklist()
    rules = [*checklist.shared_rules.values(), *(r for item in checklist.items for r in item.rules.values())]
    anchors = [a for rule in rules if isinstance(rule.matcher, RegexMatcher) for a in rule.matcher.anchors]
    assert sum(a is not None for a in anchors) > len(anchors) / 2


DIGITS = tuple("0123456789")


@pytest.mark.parametrize("source, anchors", [
    (r"(?<!\w)(?:ett|en|tva|\d)\s+ars?", Anchors((*DIGITS, "en", "ett", "tva"))),
    (r"(?<!\w)f[oe6]lj(?:a|s)", Anchors(("f6lja", "f6ljs", "felja", "feljs", "folja", "foljs"))),
    (r"(?<!\w)(?:pa grund av|p\.?g\.?a|av)\s", Anchors(("av", "p"))),  # a word ends at a space or a point
    (r"(?<!\w)(?:19[5-9]\d|20[0-4]\d)", Anchors(tuple(map(str, range(195, 205))))),  # 100 years: 10 beginnings
    (r"(?<![\w.,/-])(?:kommun(?:en)?s?|polis)\s+ska", Anchors(("kommun", "polis"))),
    (r"(?<!\w)[0-3]?\d\.", Anchors(DIGITS)),
    (r"(?m)(?:^|[.!?]\s+)\W*polisen", Anchors(chars="!.?", line_starts=True)),
    (r"(?<!\w)\w*polis", None),  # any word may hold it
    (r"polis(?:en)?", None),  # may begin inside a word
    (r"(?:^|[.!?]\s+)polisen", None),  # without (?m) ^ is the text's start only: re finds it fast
    (r"(?<!\s)polisen", None),  # the look-behind lets a word character before it
    (r"(?<!\w)(?:polisen)?", None),  # may match nothing
    (r"(?a)(?<!\w)ska", None),  # an ASCII \w begins words elsewhere ("üska")
])
def test_start_anchors(source, anchors):
    assert start_anchors(source) == anchors


def test_other_decimal_digits_are_digits_to_the_anchors():
    assert_same_anchored("har ３ poliser och ٣ bilar, 2０23 och ２０ procent")


@pytest.mark.parametrize("source, rewritten", [
    (r"(?<!\w)(?:ett|en|tva|tre|fyra|fem|\d)\s+ars?", True),  # a guard, then branches that begin differently
    (QUANTITY_PATTERNS["number"], True),
    (r"(?m)(?:^|[.!?]\s+)(?:ska|bor)\s+\w+", True),
    (r"(?<!\w)[A-ZÅÄÖ][a-zåäöé]+s?\s+kommun", True),  # capitals are rare in running text
    (r"kommun\w*", False),  # re scans to a literal start already
    (r"(?<!\w)\w+\s+kommun", False),  # any letter may start it: nothing to gain
    (r"(?<!\w)(kommun|polis)", False),  # a group that captures cannot be split
])
def test_patterns_are_rewritten_where_re_would_try_every_position(source, rewritten):
    assert (fast_pattern(source) is not re.compile(source)) == rewritten


@pytest.mark.parametrize("path", CORPUS_TEXTS, ids=lambda p: p.name)
def test_same_matches_on_corpus_texts(path):
    text = path.read_text(encoding="utf-8")
    assert_same(fold(text))
    assert_same(text)  # case-sensitive patterns read the original
    assert_same_anchored(fold(text))


WORDS = ["kommunen", "polisen", "och", "samt", "ska", "har", "ett", "en", "tva", "2023", "1999", "12", "3,5",
         "20 procent", "%", "till och med", "t.o.m.", "fran", "2023-2025", "15 mars", "ar", "mal", "malet",
         "Ekby kommun", "Polisen i Ekby", "i Oxhagen", "３", "٣", "2０23", ".", ",", "-", "/", ":", "\n", " ", "\n- ", "x", "_"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=40).map("".join),
       st.integers(0, 30), st.integers(0, 40))
def test_same_matches_on_random_text(text, pos, length):
    assert_same(text)
    assert_same(text, pos, pos + length)  # the quantities search windows of the text
    assert_same_anchored(text)
