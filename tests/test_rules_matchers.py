"""Each matcher kind on small documents: what it finds, and what it must not find."""

from __future__ import annotations

import pytest

from auditor.analysis.context import ScanContext
from auditor.analysis.passages import passage_document
from auditor.engine.checklist import _Compiler
from auditor.engine.matchers import SpecError

VOCAB = {"vague": ["vid behov", "kontinuerligt", "sträva efter"], "pictures": ["*lägesbild*", "problembild*"],
         "parties": ["kommunen", "polisen"], "commits": ["åtar sig", "avsätter", "bidrar med"]}
SHARED = {"frequency": {"quantity": ["percent"]}}  # stands in for a stated frequency
FRAGMENTS = {"party": "kommunen|polisen", "parties": "{party}|parterna"}  # as loaded: alternatives joined


def find(spec: dict, text: str, rules: dict | None = None) -> list[str]:
    """Quotes of every hit of `spec` (named "rule") in the passage `text`."""
    compiler = _Compiler(VOCAB, SHARED, FRAGMENTS)
    compiler.start_item("T", {"rule": spec, **(rules or {})})
    rule = compiler.rule("rule")
    document = passage_document(text)
    ctx = ScanContext(document)
    return [document.text[h.start:h.end] for h in ctx.hits(rule)]


# --- terms -------------------------------------------------------------------------------------
def test_terms_match_inflections_only_with_a_trailing_star():
    text = "Lägesbilden visar detta. En lägesbild finns."
    assert find({"terms": ["lägesbild"]}, text) == ["lägesbild"]
    assert find({"terms": ["lägesbild*"]}, text) == ["Lägesbilden", "lägesbild"]


def test_terms_match_compounds_with_a_leading_star():
    assert find({"terms": ["*lägesbild*"]}, "Veckolägesbilden tas fram.") == ["Veckolägesbilden"]
    assert find({"terms": ["lägesbild*"]}, "Veckolägesbilden tas fram.") == []


def test_an_exact_word_keeps_its_plain_vowels_where_diacritics_survive():
    text = "Här har vi det som berör oss och det som beror på oss. Bränder är ett problem."
    assert find({"terms": ["har", "beror"]}, text) == ["har", "beror"]
    assert find({"terms": ["brand*"]}, text) == ["Bränder"]  # a term with endings may take an umlaut
    assert find({"terms": ["har"]}, "Har har vi, bland annat, ett problem.") == ["Har", "har"]  # no å/ä/ö at all


def test_a_compound_term_starting_with_a_diacritic_does_not_take_ocr_readings_of_it():
    # OCR reads å as a, e, i, o, d …: inside a word that would make "*åringar" match "förändringar"
    text = "Förändringar och prioriteringar gäller tonåringar och 15-åringar."
    assert find({"terms": ["*åringar"]}, text) == ["tonåringar", "åringar"]


def test_compound_terms_are_found_at_every_occurrence_and_may_span_words():
    text = "Brottsförebyggande råd. Lokala brottsförebyggande rådet. Ett nytt brottsförebyggande råd."
    assert find({"terms": ["*förebyggande*"]}, text) == ["Brottsförebyggande", "brottsförebyggande", "brottsförebyggande"]
    assert find({"terms": ["*förebyggande råd"]}, text) == ["Brottsförebyggande råd", "brottsförebyggande råd"]
    assert find({"terms": ["*förebyggande"]}, "Förebyggandet och det förebyggande.") == ["förebyggande"]


def test_terms_take_an_ending_on_an_inner_word():
    text = "Situationella prevention, situationell prevention och situation prevention."
    assert find({"terms": ["situationell* prevention"]}, text) == ["Situationella prevention", "situationell prevention"]


@pytest.mark.parametrize("damaged", ["lagesbild", "ligesbild", "LÄGESBILD", "legesbild"])
def test_terms_tolerate_ocr_damage_in_long_words(damaged):
    assert find({"terms": ["lägesbild"]}, f"Den {damaged} som togs fram.") == [damaged]


