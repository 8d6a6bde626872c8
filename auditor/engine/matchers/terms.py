"""`terms`: word lists matched on the folded text, tolerant of OCR damage and Swedish inflection.

Term syntax (what a domain expert writes in the YAML):
  lägesbild        the word itself only
  lägesbild*       any ending: lägesbilden, lägesbilder, lägesbildsarbete
  *lägesbild*      also inside compounds: veckolägesbild, nulägesbilder
  $problems        every term of the shared vocabulary `problems`
  situationell* prevention   an ending on an inner word too: situationella prevention
Spaces between words accept any whitespace or a hyphen. In terms of six letters or more, a letter written
å/ä/ö also accepts what OCR tends to make of it ("lagesbild", "ligesbild", "6verenskommelse"). Shorter
words keep their å/ä/ö in a document with intact diacritics ("våld" is not "vald", "brå" not "bra"); only
in a document whose diacritics are damaged throughout do they match without them.

Speed: every term of the checklist sits in one `TermIndex`. A document is scanned once: at each word
start only the terms whose first letters fit are tried, and compound terms ("*lägesbild*") are searched
by their own pattern. Each term list then just collects the hits of its terms.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import chain, product
from math import prod
from operator import itemgetter

from auditor.analysis.context import Hit, ScanContext
from auditor.document import fold

_OCR_CHARS = "aeiod06"  # after folding: é->e; OCR reads å/ä/ö as these
_OCR_CLASS = f"[{_OCR_CHARS}]"
_FOLDED_VOWEL = {"å": "a", "ä": "a", "ö": "o"}
# the one OCR confusion a short word may take: "6ka" is no word, so it can only be "öka"
_SAFE_DAMAGE = {"ö": "6"}
_OCR_MIN_LETTERS = 6  # shorter words ("mål" vs "mil") would collide with real words
_SPACE = r"[\s\-]+"
_KEY_LENGTH = 6
_MAX_KEYS = 64
_WORD_CHAR = re.compile(r"\w")
_MAX_REMEMBERED_WORDS = 200_000  # distinct words whose analysis is kept between documents (~25 MB when full)
_NO_TERMS: tuple[list[str], list, None] = ([], [], None)  # shared by the many words that start no term


@dataclass(frozen=True)
class Term:
    """One compiled term: its core pattern and whether it may extend into a compound before/after."""

    text: str
    core: re.Pattern
    prefix: bool
    suffix: bool
    keys: frozenset[str]  # possible first letters of a match (for terms found at word starts)
    single_word: bool  # the core is letters only, so one word decides whether it matches
    diacritics: tuple[tuple[int, str], ...] = ()  # short words: (offset, what the original may show: "ö6")
    plain: tuple[int, ...] = ()  # offsets of a plain a/o that must not be å/ä/ö where diacritics survive

    def fits_original(self, original: str, start: int, end: int) -> bool:
        """In text whose å/ä/ö survive, the letters of a match in the original: a short word's å/ä/ö must be
        there ("våld" is not "vald"), and an exact word's plain a/o must be plain ("har" is not "här", "beror"
        not "berör"; a term with endings may take an umlaut: "brand*" has "bränder")."""
        return (all(start + i < end and original[start + i].lower() in shown for i, shown in self.diacritics)
                and not any(start + i < end and original[start + i] in "åäöÅÄÖ" for i in self.plain))


def compile_term(term: str) -> Term:
    raw = term.strip().lower()
    prefix, suffix = raw.startswith("*"), raw.endswith("*")
    core = raw.strip("*").strip()
    if not core:
        raise ValueError("tom term")
    ocr = sum(c.isalpha() for c in core) >= _OCR_MIN_LETTERS

    def letters(char: str, loose: bool = ocr) -> str:
        """What `char` of the term may look like in folded, possibly OCR-damaged text."""
        if char in _FOLDED_VOWEL:
            return _OCR_CHARS if loose else _FOLDED_VOWEL[char] + _SAFE_DAMAGE.get(char, "")
        return fold(char)

    pieces: list[str] = []
    for char in core:
        if char.isspace():
            if pieces[-1] != _SPACE:
                pieces.append(_SPACE)
        elif char == "*":  # an inner word's ending ("situationell* prevention")
            pieces.append(r"\w*")
        elif char in _FOLDED_VOWEL:
            # inside a compound, OCR's readings of a first å/ä/ö would match other words' endings: "*åringar"
            # (15-åringar) in "förän-dringar", "priorit-eringar"
            pieces.append(f"[{letters(char, ocr and not (prefix and not pieces))}]")
        else:
            pieces.append(re.escape(fold(char)))
    # the longest start of the first word whose OCR variants stay few: fewer terms tried per word
    options = [letters(c) for c in core.split()[0].split("*")[0][:_KEY_LENGTH]]
    while len(options) > 1 and prod(len(o) for o in options) > _MAX_KEYS:
        options.pop()
    keys = frozenset("".join(combo) for combo in product(*options))
    single = all(c.isalnum() for c in core)
    diacritics = () if ocr or prefix or not single else tuple(
        (i, c + _SAFE_DAMAGE.get(c, "")) for i, c in enumerate(core) if c in _FOLDED_VOWEL
    )
    plain = tuple(i for i, c in enumerate(core) if c in "ao") if single and not (prefix or suffix) else ()
    return Term(term, re.compile("".join(pieces)), prefix, suffix, keys, single, diacritics, plain)


def term_pattern(term: str) -> str:
    """Regex source matching a whole occurrence of `term` (as the scan finds it) in folded text."""
    compiled = compile_term(term)
    return (r"\w*" if compiled.prefix else r"(?<!\w)") + compiled.core.pattern + (r"\w*" if compiled.suffix else r"(?!\w)")


class TermIndex:
    """Every term of a checklist, scanned together once per document."""

    def __init__(self) -> None:
        self.terms: dict[str, Term] = {}
        self._by_key: dict[str, list[Term]] | None = None
        self._inner: list[Term] = []
        self._key_lengths: list[int] = []
        self._alternations: dict[tuple[str, ...], re.Pattern] = {}
        self._analyses: dict[str, tuple[list[str], list[Term], re.Pattern | None]] = {}

    def add(self, term: str) -> Term:
        if term not in self.terms:
            self.terms[term] = compile_term(term)
            self._by_key = None
        return self.terms[term]

    def _build(self) -> dict[str, list[Term]]:
        by_key: dict[str, list[Term]] = {}
        self._inner = []
        for term in self.terms.values():
            if term.prefix:
                self._inner.append(term)
            else:
                for key in term.keys:
                    by_key.setdefault(key, []).append(term)
        self._by_key = by_key
        self._key_lengths = sorted({len(k) for k in by_key}, reverse=True)
        self._analyses = {}
        return by_key

    def scan(self, folded: str, positions: dict[str, list[int]]) -> dict[str, list[tuple[int, int]]]:
        """Folded spans of every term occurrence, by term text, in text order.

        Each distinct word of the text (`positions`: its folded starts) is looked at once (and remembered
        across documents): which one-word terms it is, which longer terms may start with it (those are
        tried at each of its occurrences), and which compound terms lie inside it.
        """
        if self._by_key is None:
            self._build()
        if len(self._analyses) > _MAX_REMEMBERED_WORDS:
            self._analyses = {}
        found: dict[str, list[tuple[int, int]]] = {}
        for word, starts in positions.items():
            analysis = self._analyses.get(word)
            if analysis is None:
                analysis = self._analyses[word] = self._analyse(word)
            whole, longer, any_longer = analysis
            for text in whole:
                found.setdefault(text, []).extend((start, start + len(word)) for start in starts)
            if any_longer is None:
                continue  # no longer term starts with this word
            for start in starts:
                if not any_longer.match(folded, start):
                    continue  # one alternation tells that none of the longer terms starts here
                for term in longer:
                    hit = term.core.match(folded, start)
                    if hit:
                        end = _word_end(folded, hit.end(), term.suffix)
                        if end is not None:
                            found.setdefault(term.text, []).append((start, end))
        self._scan_inner(folded, positions, found)
        for spans in found.values():
            spans.sort()
        return found

    def _scan_inner(self, folded: str, positions: dict[str, list[int]], found: dict) -> None:
        """Compound terms ("*lägesbild*"). A core of letters lies inside one word, so it is searched in the
        distinct words (one per line) rather than in the whole text; the hit stands for every occurrence."""
        words = list(positions)
        lines = "\n".join(words)
        line_starts = [0]
        for word in words[:-1]:
            line_starts.append(line_starts[-1] + len(word) + 1)
        for term in self._inner:
            if not term.single_word:
                for hit in _inner_matches(term, folded):
                    start = hit.start()
                    while start > 0 and _WORD_CHAR.match(folded, start - 1):
                        start -= 1
                    end = _word_end(folded, hit.end(), term.suffix)
                    if end is not None:
                        found.setdefault(term.text, []).append((start, end))
                continue
            for hit in _inner_matches(term, lines):
                i = bisect_right(line_starts, hit.start()) - 1
                word = words[i]
                if term.suffix or hit.end() == line_starts[i] + len(word):
                    found.setdefault(term.text, []).extend((start, start + len(word)) for start in positions[word])

    def _analyse(self, word: str) -> tuple[list[str], list[Term], re.Pattern | None]:
        assert self._by_key is not None  # scan() builds it first
        whole: list[str] = []
        longer: list[Term] = []
        for length in self._key_lengths:
            for term in self._by_key.get(word[:length], ()) if length <= len(word) else ():
                if not term.single_word:
                    longer.append(term)
                elif term.suffix and term.core.match(word) or term.core.fullmatch(word):
                    whole.append(term.text)
        return (whole, longer, self._any_of(longer)) if whole or longer else _NO_TERMS

    def _any_of(self, terms: list[Term]) -> re.Pattern | None:
        """One alternation of the terms' cores (shared by every word that may start the same terms)."""
        if not terms:
            return None
        key = tuple(term.text for term in terms)
        if key not in self._alternations:
            self._alternations[key] = re.compile("|".join(f"(?:{term.core.pattern})" for term in terms))
        return self._alternations[key]


