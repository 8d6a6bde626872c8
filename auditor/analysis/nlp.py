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
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate

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
    spans: list[tuple[int, int]] = [(b.start, b.end) for b in document.blocks if b.kind not in ("paragraph", "list_item")]
    pieces = [(b.start + offset, piece) for b in document.blocks if b.kind in ("paragraph", "list_item")
              for offset, piece in _pieces(b.text)]
    for (piece_start, text), starts in zip(pieces, _sentence_starts(get_nlp(), [text for _, text in pieces])):
        for start, following in zip(starts, [*starts[1:], len(text)]):
            # what lies between a sentence's last token and the next sentence is that token's space, if any
            sentence = text[start:following].rstrip()
            if sentence.strip():
                spans.append((piece_start + start, piece_start + start + len(sentence)))
    spans.sort()
    return spans


# Where spaCy's sentencizer starts a sentence depends only on the tokens from a sentence-ending character up to
# the next token that is no punctuation, and spaCy tokenizes each whitespace-free chunk on its own. So only
# windows of whole chunks are tokenized, all of a document's at once: from a chunk that holds a sentence-ending
# character to the first chunk with a letter or digit after its last such character (there the sentencizer
# has found its next start, or no sentence ends), or to the end of the text.
_SEPARATOR = " x "  # between windows: a word of its own, which ends any sentence-end state of the window before


def _sentence_starts(nlp: Language, texts: list[str]) -> list[list[int]]:
    """For each text, the offsets of the sentences spaCy's sentencizer finds in it (0 first)."""
    starts: list[list[int]] = [[0] for _ in texts]
    windows = []  # (text index, start, the window's text)
    for index, text in enumerate(texts):
        windows += [(index, start, _LONG_RUN.sub(lambda run: run.group()[:-1] + " ", text[start:end]))
                    for start, end in _windows(text, *_end_patterns(nlp))]
    for batch in _batches(windows):
        joined_starts = list(accumulate((len(window) + len(_SEPARATOR) for _, _, window in batch[:-1]), initial=0))
        tokens = nlp.make_doc(_SEPARATOR.join(window for _, _, window in batch))
        for joined, _ in _sentences(tokens, _sentence_ends(nlp)):
            k = bisect_right(joined_starts, joined) - 1
            index, start, window = batch[k]
            if joined and joined - joined_starts[k] < len(window):  # not the first token (no start), nor a separator
                starts[index].append(start + joined - joined_starts[k])
    return starts


def _batches(windows: list) -> Iterator[list]:
    """The windows in runs of at most _PIECE characters (spaCy refuses texts over nlp.max_length)."""
    batch: list = []
    size = 0
    for window in windows:
        if batch and size + len(window[2]) > _PIECE:
            yield batch
            batch, size = [], 0
        batch.append(window)
        size += len(window[2]) + len(_SEPARATOR)
    if batch:
        yield batch


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


def _windows(text: str, end_char: re.Pattern[str], window: re.Pattern[str]) -> list[tuple[int, int]]:
    """(start, end) of the windows of `text`, in order."""
    windows: list[tuple[int, int]] = []
    backwards = text[::-1]  # the chunk's start is the first space found reading backwards
    for hit in end_char.finditer(text):
        if windows and hit.start() < windows[-1][1]:
            continue
        chunk = _CHUNK.match(backwards, len(text) - hit.start())
        assert chunk  # \S* matches anywhere
        found = window.match(text, len(text) - chunk.end())
        assert found  # a window matches at the start of any chunk
        windows.append(found.span())
    return windows


_CHUNK = re.compile(r"\S*")


@lru_cache(maxsize=1)
def _end_patterns(nlp: Language) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A character that may end a sentence; and a window from the start of its chunk: chunks with no letter or
    digit after their last such character, then one more (and the space after it at the end of the text). A
    chunk of _LONG_RUN's length or more never ends a window: cut, it is several chunks, so the cuts are made
    in the windows alone.

    Every character beyond the Basic Multilingual Plane counts as one that may end a sentence: `re` tests a
    class of such characters one by one at every position (20 times slower), and taking more characters as
    possible ends only makes a window longer, never different in what it finds."""
    sentencizer = nlp.get_pipe("sentencizer")
    assert isinstance(sentencizer, Sentencizer)
    ends = "".join(re.escape(char) for char in sorted(sentencizer.punct_chars) if char <= "\uffff") + "\U00010000-\U0010ffff"
    unsettled = rf"{_LONG_RUN.pattern}\S*|(?:\S*[{ends}])?(?:[^\w\s]|_)*"
    return re.compile(f"[{ends}]"), re.compile(rf"(?:(?:{unsettled})\s+(?=\S))*\S+(?:\s+\Z)?")


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