def test_short_terms_do_not_take_ocr_confusions():
    # "mål" must not become "mil"; short words only get the plain å/ä/ö folding
    assert find({"terms": ["mål"]}, "Tio mil bort. Ett mal i texten.") == ["mal"]


def test_terms_respect_word_boundaries_and_accept_hyphens_between_words():
    assert find({"terms": ["brå"]}, "Brå och lokala brå-gruppen men inte bråk.") == ["Brå", "brå"]
    assert find({"terms": ["följa upp"]}, "Vi ska följa  upp och följa-upp.") == ["följa  upp", "följa-upp"]


def test_vocabulary_references_expand():
    assert find({"terms": ["$pictures"]}, "Problembilden och nulägesbilden.") == ["Problembilden", "nulägesbilden"]


def test_overlapping_terms_are_all_kept():
    hits = find({"terms": ["gemensam problembild", "problembild*"]}, "En gemensam problembild.")
    assert hits == ["gemensam problembild", "problembild"]


def test_unknown_vocabulary_is_an_error():
    with pytest.raises(SpecError, match=r"\$nope"):
        find({"terms": ["$nope"]}, "text")


# --- regex -------------------------------------------------------------------------------------
def test_regex_runs_on_folded_text_unless_case_sensitive():
    assert find({"regex": r"forebyggande"}, "Brottsförebyggande rådet") == ["förebyggande"]
    assert find({"regex": r"i [A-ZÅÄÖ]\w+", "case_sensitive": True}, "bor i Oxhagen, i staden") == ["i Oxhagen"]


def test_a_list_of_regexes_is_alternatives_each_with_its_own_group():
    spec = {"regex": [r"(?m)^(polisen)\s+ska", r"(?<!\w)att\s+(kommunen)\s+ska"]}
    text = "Polisen ska patrullera. Det står att kommunen ska bygga. Kommunen ska också."
    assert find(spec, text) == ["Polisen", "kommunen"]  # the hit is each pattern's group 1


def test_invalid_regex_names_the_rule():
    with pytest.raises(SpecError, match="regeln T.rule"):
        find({"regex": "("}, "text")


# --- quantity ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("percent", "Andelen var 14 % och sedan 12,5 procent.", ["14 %", "12,5 procent"]),
        ("kronor", "Budgeten är 200 000 kronor eller 3 mkr.", ["200 000 kronor", "3 mkr"]),
        ("period", "Gäller 2020–2023.", ["2020–2023"]),
        ("period", "Från 2021-01-01 -- 2023-12-31.", ["2021-01-01 -- 2023-12-31"]),
        ("period", "Gäller från och med 2022 till och med 2024.", ["från och med 2022 till och med 2024"]),
        ("period", "Utvärdering 2022-06-01 t.o.m 2023-12-31.", ["2022-06-01 t.o.m 2023-12-31"]),
        ("until", "Målet gäller t.o.m. 2024 och senast 2025.", ["t.o.m. 2024", "senast 2025"]),
        ("until", "Gäller till och med den 31 december 2027.", ["till och med den 31 december 2027"]),
        ("date", "Antogs 2021-05-04 och 3 mars 2022.", ["2021-05-04", "3 mars 2022"]),
        ("count", "Vi har 143 anmälda inbrott år 2021 men inte 2021 anmälningar.", ["143"]),
        ("count", "Tio kontroller och föräldramöten i årskurs 7 och åk 9 under hösten.", ["Tio"]),
    ],
)
def test_quantities(kind, text, expected):
    assert find({"quantity": [kind]}, text) == expected


def test_a_date_is_not_a_period():
    assert find({"quantity": ["period"]}, "Beslut 2021-01-01.") == []


def test_unknown_quantity_kind_is_an_error():
    with pytest.raises(SpecError, match="okänd storhet"):
        find({"quantity": ["weeks"]}, "text")


