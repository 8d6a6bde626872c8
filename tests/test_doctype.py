import pytest

from auditor.analysis.doctype import DocType
from auditor.analysis.doctype import classify as classify_with
from auditor.document import Document, DocumentBuilder
from auditor.engine.checklist import load_checklist

# Body text long enough that a document is not mistaken for a short news item.
BODY = (
    "Kommunen och polisen arbetar tillsammans med de problem som invånarna upplever. Arbetet utgår från "
    "lägesbilden och följs upp av styrgruppen varje halvår. "
) * 25


def classify(doc) -> DocType:
    return classify_with(doc, load_checklist().document_types)


def build(*blocks, metadata=None) -> Document:
    builder = DocumentBuilder()
    for kind, text in blocks:
        builder.add(kind, text, 1, level=1 if kind == "heading" else None)
    return Document("t.pdf", "0", "pdf", 1, builder.text, builder.blocks, metadata=metadata or {})


@pytest.mark.parametrize(
    ("title", "first_paragraph", "expected"),
    [
        ("Samverkansöverenskommelse mellan Hässleholms kommun och Hässleholms lokalpolisområde", "", "samverkansoverenskommelse"),
        ("Överenskommelse om samverkan", "mellan Stensjö kommun och lokalpolisområde Stensjö", "samverkansoverenskommelse"),
        ("Förlängning av samverkansavtal mellan Uppsala kommun och Lokalpolisområde Uppsala/Knivsta", "", "samverkansoverenskommelse"),
        ("SAMVERKANS6VERENSKOMMELSE", "", "samverkansoverenskommelse"),
        ("STRATEGISK SAMVERKANSÖVERENSKOMMELSE mellan Granhammars stad och lokalpolisområde Granhammar", "Strategiska målområden och styrning 2024–2027", "samverkansoverenskommelse"),
        ("Medborgarlöfte 2021", "Polisen och kommunen lovar invånarna att öka närvaron i centrum.", "medborgarlofte"),
        ("Medborgarléfte för Höör", "", "medborgarlofte"),
        ("Åtgärdsplan 2020", "Planen hör till samverkansöverenskommelsen 2020–2022.", "atgardsplan"),
        ("Aktivitetsplan för UmeBrå", "", "atgardsplan"),
        ("Götene kommun och lokalpolisområde västra Skaraborg. Handlingsplan för det brottsförebyggande arbetet", "", "atgardsplan"),
        ("Strategi för trygghet och säkerhet 2020–2024", "", "strategi_program"),
        ("Brottsförebyggande program för Ronneby kommun", "", "strategi_program"),
        ("Riktlinjer för Markaryds kommuns arbete mot våldsbejakande extremism", "", "strategi_program"),
        ("Handlingsplan mot våldsbejakande extremism", "", "strategi_program"),
        ("ANDT-plan för Havslids kommun 2019–2022", "", "strategi_program"),
        ("Slutrapport", "Återrapportering av ekonomiskt stöd till lokalt brottsförebyggande projekt", "annat"),
        ("Enkät om medborgarlöftesarbete", "", "annat"),
        ("Uppföljning 2024", "Samverkansöverenskommelse mellan Skogsby kommun och lokalpolisområde Skogsby 2024–2027", "annat"),
    ],
)
def test_type_follows_what_the_document_calls_itself(title, first_paragraph, expected):
    result = classify(build(("heading", title), ("paragraph", first_paragraph), ("paragraph", BODY)))
    assert result.doc_type == expected, result
    assert 0 < result.confidence <= 1
    assert result.cue


def test_strategy_mentioning_an_agreement_is_a_strategy():
    doc = build(
        ("heading", "Strategi för brottsförebyggande och trygghetsskapande arbete"),
        ("paragraph", "Kommunen har en samverkansöverenskommelse med polisen och tecknar varje år medborgarlöften. "
                      "Samverkansöverenskommelsen och medborgarlöftet beskrivs i bilaga 2."),
        ("paragraph", BODY),
    )
    result = classify(doc)
    assert result.doc_type == "strategi_program"
    assert "Strategi" in result.cue


def test_a_report_on_a_medborgarlofte_is_not_the_medborgarlofte():
    doc = build(
        ("heading", "Uppföljning av medborgarlöften"),
        ("paragraph", "Medborgarlöftet för 2018 innehöll fyra löften. Medborgarlöftets första löfte gällde "
                      "trafiken, och medborgarlöftet följdes upp av styrgruppen."),
        ("heading", "Medborgarlöfte 2018"),
        ("paragraph", BODY),
    )
    result = classify(doc)
    assert result.doc_type == "annat", result
    assert "Uppföljning av" in result.cue


def test_plan_referring_to_an_agreement_in_its_title_is_the_plan():
    doc = build(("heading", "Probleminventering och åtgärdsplan utifrån samverkansöverenskommelsen mellan "
                            "Trollhättans Stad och Polisområde östra Fyrbodal 2017"), ("paragraph", BODY))
    assert classify(doc).doc_type == "atgardsplan"


