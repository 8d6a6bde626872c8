import pytest

from auditor.analysis.nlp import sentence_spans
from auditor.analysis.readability import band, readability
from auditor.document import Document, DocumentBuilder

EASY = "Vi går runt i parken. Du ska känna dig trygg. Vi lyssnar på dig."
HARD = (
    "Utifrån den gemensamma problembilden som framtagits genom medborgardialoger, medarbetardialoger och "
    "brottsstatistik har polisen och kommunen identifierat ordningsstörningar, narkotikaförsäljning och "
    "otrygghetsskapande beteenden i centrummiljön som prioriterade utvecklingsområden."
)


def build(*blocks) -> Document:
    builder = DocumentBuilder()
    for kind, text in blocks:
        builder.add(kind, text, 1, level=1 if kind == "heading" else None)
    return Document("t.pdf", "0", "pdf", 1, builder.text, builder.blocks)


@pytest.mark.parametrize(
    ("lix", "label"),
    [(10, "mycket lätt"), (24.9, "mycket lätt"), (25, "lätt"), (34.9, "lätt"), (35, "medelsvår"),
     (45, "svår"), (54.9, "svår"), (55, "mycket svår"), (80, "mycket svår")],
)
def test_bands(lix, label):
    assert band(lix) == label


def test_lix_formula_on_known_text():
    # 3 sentences, 14 words, one long word ("lyssnar") -> LIX = 14/3 + 100/14
    result = readability(build(("paragraph", EASY)), "medborgarlofte")
    assert (result["words"], result["sentences"]) == (14, 3)
    assert result["lix"] == pytest.approx(14 / 3 + 100 / 14, abs=0.05)
    assert result["band"] == "mycket lätt"
    assert result["advice"] is None


def test_long_words_count_above_six_letters():
    # "Polisen" has 7 letters (long), "kommun" 6 (not long): 2 words, 1 sentence, 1 long -> 2 + 50
    result = readability(build(("paragraph", "Polisen kommun.")), "samverkansoverenskommelse")
    assert result["lix"] == pytest.approx(52.0)


def test_headings_and_tables_are_not_measured():
    doc = build(("heading", "Medborgarlöfte"), ("paragraph", EASY), ("table_row", "Åtgärd | Ansvarig | Tidplan"))
    assert readability(doc, "medborgarlofte")["words"] == 14


def test_sections_and_hardest_sentences():
    doc = build(
        ("paragraph", "Inledning utan rubrik. " + EASY + " " + EASY),
        ("heading", "Det här lovar vi"),
        ("paragraph", EASY + " Polisen och kommunen arbetar tillsammans med trygghetsfrågor i centrum. "
                      "Vi ordnar trygghetsvandringar i bostadsområdena varje höst."),
        ("heading", "Bakgrund"),
        ("paragraph", HARD + " " + EASY),
    )
    result = readability(doc, "medborgarlofte")
    headings = [section["heading"] for section in result["sections"]]
    assert headings == [None, "Det här lovar vi", "Bakgrund"]
    bakgrund = result["sections"][2]
    assert bakgrund["lix"] > result["sections"][1]["lix"]
    assert bakgrund["start"] == doc.text.index("Bakgrund")
    hardest = result["hardest_sentences"]
    assert len(hardest) == 3
    assert hardest[0]["text"] == HARD
    assert doc.text[hardest[0]["start"]:hardest[0]["end"]] == HARD
    assert hardest[0]["lix"] >= hardest[1]["lix"] >= hardest[2]["lix"]


def test_hard_medborgarlofte_gets_advice_naming_the_hardest_sentence():
    doc = build(("heading", "Medborgarlöfte 2021"), ("paragraph", HARD + " " + HARD.replace("Utifrån", "Enligt")))
    result = readability(doc, "medborgarlofte")
    assert result["lix"] > 50
    assert "Medborgarlöftet är svårläst" in result["advice"]
    assert "Utifrån den gemensamma problembilden" in result["advice"]


def test_no_advice_for_a_hard_agreement():
    doc = build(("paragraph", HARD))
    result = readability(doc, "samverkansoverenskommelse")
    assert result["lix"] > 50 and result["advice"] is None


def test_precomputed_sentences_give_the_same_result():
    doc = build(("heading", "Löftet"), ("paragraph", HARD + " " + EASY))
    assert readability(doc, "medborgarlofte", sentence_spans(doc)) == readability(doc, "medborgarlofte")


def test_document_without_running_text():
    result = readability(build(("heading", "Bilaga 1")), "medborgarlofte")
    assert result["lix"] is None and result["band"] is None
    assert result["sections"] == [] and result["hardest_sentences"] == [] and result["advice"] is None


def test_short_fragments_are_not_reported_as_hardest():
    doc = build(("paragraph", HARD), ("list_item", "Kommunstyrelsens ordförande"), ("paragraph", EASY))
    texts = [s["text"] for s in readability(doc, "medborgarlofte")["hardest_sentences"]]
    assert "Kommunstyrelsens ordförande" not in texts
    assert texts[0] == HARD