# --- section -----------------------------------------------------------------------------------
SECTIONS = """# Bakgrund
Uppföljning nämns i förbigående.
# Uppföljning
Nyckeltal följs upp.
## Detaljer
Mer om nyckeltal.
# Ansvar
Nyckeltal nämns här också."""


def test_section_spans_until_the_next_heading_of_same_or_higher_level():
    (section,) = find({"section": ["uppföljning"]}, SECTIONS)
    assert section.startswith("Uppföljning") and "Mer om nyckeltal." in section and "Ansvar" not in section


def test_section_with_contains_keeps_only_hits_inside():
    hits = find({"section": {"heading": ["uppföljning"], "contains": "kpi"}}, SECTIONS, {"kpi": {"terms": ["nyckeltal"]}})
    assert hits == ["Nyckeltal", "nyckeltal"]


# --- cooccurrence ------------------------------------------------------------------------------
def test_cooccurrence_within_a_sentence():
    rules = {"picture": {"terms": ["lägesbild*"]}, "joint": {"terms": ["gemensam*"]}}
    text = "En gemensam lägesbild finns. Lägesbilden är polisens. Det gemensamma arbetet."
    assert find({"cooccurrence": ["picture", "joint"], "unit": "sentence"}, text, rules) == ["En gemensam lägesbild finns."]


def test_cooccurrence_within_a_table_row():
    rules = {"act": {"terms": ["trygghetsvandring"]}, "who": {"terms": ["polisen"]}}
    text = "| Åtgärd | Ansvarig |\n| Trygghetsvandring | Polisen |\n| Trygghetsvandring | Kommunen |"
    assert find({"cooccurrence": ["act", "who"], "unit": "row"}, text, rules) == ["Trygghetsvandring | Polisen"]


def test_cooccurrence_needs_two_rules_and_a_known_unit():
    with pytest.raises(SpecError, match="minst två"):
        find({"cooccurrence": ["a"]}, "x", {"a": {"terms": ["x"]}})
    with pytest.raises(SpecError, match="okänd enhet"):
        find({"cooccurrence": ["a", "a"], "unit": "page"}, "x", {"a": {"terms": ["x"]}})


# --- sequence ----------------------------------------------------------------------------------
def test_sequence_allows_a_gap_of_a_few_words_and_takes_the_fewest():
    spec = {"sequence": ["$parties", {"gap": "0-3"}, "$commits"]}
    text = "Kommunen åtar sig detta. Polisen ska därför varje år avsätta medel. Polisen ska i år avsätter tio."
    assert find(spec, text) == ["Kommunen åtar sig", "Polisen ska i år avsätter"]


def test_sequence_stays_in_its_sentence_and_stops_at_punctuation():
    spec = {"sequence": ["$parties", {"gap": "0-3"}, "$commits"]}
    assert find(spec, "Det gäller kommunen. Avsätter någon medel? Polisen, som sagt, bidrar med tid.") == []
    heading_then_text = "# Kommunen\nAvsätter en tjänst."
    assert find(spec, heading_then_text) == []
    assert find({**spec, "unit": "block"}, "Kommunen gör mycket och bidrar med resurser.") == [
        "Kommunen gör mycket och bidrar med"]


def test_sequence_matches_do_not_overlap_and_slots_may_list_terms():
    spec = {"sequence": [["kommunen", "polisen"], {"gap": 2}, "tillsammans"]}
    assert find(spec, "Kommunen och polisen arbetar tillsammans.") == []  # exactly two words between
    assert find(spec, "Kommunen och polisen tillsammans, polisen gör det tillsammans.") == [
        "Kommunen och polisen tillsammans", "polisen gör det tillsammans"]


