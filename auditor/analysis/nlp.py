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
from spacy.attrs import IDX, IS_PUNCT, LENGTH, ORTH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

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
    ends = _sentence_ends(nlp)
    prose = [(b.start + offset, piece) for b in document.blocks if b.kind in ("paragraph", "list_item")
             for offset, piece in _pieces(b.text)]
    spans: list[tuple[int, int]] = [(b.start, b.end) for b in document.blocks if b.kind not in ("paragraph", "list_item")]
    tokenizable = (_LONG_RUN.sub(lambda run: run.group()[:-1] + " ", piece) for _, piece in prose)
    for (block_start, text), tokens in zip(prose, map(nlp.make_doc, tokenizable)):
        for start_char, end_char in _sentences(tokens, ends):
            sentence = text[start_char:end_char]
            if sentence.strip():
                start = block_start + start_char
                spans.append((start, start + len(sentence.rstrip())))
    spans.sort()
    return spans


def _sentences(tokens: Doc, ends: frozenset[int]) -> Iterator[tuple[int, int]]:
    """(start, end) character offsets of the sentences spaCy's sentencizer finds in `tokens`, by its rule,
    read from the token arrays rather than token objects (it walked every token as a Python object): a
    sentence starts at the first token that is no punctuation after a token that ends sentences."""
    if not len(tokens):
        return
    orth, punct, idx, length = tokens.to_array([ORTH, IS_PUNCT, IDX, LENGTH]).T.tolist()
    starts = [0]
    seen_end = False
    for i, (word, is_punct) in enumerate(zip(orth, punct)):
        if word in ends:
            seen_end = True
        elif seen_end and not is_punct:
            starts.append(i)
            seen_end = False
    for first, following in zip(starts, [*starts[1:], len(orth)]):
        yield idx[first], idx[following - 1] + length[following - 1]


@lru_cache(maxsize=1)
def _sentence_ends(nlp: Language) -> frozenset[int]:
    """The sentencizer's sentence-ending characters, as the hashes the token arrays hold."""
    sentencizer = nlp.get_pipe("sentencizer")
    assert isinstance(sentencizer, Sentencizer)
    return frozenset(nlp.vocab.strings.add(char) for char in sentencizer.punct_chars)


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) of a block cut into pieces of at most _PIECE characters, at a space where there is one."""
    offset = 0
    while len(text) - offset > _PIECE:
        cut = text.rfind(" ", offset + _PIECE // 2, offset + _PIECE) + 1 or offset + _PIECE
        yield offset, text[offset:cut]
        offset = cut
    yield offset, text[offset:]
