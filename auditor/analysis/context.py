"""What every matcher reads: one document, its folded text and its units, computed once per document.

All spans here are offsets into `document.text` (the original): matchers search the folded text and map
each match back at once, so units, filters and evidence never mix coordinate systems.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cached_property, partial
from itertools import accumulate, repeat, starmap
from operator import add, methodcaller
from typing import NamedTuple

from auditor.analysis.nlp import sentence_spans
from auditor.analysis.patterns import Anchors, anchored_finditer, ascii_digits, start_offsets
from auditor.document import Document

UNITS = ("sentence", "statement", "block", "row", "table", "section")
DIACRITIC_SHARE = 0.005  # below this share of å/ä/ö among letters, the text's diacritics count as damaged
DIACRITIC_SAMPLE = 8000  # characters: about 200 å/ä/ö in intact Swedish, a clear margin over the threshold
_TOC_LEADER = re.compile(r"(?:\.{3,}|…|\. \. \.)\s*\d+\s*(?:$|\S)|\t\d+\s*$", re.MULTILINE)
_LEADER_MARKS = ("...", "…", ". . .", "\t")  # every leader holds one: blocks without any are not searched
_NOT_LETTER = re.compile(r"[\W\d_]+")
_WORD_SPLIT = re.compile(r"(\w+)")
Span = tuple[int, int]


class Hit(NamedTuple):
    """One match of one rule: a span of the original text, optionally labelled (a category, a kind).

    A named tuple, not a dataclass: a long document yields tens of thousands of hits."""

    start: int
    end: int
    label: str = ""
    parts: tuple = ()  # the sub-hits (Hit) a composite hit rests on


# Hit(...) runs Python code to fill in its defaults; the hot loops build hits in C: new_hit((start, end, label, parts))
new_hit = partial(tuple.__new__, Hit)


def plain_hits(spans) -> list[Hit]:
    """Unlabelled hits of (start, end) spans, built in C."""
    return list(map(new_hit, map(add, spans, repeat(("", ())))))


class FoldedWords(NamedTuple):
    """The folded text's words (runs of \\w), their folded start offsets, and the gaps: `gaps[i]` is the text
    between word i and word i + 1."""

    words: list[str]
    starts: list[int]
    gaps: list[str]


class UnitIndex:
    """Sorted, non-overlapping spans of one unit kind, with lookup of the unit holding an offset."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans)
        self._starts = [s for s, _ in self.spans]

    def index_at(self, offset: int) -> int | None:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < max(self.spans[i][1], self.spans[i][0] + 1):
            return i
        return None

    def overlapping(self, start: int, end: int) -> range:
        """Indexes of the units that overlap [start, end), also when either end falls between units (a section
        starts at its heading and ends at the line break before the next one)."""
        first = self.index_at(start)
        return range(bisect_left(self._starts, start) if first is None else first, bisect_left(self._starts, end))

    def table(self, length: int) -> list[int | None]:
        """`index_at` of every offset below `length`, filled span by span: a lookup per hit, not a search."""
        table: list[int | None] = [None] * length
        for i, ((start, end), following) in enumerate(zip(self.spans, [*self._starts[1:], length])):
            stop = min(max(end, start + 1), following, length)  # a later span holds its own start on
            if stop > start:
                table[start:stop] = [i] * (stop - start)
        return table