def test_sequence_alternatives_are_tried_in_order():
    spec = {"sequence": {"any": [["$commits", "$parties"], ["ställer", {"gap": "0-4"}, "till förfogande"]]}}
    text = "Därför avsätter kommunen medel och ställer en lokal till förfogande."
    assert find(spec, text) == ["avsätter kommunen", "ställer en lokal till förfogande"]


@pytest.mark.parametrize(("spec", "message"), [
    ({"sequence": [{"gap": "0-3"}, "polisen"]}, "mellan två ord"),
    ({"sequence": ["kommunen", {"gap": "3-1"}, "polisen"]}, "antal ord"),
    ({"sequence": ["kommunen", {"gap": "tre"}, "polisen"]}, "antal ord"),
    ({"sequence": ["kommunen", {"gap": 2}]}, "sluta med ett ord"),
    ({"sequence": ["$okänd"]}, r"okänd vokabulär \$okänd"),
    ({"sequence": ["kommunen", 7]}, "okänd del"),
    ({"sequence": ["kommunen"], "unit": "section"}, "okänd enhet"),
])
def test_malformed_sequences_are_rejected(spec, message):
    with pytest.raises(SpecError, match=message):
        find(spec, "x")


@pytest.mark.parametrize(("spec", "message"), [
    ({"damper": {"terms": ["verka för"], "unles": "x"}}, "okänd nyckel unles"),
    ({"section": {"heading": ["mål"], "contain": "x"}}, "okänd nyckel contain"),
    ({"damper": {"unless": "x"}}, "ange en termlista"),
])
def test_a_kind_written_as_a_mapping_takes_only_its_own_keys(spec, message):
    with pytest.raises(SpecError, match=message):
        find(spec, "x")


# --- regex fragments ---------------------------------------------------------------------------
def test_a_regex_refers_to_fragments_which_may_refer_to_fragments():
    assert find({"regex": "{parties}\\s+ska"}, "Polisen ska. Parterna ska. Staden ska.") == ["Polisen ska", "Parterna ska"]
    assert find({"regex": "\\d{2,3}"}, "Tio eller 120.") == ["120"]  # a regex's own counts are no fragments
    with pytest.raises(SpecError, match="okänt fragment {partiet}"):
        find({"regex": "{partiet} ska"}, "x")


def test_a_regex_on_folded_text_may_not_contain_swedish_letters():
    with pytest.raises(SpecError, match="'å' matchar aldrig"):
        find({"regex": "åtar sig"}, "x")
    assert find({"regex": "Ängsby", "case_sensitive": True}, "I Ängsby.") == ["Ängsby"]


# --- categories --------------------------------------------------------------------------------
def test_categories_label_each_hit():
    compiler = _Compiler(VOCAB, SHARED, FRAGMENTS)
    spec = {"categories": {"statistik": ["anmälda brott"], "enkät": ["trygghetsmätning*"], "dialog": ["medborgardialog*"]}}
    compiler.start_item("T", {"rule": spec})
    rule = compiler.rule("rule")
    ctx = ScanContext(passage_document("Anmälda brott och trygghetsmätningen, och anmälda brott igen."))
    assert sorted(h.label for h in ctx.hits(rule)) == ["enkät", "statistik", "statistik"]


# --- damper and filters ------------------------------------------------------------------------
def test_damper_forgives_a_vague_word_when_a_frequency_is_stated():
    spec = {"damper": {"terms": ["$vague"], "unless": "frequency"}}
    text = "Arbetet följs upp kontinuerligt. Vi ser kontinuerligt över 5 % av fallen. Revideras vid behov."
    assert find(spec, text) == ["kontinuerligt", "vid behov"]


def test_not_near_drops_hits_in_sentences_with_vague_language():
    rules = {"vague": {"damper": ["$vague"]}}
    spec = {"terms": ["revideras"], "not_near": {"rule": "vague", "unit": "sentence"}}
    assert find(spec, "Planen revideras årligen. Planen revideras vid behov.", rules) == ["revideras"]


