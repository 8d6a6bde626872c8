"""The one spaCy pipeline: blank Swedish with a sentencizer, loaded once.

No trained Swedish model is installable, and the rules match lowercased, diacritic-folded forms with
explicit endings ("lägesbild*") instead of lemmas: spacy-lookups-data's lemmas are context-free
("med" -> "mede"). So the lookup lemmatizer is not loaded: no rule read its lemmas, and its 660,000-entry
table took about 2 s to build in every process that scores (each import worker, each CLI call) and made
every full garbage collection walk it.
"""

from __future__ import annotations

import gc
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


def sentence_spans(document: Document) -> list[tuple[int, int]]:
    """(start, end) offsets into document.text of every sentence; never crosses a block boundary.

    Headings and table rows are one "sentence" each: they carry no sentence punctuation.
    """
    nlp = get_nlp()
    prose = [b for b in document.blocks if b.kind in ("paragraph", "list_item")]
    spans: list[tuple[int, int]] = [(b.start, b.end) for b in document.blocks if b.kind not in ("paragraph", "list_item")]
    with nlp.select_pipes(enable=["sentencizer"]):
        for block, parsed in zip(prose, nlp.pipe(b.text for b in prose)):
            for sent in parsed.sents:
                # offsets, not sent.text: building the text walks every token again
                text = block.text[sent.start_char:sent.end_char]
                if text.strip():
                    start = block.start + sent.start_char
                    spans.append((start, start + len(text.rstrip())))
    spans.sort()
    return spans