def _inner_matches(term: Term, folded: str):
    """Matches of a compound term's core. A core that starts with an OCR letter class ("[aeiod06]tgärd")
    is searched from its second letter on, which `re` finds much faster, and the first letter checked."""
    pattern = term.core.pattern
    if not pattern.startswith(_OCR_CLASS):
        yield from term.core.finditer(folded)
        return
    tail = _tail_pattern(pattern)
    for hit in tail.finditer(folded, 1):
        if folded[hit.start() - 1] in _OCR_CHARS:
            yield term.core.match(folded, hit.start() - 1)


_TAILS: dict[str, re.Pattern] = {}


def _tail_pattern(pattern: str) -> re.Pattern:
    if pattern not in _TAILS:
        _TAILS[pattern] = re.compile(pattern[len(_OCR_CLASS):])
    return _TAILS[pattern]


def _word_end(text: str, end: int, suffix: bool) -> int | None:
    """The end of the match: extended over a word's ending (suffix), or None when a word continues."""
    if suffix:
        while end < len(text) and _WORD_CHAR.match(text, end):
            end += 1
        return end
    return None if end < len(text) and _WORD_CHAR.match(text, end) else end


class TermList:
    """A list of terms; its hits are those of its terms (overlapping matches kept, one per start)."""

    def __init__(self, terms: list[str], index: TermIndex) -> None:
        self.terms = terms
        self.index = index
        for term in terms:
            index.add(term)

    def match(self, ctx: ScanContext) -> list[Hit]:
        # lists with the same terms (a vocabulary used as it is in several rules) share their hits
        return ctx.memo(("terms", id(self.index), tuple(self.terms)), lambda: self._find(ctx))

    def _find(self, ctx: ScanContext) -> list[Hit]:
        occurrences = ctx.term_occurrences(self.index)
        found = [occurrences[term] for term in self.terms if term in occurrences]
        if len(found) < 2:
            return found[0] if found else []
        # the longest match at each start, like an ordered alternation: keyed by start, the sorted hits keep
        # the last, longest one of each start
        hits = sorted(chain.from_iterable(found))
        return list(dict(zip(map(itemgetter(0), hits), hits)).values())


def compile_spec(spec: dict, compiler, where: str) -> TermList:
    return compiler.terms(spec["terms"], where).matcher