def test_near_a_section_reaches_every_block_of_the_section():
    """A section ends at the line break before the next heading, between blocks: its last block is still in it."""
    rules = {"defined": {"section": ["definitioner"]}}
    spec = {"terms": ["problembild*"], "not_near": {"rule": "defined", "unit": "block"}}
    text = ("# Definitioner\nOrden förklaras här.\n\nProblembild: bilden av problemen.\n\nLägesbild: läget.\n"
            "# Lägesbild\nProblembilden visar bostadsinbrott.")
    assert find(spec, text, rules) == ["Problembilden"]


def test_not_near_before_drops_only_hits_that_follow_the_damper_in_their_sentence():
    rules = {"handbook": {"terms": ["enligt handboken"]}}
    spec = {"terms": ["parterna ska"], "not_near": {"rule": "handbook", "unit": "before"}}
    text = ("Enligt handboken ska parterna ha en lägesbild. Därför parterna ska, enligt handboken, samverka. "
            "Parterna ska samverka.")
    assert find(spec, text, rules) == ["parterna ska", "Parterna ska"]
    with pytest.raises(SpecError, match="okänd enhet"):
        find({"terms": ["x"], "not_near": {"rule": "handbook", "unit": "efter"}}, "x", rules)


def test_link_finds_measures_that_name_what_a_cause_in_another_sentence_named():
    rules = {"causes": {"terms": ["beror på"]}, "measures": {"terms": ["kommunen"], "block_kinds": ["list_item"]},
             "things": {"terms": ["*belysning*", "fritidsgård*"]}}
    spec = {"link": {"from": "causes", "to": "measures", "via": "things"}}
    text = ("Otryggheten beror på dålig belysning i parken.\n\n"
            "- Kommunen byter belysningen i parken.\n"
            "- Kommunen öppnar fritidsgården på fredagar.\n")
    assert find(spec, text, rules) == ["Kommunen"]  # the fritidsgård was never named as a cause
    assert find(spec, "- Kommunen byter belysningen, som beror på slitage.\n", rules) == []  # one sentence: no link
    with pytest.raises(SpecError, match="via"):
        find({"link": {"from": "causes", "to": "measures"}}, text, rules)


def test_block_filters():
    text = "Kommunstyrelsens ordförande\n\nEn lång mening där kommunstyrelsens ordförande nämns i förbigående bland annat."
    assert find({"terms": ["kommunstyrelsens ordförande"], "max_block_chars": 40}, text) == ["Kommunstyrelsens ordförande"]
    assert find({"terms": ["mål"], "block_kinds": ["heading"]}, "# Mål\nEtt mål.") == ["Mål"]


def test_table_of_contents_lines_are_never_hits():
    text = "Syfte ........ 4\n\nSyftet med överenskommelsen är tydligt."
    assert find({"terms": ["syfte*"]}, text) == ["Syftet"]


def test_short_words_keep_their_diacritics_when_the_document_has_them():
    intact = "Våldet har ökat. De valda områdena är få. Det är bra med BRÅ och Brå."
    assert find({"terms": ["våld*"]}, intact) == ["Våldet"]
    assert find({"terms": ["brå"]}, intact) == ["BRÅ", "Brå"]
    damaged = "Valdet har okat och de valda omradena ar fa i Saltsjo."
    assert find({"terms": ["våld*"]}, damaged) == ["Valdet", "valda"]


def test_short_words_accept_6_for_o_even_where_diacritics_survive():
    text = "Målet är att 6ka tryggheten och att öka närvaron; en oka och en eka är inget."
    assert find({"terms": ["öka*"]}, text) == ["6ka", "öka"]


def test_block_start_and_min_block_chars():
    spec = {"terms": ["polisen", "kommunen"], "block_start": True, "min_block_chars": 20}
    text = "- Polisen genomför riktade insatser.\n- Polisen\n- Där ska kommunen bidra med belysning."
    assert find(spec, text) == ["Polisen"]
