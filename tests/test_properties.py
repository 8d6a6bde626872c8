"""Property-based tests: arbitrary text never crashes the text parser or the scorer, offsets always slice
back, every evidence quote is the document's own text, and folding maps back to the original; the scorer's
lookup tables and word split agree with the searches they stand for."""

from __future__ import annotations

import re
from unittest.mock import patch

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from parse_support import assert_offsets

from auditor.analysis import nlp as nlp_module
from auditor.analysis.context import ScanContext, UnitIndex
from auditor.analysis.doctype import _report_count
from auditor.analysis.nlp import _sentence_ends, _sentence_starts, _sentences, get_nlp
from auditor.document import FoldedText, fold
from auditor.engine.checklist import load_checklist
from auditor.engine.scoring import score_document
from auditor.parsers import ParseError, parse_bytes

# Characters that have broken text pipelines before: ligatures, soft hyphen, zero-width space, combining
# marks, Swedish letters in both cases, dashes and quotes that fold, control characters, and line breaks.
SPECIAL = "ﬁﬂﬃæßœ\u00ad\u200b\u0301\u0308\u030aåäöÅÄÖéøİ\u00a0–—’”\x00\x07\x0c\x1b\t\r\n|#-*•1."
WORDS = [
    "Samverkansöverenskommelse", "lägesbild", "orsaksanalys", "Mål:", "minska", "20 procent", "till 2025",
    "ansvarar", "Uppföljning", "styrgruppen", "kommunpolisen", "bostadsinbrott", "trygghetsmätningen",
    "Medborgarlöfte", "## Bakgrund", "- ", "| a | b |", "\n\n", "\n", "Lund", "kommun", "polisen", "tertial",
]
text_strategy = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(alphabet=SPECIAL, max_size=8), st.text(max_size=8)), max_size=60
).map(" ".join)


def parsed_or_none(text: str):
    try:
        return parse_bytes(text.encode("utf-8"), "utkast.txt")
    except ParseError as err:  # empty text and the like: a Swedish message, not a crash
        assert str(err)
        return None


@settings(max_examples=150, deadline=10_000)
@given(text_strategy)
def test_text_parser_never_crashes_and_blocks_slice_back(text):
    document = parsed_or_none(text)
    if document is not None:
        assert_offsets(document)


@settings(max_examples=300, deadline=10_000)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(SPECIAL), max_size=40), st.data())
def test_folding_maps_every_span_back_to_the_original(text, data):
    folded = FoldedText.of(text)
    assert folded.text == fold(text)
    start = data.draw(st.integers(0, len(folded.text)))
    end = data.draw(st.integers(start, len(folded.text)))
    ostart, oend = folded.to_original(start, end)
    assert 0 <= ostart <= oend <= len(text)
    assert folded.text[start:end] in fold(folded.quote(start, end))


@settings(max_examples=40, deadline=10_000, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_scorer_never_crashes_and_quotes_are_the_documents_text(text):
    document = parsed_or_none(text)
    if document is None:
        return
    result = score_document(document)
    assert len(result.items) == 17 and 0 <= result.total <= result.max_total
    for item in result.items:
        assert 0 <= item.score <= item.max
        for evidence in item.evidence:
            assert evidence.quote == document.text[evidence.start:evidence.end]


@settings(max_examples=300, deadline=10_000)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 12)), max_size=12), st.integers(1, 50))
def test_a_unit_table_answers_as_the_search_does(pairs, length):
    # overlapping, nested, empty and repeated spans, and spans past the end
    units = UnitIndex([(start, start + width) for start, width in pairs])
    assert units.table(length) == [units.index_at(offset) for offset in range(length)]


@settings(max_examples=100, deadline=10_000)
@given(text_strategy)
def test_the_folded_words_are_the_words_of_the_folded_text(text):
    document = parsed_or_none(text)
    if document is None:
        return
    words = ScanContext(document).folded_words
    matches = list(re.finditer(r"\w+", document.folded.text))
    assert words.words == [m.group() for m in matches] and words.starts == [m.start() for m in matches]
    assert words.gaps == [document.folded.text[a.end():b.start()] for a, b in zip(matches, matches[1:])]


@settings(max_examples=150, deadline=None)
@given(text_strategy)
@example("Slut.” Nästa mening (se ovan). Bl.a. t.ex. 2023.\n\nNy! ?Sista ... - och (så.) Här")
def test_sentences_are_those_of_spacys_sentencizer(text):
    """The sentence split reads spaCy's sentencizer rule off the token arrays; it must give its sentences."""
    nlp = get_nlp()
    with nlp.select_pipes(enable=["sentencizer"]):
        expected = [(s.start_char, s.end_char) for s in nlp(text).sents]
    assert list(_sentences(nlp.make_doc(text), _sentence_ends(nlp))) == expected



@settings(max_examples=150, deadline=None)
@given(st.lists(text_strategy, max_size=4), st.integers(1, 200))
@example(["Slut.” Nästa (se ovan). Bl.a. t.ex. 2023.\n\nNy! ?Sista ... - och (så.) Här", "", " ", "a" * 70 + ".b. C",
          "b" * 62 + ".Nästa" + "c" * 70 + ". Slut"], 30)
def test_sentences_start_where_they_do_when_spacy_tokenizes_the_whole_text(texts, batch_size):
    """Only windows around sentence ends are tokenized, in batches: the sentences must start as when every
    text is tokenized whole."""
    nlp = get_nlp()
    whole = [nlp.make_doc(nlp_module._LONG_RUN.sub(lambda run: run.group()[:-1] + " ", text)) for text in texts]
    expected = [[start for start, _ in _sentences(tokens, _sentence_ends(nlp))] or [0] for tokens in whole]
    with patch.object(nlp_module, "_PIECE", batch_size):
        assert _sentence_starts(nlp, texts) == expected


CLAIM_WORDS = ["polisen", "kommunen", "och", "vi", "har", "under", "året", "genomfört", "gjort", "arbetat", "ska",
               "Ekby kommun", "parterna", "charm", ".", ",", ":", "(", ")", "–", "\n", "\n\n", "  "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CLAIM_WORDS), max_size=40).map(" ".join))
@example("Polisen har genomfört. Kommunen, har gjort: vi\nhar under året arbetat (polisen har gjort)")
def test_reports_are_counted_as_the_whole_text_search_counts_them(text):
    """The document type counts report claims only between punctuation around "har": as many as in the whole text."""
    claim = load_checklist().document_types.report_claim
    folded = fold(text)
    assert _report_count(folded, claim) == len(claim.findall(folded))
