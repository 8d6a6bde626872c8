"""The one spaCy pipeline: blank Swedish, a sentencizer and the lookup lemmatizer, loaded once.

No trained Swedish model is installable, so patterns prefer lowercase/folded forms; lookup lemmas are
context-free ("med" -> "mede") and serve only as a fallback for inflected nouns.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from auditor.document import Document


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    nlp = spacy.blank("sv")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # reads the lookup tables from the installed spacy-lookups-data; no download
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