def test_kommuns_own_handlingsplan_is_a_strategy_document():
    doc = build(("heading", "Handlingsplan för trygghetsarbetet i Sälviks kommun"),
                ("paragraph", "Antagen av kommunstyrelsen 2021-04-12. Planen gäller kommunens förvaltningar."),
                ("paragraph", BODY))
    assert classify(doc).doc_type == "strategi_program"


def test_news_item_about_a_signed_agreement_is_annat():
    doc = build(
        ("paragraph", "Ny överenskommelse ska göra Tallmo tryggare"),
        ("paragraph", "Publicerad 10 maj 2023"),
        ("paragraph", "I tisdags skrev kommunstyrelsens ordförande och lokalpolisområdeschefen under en ny "
                      "samverkansöverenskommelse mellan Tallmo kommun och polisen."),
        ("paragraph", "– Nu får vi en tydligare riktning, säger kommunstyrelsens ordförande."),
    )
    result = classify(doc)
    assert result.doc_type == "annat"
    assert "nyhet" in result.cue


def test_a_web_page_about_an_agreement_is_annat():
    doc = build(
        ("heading", "Överenskommelse om samverkan"),
        ("paragraph", "Kommunstyrelsens ordförande Eva Ek och lokalpolisområdeschef Jonas Berg skriver på den nya "
                      "samverkansöverenskommelsen mellan Tallmo kommun och Polisen."),
        ("paragraph", "Fotograf: Anna Lind"),
        ("paragraph", "Samverkansöverenskommelse 2024–2027 (PDF) Pdf, 1.3 MB, öppnas i nytt fönster."),
    )
    result = classify(doc)
    assert result.doc_type == "annat" and "nyhet" in result.cue


def test_short_agreement_that_mentions_its_signing_stays_an_agreement():
    doc = build(
        ("heading", "Samverkansöverenskommelse"),
        ("paragraph", "Björkviks kommun och lokalpolisområde Björkvik har tecknat denna överenskommelse. "
                      "Den gäller tills vidare."),
    )
    assert classify(doc).doc_type == "samverkansoverenskommelse"


def test_subtitle_under_a_slogan_title_decides():
    doc = build(("heading", "Ett centrum för alla"),
                ("paragraph", "Medborgarlöfte för Ängsby, 1 april 2023–31 mars 2024"),
                ("paragraph", "Löftet utgår från problembilden i samverkansöverenskommelsen för 2023–2026. " + BODY))
    assert classify(doc).doc_type == "medborgarlofte"


def test_body_mentions_never_outweigh_the_title():
    many = "Enligt samverkansöverenskommelsen ska parterna samverka. " * 40
    doc = build(("heading", "Verksamhetsplan för Brottsförebyggande rådet i Arboga"), ("paragraph", BODY + many))
    assert classify(doc).doc_type == "strategi_program"


def test_no_cue_gives_annat_with_low_confidence():
    result = classify(build(("paragraph", BODY)))
    assert result.doc_type == "annat"
    assert result.confidence < 0.5


def test_title_from_file_properties_counts_as_title():
    doc = build(("paragraph", BODY), metadata={"title": "Medborgarlöfte Kvarnholm 2021"})
    result = classify(doc)
    assert result.doc_type == "medborgarlofte"
    assert result.cue == "rubriken 'Medborgarlöfte Kvarnholm 2021'"


def test_clear_title_gives_higher_confidence_than_a_passing_mention():
    clear = classify(build(("heading", "Samverkansöverenskommelse 2021–2023"), ("paragraph", BODY)))
    vague = classify(build(("paragraph", BODY + " Vi har ett samverkansavtal med polisen.")))
    assert clear.confidence > vague.confidence


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Projektplan för pilotprojekt lokala medborgarlöften", "annat"),
        ("Uppföljning av medborgarlöften 2021", "annat"),
        ("Trygg i Göteborg överenskommelser om samverkan mellan Göteborgs Stad och polisen", "samverkansoverenskommelse"),
        ("Plan för brottsförebyggande åtgärder i Tingsryds kommun", "strategi_program"),
        ("Strategi och handlingsplan mot våldsbejakande extremism", "strategi_program"),
    ],
)
def test_the_first_cue_of_a_title_names_the_document(title, expected):
    assert classify(build(("heading", title), ("paragraph", BODY))).doc_type == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Etgirdsplan 2021", "atgardsplan"), ("Utvdrdering av trygghetsprojektet", "annat"),
     ("Handlingsplan mot véldsbejakande extremism", "strategi_program")],
)
def test_ocr_damaged_titles(title, expected):
    assert classify(build(("heading", title), ("paragraph", BODY))).doc_type == expected
