"""`sequence`: words from lists in a row, with a few words between, like Vale's sequence rules.

  sequence: [$kommun_actors, {gap: 0-3}, $commit_verbs]           # "Kommunen ska därför avsätta …"
  sequence: [[beror, berodde], {gap: 1-3}, på]                      # a slot may list its terms
  sequence: {any: [[$a, {gap: 0-3}, $b], [$b, $a]]}                 # alternatives

A slot is a `$vocabulary`, a term (with the terms' `*` and OCR tolerance) or a list of them; `{gap: 0-3}`
allows that many words between two slots (no gap: the next word). The words of a match are separated by
spaces only, so a comma or a full stop ends it, and it stays within one sentence (`unit: block` for a
block). Like a regular expression, matches are found left to right without overlapping, each with the
fewest words in its gaps, and the first alternative that matches at a word wins. Each slot's hits come
from the one term scan, so a sequence costs a pass over its first slot's hits.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate
from operator import add, not_

from auditor.analysis.context import Hit, ScanContext
from auditor.engine.matchers.base import SpecError

UNITS = ("sentence", "block")
_GAP = re.compile(r"^(\d+)(?:-(\d+))?$")


class Words:
    """The folded text's words, with original offsets and the run of space-separated words each is in."""

    def __init__(self, ctx: ScanContext) -> None:
        words, starts, gaps = ctx.folded_words
        # a new run after every gap that is more than spaces (True counts as 1)
        self.runs: list[int] = list(accumulate(map(not_, map(str.isspace, gaps)), initial=0))[:len(words)]
        ends = list(map(add, starts, map(len, words)))
        if not ctx.folded.aligned:
            spans = list(map(ctx.folded.to_original, starts, ends))
            starts, ends = [start for start, _ in spans], [end for _, end in spans]
        self.starts = starts
        self.ends = ends

    def first(self, offset: int) -> int | None:
        """The word starting at `offset`."""
        i = bisect_left(self.starts, offset)
        return i if i < len(self.starts) and self.starts[i] == offset else None

    def last(self, offset: int) -> int:
        """The word ending at or just before `offset`."""
        return bisect_left(self.ends, offset)


class SequenceMatcher:
    def __init__(self, alternatives: list[list], unit: str) -> None:
        self.alternatives = alternatives  # each a list of (Rule, min_gap, max_gap): the gap before the slot
        self.unit = unit

    def match(self, ctx: ScanContext) -> list[Hit]:
        words: Words = ctx.memo(("words",), lambda: Words(ctx))
        slots: dict[int, dict[int, int]] = {}  # per slot rule: first word -> last word of its longest hit
        for alternative in self.alternatives:
            for rule, _, _ in alternative:
                if id(rule) not in slots:
                    slots[id(rule)] = _word_spans(ctx.hits(rule), words)
        starts = sorted({w for alternative in self.alternatives for w in slots[id(alternative[0][0])]})
        units = ctx.unit_indexes(self.unit, [words.starts[w] for w in starts])
        unit_of = dict(zip(starts, units))
        hits: list[Hit] = []
        free = 0  # the first word a new match may start at: matches do not overlap
        for first in starts:
            if first < free or unit_of[first] is None:
                continue
            for alternative in self.alternatives:
                last = _follow(alternative, 0, first, slots, words)
                if last is not None and ctx.unit_index(self.unit, words.starts[last]) == unit_of[first]:
                    hits.append(Hit(words.starts[first], words.ends[last]))
                    free = last + 1
                    break
        return hits


def _word_spans(hits: list[Hit], words: Words) -> dict[int, int]:
    spans: dict[int, int] = {}
    for hit in hits:
        first = words.first(hit.start)
        if first is not None:
            spans[first] = max(spans.get(first, first), words.last(hit.end))
    return spans


def _follow(alternative: list, index: int, word: int, slots: dict, words: Words) -> int | None:
    """The last word of a match of the slots from `index` on, the slot `index` starting at `word`."""
    rule = alternative[index][0]
    last = slots[id(rule)].get(word)
    if last is None:
        return None
    if index + 1 == len(alternative):
        return last
    _, low, high = alternative[index + 1]
    for skip in range(low, high + 1):  # the fewest words between first, as a lazy regex gap
        following = last + 1 + skip
        if following >= len(words.runs) or words.runs[following] != words.runs[last]:
            return None
        end = _follow(alternative, index + 1, following, slots, words)
        if end is not None:
            return end
    return None


def compile_spec(spec: dict, compiler, where: str) -> SequenceMatcher:
    value = spec["sequence"]
    unit = spec.get("unit", "sentence")
    if unit not in UNITS:
        raise SpecError(f"{where}: okänd enhet {unit!r}; välj bland {', '.join(UNITS)}")
    if isinstance(value, dict) and set(value) == {"any"} and isinstance(value["any"], list) and value["any"]:
        alternatives = value["any"]
    else:
        alternatives = [value]
    if not all(isinstance(a, list) and a for a in alternatives):
        raise SpecError(f"{where}: ange en lista av ord ($ordlista eller term) och luckor ({{gap: 0-3}}), "
                        "eller {any: [sekvens, sekvens]}")
    return SequenceMatcher([_slots(a, compiler, f"{where}, alternativ {n}" if len(alternatives) > 1 else where)
                            for n, a in enumerate(alternatives, 1)], unit)


def _slots(value: list, compiler, where: str) -> list:
    slots: list = []
    gap: tuple[int, int] | None = None
    for entry in value:
        if isinstance(entry, dict):
            if set(entry) != {"gap"} or gap is not None or not slots:
                raise SpecError(f"{where}: en lucka skrivs {{gap: 0-3}} och står mellan två ord")
            match = _GAP.match(str(entry["gap"]))
            if match is None or int(match.group(2) or match.group(1)) < int(match.group(1)):
                raise SpecError(f"{where}: luckan {entry['gap']!r} ska vara ett antal ord, t.ex. 2 eller 0-3")
            gap = int(match.group(1)), int(match.group(2) or match.group(1))
        elif isinstance(entry, (str, list)) and entry:
            low, high = gap or (0, 0)
            terms = entry if isinstance(entry, list) else [entry]
            slots.append((compiler.terms(terms, f"{where}, ordet {entry}"), low, high))
            gap = None
        else:
            raise SpecError(f"{where}: okänd del {entry!r}; ange $ordlista, en term eller {{gap: 0-3}}")
    if gap is not None or not slots:
        raise SpecError(f"{where}: sekvensen ska börja och sluta med ett ord")
    return slots