class ScanContext:
    """A document prepared for matching; hits are memoised per compiled rule."""

    def __init__(self, document: Document, checklist=None, doc_type: str | None = None) -> None:
        self.document = document
        self.doc_type = doc_type  # the type the document is scored as (rules may apply to some types only)
        self.text = document.text
        self.folded = document.folded
        self.checklist = checklist
        self._hits: dict[int, list[Hit]] = {}
        self._terms: dict[int, dict[str, list[Hit]]] = {}
        self._near: dict[tuple[int, str], set[int]] = {}
        self._memo: dict = {}
        self._unit_tables: dict[int, list[int | None]] = {}

    def hits(self, rule) -> list[Hit]:
        key = id(rule)
        if key not in self._hits:
            self._hits[key] = rule.find(self)
        return self._hits[key]

    def memo(self, key, compute):
        """A per-document cache for matcher results that do not depend on a rule (e.g. all percentages). What
        it holds is shared between rules, as are the lists `hits` returns: never change them in place."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @cached_property
    def folded_words(self) -> FoldedWords:
        """Split once (the term scan and sequences read it); the offsets are sums of lengths, not match objects."""
        parts = _WORD_SPLIT.split(self.folded.text)  # gap, word, gap, …, word, gap
        offsets = list(accumulate(map(len, parts), initial=0))
        return FoldedWords(parts[1::2], offsets[1:-1:2], parts[2:-1:2])

    @cached_property
    def word_positions(self) -> dict[str, list[int]]:
        """Every distinct folded word with its folded start offsets, in text order."""
        positions: dict[str, list[int]] = {}
        for word, start in zip(*self.folded_words[:2]):
            positions.setdefault(word, []).append(start)
        return positions

    @cached_property
    def _words_by_letter(self) -> dict[str, list[tuple[str, str]]]:
        """(the word as its digits compare, the word) by first character."""
        by_letter: dict[str, list[tuple[str, str]]] = {}
        for word in self.word_positions:
            compared = ascii_digits(word)
            by_letter.setdefault(compared[0], []).append((compared, word))
        return by_letter

    def word_starts(self, beginnings: tuple[str, ...]) -> list[int]:
        """Folded offsets, ascending, of the words that begin with one of `beginnings` (any decimal digit counts
        as the ASCII digit of its value)."""
        positions = self.word_positions
        return self.memo(("word starts", beginnings), lambda: sorted(
            start for letter in {b[0] for b in beginnings} for compared, word in self._words_by_letter.get(letter, ())
            if compared.startswith(beginnings) for start in positions[word]))

    def anchor_starts(self, anchors: Anchors) -> list[int]:
        """The folded offsets `anchors` name (see auditor.analysis.patterns)."""
        return self.memo(("anchors", anchors), lambda: start_offsets(anchors, self.folded.text, self.word_starts))

    def term_occurrences(self, index) -> dict[str, list[Hit]]:
        """Hits of every term of `index` (a TermIndex), scanned once per document: original spans, the longest
        at each start. A list with one term returns these lists as its hits, so they are never changed in place."""
        key = id(index)
        if key not in self._terms:
            to_original = self.folded.to_original
            aligned = self.folded.aligned
            found = {}
            for term, spans in index.scan(self.folded.text, self.word_positions).items():
                if not aligned:
                    spans = [to_original(start, end) for start, end in spans]
                compiled = index.terms[term]
                if (compiled.diacritics or compiled.plain) and self.diacritics_intact:
                    # the letters are checked once per distinct spelling: a word recurs all through a text
                    words = [self.text[start:end] for start, end in spans]
                    fits = {word: compiled.fits_original(word, 0, len(word)) for word in set(words)}
                    spans = [span for span, word in zip(spans, words) if fits[word]]
                if spans:  # a dict of sorted spans keeps the longest end at each start
                    found[term] = plain_hits(dict(spans).items())
            self._terms[key] = found
        return self._terms[key]

    @cached_property
    def diacritics_intact(self) -> bool:
        """Whether å/ä/ö survive in this document (about 3 % of Swedish letters; OCR damage drops them)."""
        sample = self.text[:DIACRITIC_SAMPLE]
        letters = len(_NOT_LETTER.sub("", sample))
        marked = sum(sample.count(c) for c in "åäöÅÄÖ")
        if letters < 200:  # a short passage: any å/ä/ö at all shows they survive
            return marked > 0
        return marked / letters >= DIACRITIC_SHARE

    def units_with_hits(self, rule, unit: str) -> set[int]:
        """Indexes of the `unit`s that overlap a hit of `rule`."""
        key = (id(rule), unit)
        if key not in self._near:
            hits = self.hits(rule)
            firsts = self.unit_indexes(unit, [h.start for h in hits])
            lasts = self.unit_indexes(unit, [max(h.start, h.end - 1) for h in hits])
            found: set[int] = set()
            for first, last, hit in zip(firsts, lasts, hits):
                if first is not None and last is not None:  # the common case, looked up in the unit table
                    found.update(range(first, last + 1))
                else:
                    found.update(self.unit(unit).overlapping(hit.start, max(hit.end, hit.start + 1)))
            self._near[key] = found
        return self._near[key]

    @cached_property
    def contents_lines(self) -> UnitIndex:
        """Blocks of a table of contents ("Syfte ..... 4"): titles, not statements, so never evidence."""
        return UnitIndex([(b.start, b.end) for b in self.document.blocks
                          if any(mark in b.text for mark in _LEADER_MARKS) and _TOC_LEADER.search(b.text)])

    def in_contents(self, offset: int) -> bool:
        return bool(self.contents_lines.spans) and self.contents_lines.index_at(offset) is not None

    def pattern_spans(self, pattern, anchors: Anchors | None = None) -> list[Span]:
        """Original spans of a compiled pattern's non-empty matches (its group 1 if it has groups) on the folded
        text; with the pattern's `start_anchors`, tried only where they say a match may begin."""
        text = self.folded.text
        matches = anchored_finditer(pattern, text, self.anchor_starts(anchors)) if anchors else pattern.finditer(text)
        found = [span for span in map(methodcaller("span", 1 if pattern.groups else 0), matches) if span[1] > span[0]]
        return found if self.folded.aligned else list(starmap(self.folded.to_original, found))

    @cached_property
    def sentences(self) -> UnitIndex:
        return UnitIndex(sentence_spans(self.document))

    @cached_property
    def statements(self) -> UnitIndex:
        """Sentences, except that a lead-in ending in a colon and the list right under it are one statement:
        "Underlaget bygger på:" says what every item below it is, as a sentence would."""
        blocks = self.document.blocks
        joined: list[Span] = []
        for i, block in enumerate(blocks[:-1]):
            if block.kind == "paragraph" and block.text.endswith(":") and blocks[i + 1].kind == "list_item":
                last = i + 1
                while last + 1 < len(blocks) and blocks[last + 1].kind == "list_item":
                    last += 1
                lead_in = self.sentences.index_at(block.end - 1)
                joined.append((self.sentences.spans[lead_in][0] if lead_in is not None else block.start,
                               blocks[last].end))
        if not joined:
            return self.sentences
        inside = UnitIndex(joined)
        return UnitIndex([*joined, *(s for s in self.sentences.spans if inside.index_at(s[0]) is None)])

    @cached_property
    def blocks(self) -> UnitIndex:
        return UnitIndex([(b.start, b.end) for b in self.document.blocks])

    @cached_property
    def rows(self) -> UnitIndex:
        return UnitIndex([(b.start, b.end) for b in self.document.blocks if b.kind == "table_row"])

    @cached_property
    def tables(self) -> UnitIndex:
        """Runs of consecutive table rows."""
        spans: list[Span] = []
        previous = None
        for block in self.document.blocks:
            if block.kind == "table_row":
                if previous is not None and previous.kind == "table_row" and spans:
                    spans[-1] = (spans[-1][0], block.end)
                else:
                    spans.append((block.start, block.end))
            previous = block
        return UnitIndex(spans)

    @cached_property
    def headed_sections(self) -> list[tuple[int, int, int]]:
        """(start, end, heading block index) per heading; nested sections overlap their parents."""
        ends: dict[int, int] = {}
        open_headings: list[tuple[int, int]] = []  # (level, block index), levels increasing: one pass
        for i, block in enumerate(self.document.blocks):
            if block.kind != "heading":
                continue
            level = block.level or 1
            while open_headings and open_headings[-1][0] >= level:
                ends[open_headings.pop()[1]] = block.start
            open_headings.append((level, i))
        blocks = self.document.blocks
        return [(blocks[i].start, ends.get(i, len(self.text)), i)
                for i, block in enumerate(blocks) if block.kind == "heading"]

    @cached_property
    def flat_sections(self) -> UnitIndex:
        """Innermost sections: from each heading to the next. Text before the first heading (and a
        document without headings) is in no section, so "same section" never means "anywhere"."""
        starts = [b.start for b in self.document.blocks if b.kind == "heading"]
        bounds = [*starts, len(self.text)]
        return UnitIndex([(a, b) for a, b in zip(bounds, bounds[1:]) if b > a])

    def unit_index(self, kind: str, offset: int) -> int | None:
        """Which unit of `kind` holds `offset` (an offset into the text: 0 to len(text))."""
        return self._unit_table(kind)[offset]

    def unit_indexes(self, kind: str, offsets) -> list[int | None]:
        """`unit_index` for many offsets at once (the hot path of co-occurrence and nearness)."""
        return list(map(self._unit_table(kind).__getitem__, offsets))

    def _unit_table(self, kind: str) -> list[int | None]:
        units = self.unit(kind)
        key = id(units)  # statements are often the sentences themselves: one table serves both
        if key not in self._unit_tables:
            self._unit_tables[key] = units.table(len(self.text) + 1)
        return self._unit_tables[key]

    def unit(self, kind: str) -> UnitIndex:
        attribute = {"sentence": "sentences", "statement": "statements", "block": "blocks", "row": "rows",
                     "table": "tables", "section": "flat_sections"}[kind]
        return getattr(self, attribute)
