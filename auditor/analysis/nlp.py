"""The one spaCy pipeline: blank Swedish with a sentencizer, loaded once.

No trained Swedish model is installable, and the rules match lowercased, diacritic-folded forms with
explicit endings ("lägesbild*") instead of lemmas: spacy-lookups-data's lemmas are context-free
("med" -> "mede"). So the lookup lemmatizer is not loaded: no rule read its lemmas, and its 660,000-entry
table took about 2 s to build in every process that scores (each import worker, each CLI call) and made
every full garbage collection walk it.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from functools import lru_cache

import spacy
from spacy.language import Language

from auditor.document import Document


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    nlp = spacy.blank("sv")
    nlp.add_pipe("sentencizer")
    # What is loaded by now (the checklist's compiled rules, name lists, spaCy's language data) lives as long
    # as the process: kept out of the collector's full passes, which walked it for ~50 ms each while scoring
    gc.freeze()
    return nlp


# spaCy's tokenizer peels prefixes and suffixes off a whitespace-free run one at a time, re-matching the rest
# each time: time grows with the square of the run ("(((…" of 40 KB took minutes). No Swedish word comes
# near this length, so a longer run is cut with a space (same length: offsets stay) before tokenizing.
_LONG_RUN = re.compile(r"\S{64}")
# Pieces of at most this many characters go to spaCy (it refuses texts over nlp.max_length).
_PIECE = 100_000


def sentence_spans(document: Document) -> list[tuple[int, int]]:
    """(start, end) offsets into document.text of every sentence; never crosses a block boundary.

    Headings and table rows are one "sentence" each: they carry no sentence punctuation.
    """
    nlp = get_nlp()
    prose = [(b.start + offset, piece) for b in document.blocks if b.kind in ("paragraph", "list_item")
             for offset, piece in _pieces(b.text)]
    spans: list[tuple[int, int]] = [(b.start, b.end) for b in document.blocks if b.kind not in ("paragraph", "list_item")]
    with nlp.select_pipes(enable=["sentencizer"]):
        tokenizable = (_LONG_RUN.sub(lambda run: run.group()[:-1] + " ", piece) for _, piece in prose)
        for (block_start, text), parsed in zip(prose, nlp.pipe(tokenizable)):
            for sent in parsed.sents:
                # offsets, not sent.text: building the text walks every token again
                sentence = text[sent.start_char:sent.end_char]
                if sentence.strip():
                    start = block_start + sent.start_char
                    spans.append((start, start + len(sentence.rstrip())))
    spans.sort()
    return spans


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) of a block cut into pieces of at most _PIECE characters, at a space where there is one."""
    offset = 0
    while len(text) - offset > _PIECE:
        cut = text.rfind(" ", offset + _PIECE // 2, offset + _PIECE) + 1 or offset + _PIECE
        yield offset, text[offset:cut]
        offset = cut
    yield offset, text[offset:]
