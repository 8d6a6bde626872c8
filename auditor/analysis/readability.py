"""LIX readability for the document and per section, with advice for medborgarlöften.

LIX = words per sentence + 100 × (words longer than six letters) / words. Only running text (paragraphs
and list items) is measured: headings and table rows have no sentences and would make any text look easy.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from auditor.analysis.nlp import sentence_spans
from auditor.document import Document

LONG_WORD = 6  # letters; longer words count as long
ADVICE_ABOVE = 50  # a medborgarlöfte above this is hard for residents to read
HARDEST_COUNT = 3
MIN_SECTION_WORDS = 20  # shorter sections give a meaningless LIX
MIN_HARD_SENTENCE_WORDS = 6  # a two-word fragment of long words is not a hard sentence
BANDS = ((25, "mycket lätt"), (35, "lätt"), (45, "medelsvår"), (55, "svår"))
_WORD = re.compile(r"[^\W\d_]+")
_PROSE = ("paragraph", "list_item")


class _Sentence(NamedTuple):  # one per sentence: a tuple is built faster than a frozen dataclass
    start: int
    end: int
    words: int
    long_words: int

    @property
    def lix(self) -> float:
        return _lix(self.words, 1, self.long_words)


def band(lix: float) -> str:
    for limit, label in BANDS:
        if lix < limit:
            return label
    return "mycket svår"


def readability(doc: Document, doc_type: str, sentences: list[tuple[int, int]] | None = None) -> dict:
    """LIX of the document and of each section, the hardest sentences, and advice for a medborgarlöfte.

    `sentences` may pass spans already computed with nlp.sentence_spans(doc), to parse only once.
    """
    measured = _measure(doc, sentence_spans(doc) if sentences is None else sentences)
    overall = _summary(measured)
    candidates = [s for s in measured if s.words >= MIN_HARD_SENTENCE_WORDS]  # not "Kommunstyrelsens ordförande"
    hardest = sorted(candidates, key=lambda s: s.lix, reverse=True)[:HARDEST_COUNT]
    result = {
        **overall,
        "sections": _sections(doc, measured),
        "hardest_sentences": [
            {
                "text": doc.text[s.start:s.end],
                "start": s.start,
                "end": s.end,
                "page": doc.page_at(s.start),
                "lix": round(s.lix, 1),
                "words": s.words,
            }
            for s in hardest
        ],
        "advice": None,
    }
    if doc_type == "medborgarlofte" and overall["lix"] is not None and overall["lix"] > ADVICE_ABOVE:
        result["advice"] = _advice(overall["lix"], result["hardest_sentences"])
    return result


def _measure(doc: Document, spans: list[tuple[int, int]]) -> list[_Sentence]:
    prose_ranges = [(b.start, b.end) for b in doc.blocks if b.kind in _PROSE]
    measured = []
    index = 0
    for start, end in spans:  # both lists are sorted: walk them together
        while index < len(prose_ranges) and prose_ranges[index][1] <= start:
            index += 1
        if index == len(prose_ranges) or prose_ranges[index][0] > start:
            continue
        words = _WORD.findall(doc.text, start, end)
        if words:
            measured.append(_Sentence(start, end, len(words), sum(map(LONG_WORD.__lt__, map(len, words)))))
    return measured


def _lix(words: int, sentences: int, long_words: int) -> float:
    return words / sentences + 100 * long_words / words


def _summary(sentences: list[_Sentence]) -> dict:
    words = sum(s.words for s in sentences)
    if not words:
        return {"lix": None, "band": None, "words": 0, "sentences": 0}
    lix = _lix(words, len(sentences), sum(s.long_words for s in sentences))
    return {"lix": round(lix, 1), "band": band(lix), "words": words, "sentences": len(sentences)}


def _sections(doc: Document, sentences: list[_Sentence]) -> list[dict]:
    """One entry per heading (and for text before the first heading), covering the text up to the next."""
    headings = [b for b in doc.blocks if b.kind == "heading"]
    bounds = [(None, 0)] + [(h.text, h.start) for h in headings]
    starts = [s.start for s in sentences]
    sections = []
    for index, (heading, start) in enumerate(bounds):
        end = bounds[index + 1][1] if index + 1 < len(bounds) else len(doc.text)
        summary = _summary(sentences[bisect_left(starts, start):bisect_left(starts, end)])
        if summary["words"] >= MIN_SECTION_WORDS:
            sections.append({"heading": heading, "start": start, "end": end, "page": doc.page_at(start), **summary})
    return sections


def _advice(lix: float, hardest: list[dict]) -> str:
    quoted = "; ".join(f"\"{_short(s['text'])}\" (LIX {s['lix']:.0f})" for s in hardest)
    return (
        f"Medborgarlöftet är svårläst för invånarna (LIX {lix:.0f}, {band(lix)}). Skriv kortare meningar "
        f"(högst 15–20 ord), dela upp långa sammansatta ord och byt facktermer mot vardagliga ord. "
        f"Börja med de svåraste meningarna: {quoted}."
    )


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
