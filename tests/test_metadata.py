import pytest

from auditor import geography
from auditor.analysis.metadata import extract
from auditor.document import Document, DocumentBuilder


def build(*blocks, metadata=None, headers=()) -> Document:
    """Blocks as (kind, text) or (kind, text, page); headings are level 1."""
    builder = DocumentBuilder()
    for kind, text, *page in blocks:
        builder.add(kind, text, page[0] if page else 1, level=1 if kind == "heading" else None)
    pages = max((b.page or 1 for b in builder.blocks), default=1)
    return Document("test.pdf", "0" * 64, "pdf", pages, builder.text, builder.blocks,
                    metadata=metadata or {}, headers_footers=list(headers))


AGREEMENT = build(
    ("paragraph", "Dnr KS 2020/0412", 1),
    ("heading", "Samverkansöverenskommelse mellan Höörs kommun och lokalpolisområde Mellersta Skåne", 1),
    ("paragraph", "Överenskommelsen gäller för perioden 2021-01-01 -- 2023-12-31 och har antagits av "
                  "kommunstyrelsen 2020-12-03. Den ersätter överenskommelsen för 2017–2019.", 1),
    ("paragraph", "Lunds kommun och Malmö stad har liknande överenskommelser. Lokalpolisområdet ansvarar "
                  "för att lägesbilden tas fram.", 2),
    ("heading", "Underskrifter", 3),
    ("paragraph", "Höör den 12 december 2020", 3),
    ("paragraph", "Anna Andersson, kommunstyrelsens ordförande", 3),
    ("paragraph", "Per Persson\nLokalpolisområdeschef", 3),
)


def test_agreement_metadata():
    meta = extract(AGREEMENT)
    assert meta.title == "Samverkansöverenskommelse mellan Höörs kommun och lokalpolisområde Mellersta Skåne"
    assert meta.kommun == "Höör"
    assert meta.lokalpolisomrade == "Mellersta Skåne"
    assert meta.period == {"from": 2021, "to": 2023, "text": "2021-01-01 -- 2023-12-31"}
    assert meta.adoption_date == "2020-12-03"
    assert meta.signatories == [
        {"name": "Anna Andersson", "role": "kommunstyrelsens ordförande"},
        {"name": "Per Persson", "role": "lokalpolisområdeschef"},
    ]


def test_a_signatory_named_like_a_kommun_does_not_name_the_kommun():
    doc = build(
        ("heading", "Samverkansöverenskommelse mellan Norrtuna kommun och lokalpolisområde Norrtuna", 1),
        ("paragraph", "Anna Berg har lett arbetsgruppen. Frågor besvaras av Anna Berg.", 2),
        ("heading", "Underskrifter", 3),
        ("paragraph", "Anna Berg, kommunstyrelsens ordförande", 3),
        ("paragraph", "Per Lund, lokalpolisområdeschef", 3),
    )
    meta = extract(doc)
    assert meta.kommun == "Norrtuna"
    assert {"name": "Anna Berg", "role": "kommunstyrelsens ordförande"} in meta.signatories


def test_the_kommun_in_the_title_outweighs_neighbours_on_the_first_page():
    doc = build(
        ("heading", "Medborgarlöfte för Höörs kommun 2024", 1),
        ("paragraph", "Höör ligger mellan Lunds kommun och Eslövs kommun. Många pendlar till Lunds kommun, och "
                      "Lunds kommun har ett liknande löfte.", 1),
        ("paragraph", "Polisen lovar att vara mer synlig vid stationen på fredagskvällar.", 2),
    )
    meta = extract(doc)
    assert meta.kommun == "Höör" and meta.sources["kommun"] == "titeln"


def test_police_area_named_after_another_kommun_is_not_the_party():
    doc = build(("heading", "Samverkansöverenskommelse mellan Lokalpolisområde Alingsås och Vårgårda kommun"))
    meta = extract(doc)
    assert meta.kommun == "Vårgårda"
    assert meta.lokalpolisomrade == "Alingsås"


def test_ocr_damaged_kommun_and_spelled_out_period():
    doc = build(
        ("heading", "SAMVERKANS6VERENSKOMMELSE"),
        ("paragraph", "mellan H66rs kommun och LPO Eslöv. Gäller från 1 januari 2020 till 31 december 2022."),
    )
    meta = extract(doc)
    assert meta.kommun == "Höör"
    assert meta.lokalpolisomrade == "Eslöv"
    assert (meta.period["from"], meta.period["to"]) == (2020, 2022)
    assert meta.period["text"] == "från 1 januari 2020 till 31 december 2022"


def test_kommunen_i_form_and_stad():
    assert extract(build(("paragraph", "Arbetet i kommunen i Höganäs leds av en styrgrupp."))).kommun == "Höganäs"
    assert extract(build(("heading", "Trygg i Göteborg"), ("paragraph", "Göteborgs Stad och polisen."))).kommun == "Göteborg"


@pytest.mark.parametrize(
    ("written", "expected"),
    [("Björkviks kommun", "Björkvik"), ("Granbackas kommun", "Granbacka"), ("Bergnäs kommun", "Bergnäs"),
     ("Borås Stad", "Borås"), ("Strängnäs kommun", "Strängnäs"), ("Hagfors kommun", "Hagfors")],
)
def test_genitive_s_is_stripped_only_when_it_is_a_genitive(written, expected):
    doc = build(("heading", "Medborgarlöfte"), ("paragraph", f"Ett löfte från {written} och polisen."))
    assert extract(doc).kommun == expected


def test_registered_fictitious_kommun_is_found_without_kommun_word():
    geography.register_kommun("Stensjö", "Mellanskogs län")
    doc = build(("heading", "Medborgarlöfte för Stensjö 2022"), ("paragraph", "Polisen lovar att synas mer."))
    meta = extract(doc)
    assert meta.kommun == "Stensjö"
    assert meta.period == {"from": 2022, "to": 2022, "text": "Medborgarlöfte för Stensjö 2022"}


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Överenskommelsen gäller 2020–2023.", (2020, 2023)),
        ("Överenskommelsen avser åren 2022-2024 och följs upp årligen.", (2022, 2024)),
        ("Löftet gäller 2022.", (2022, 2022)),
        ("Medborgarlöfte 2021 för centrum.", (2021, 2021)),
        ("Löftet gäller från den 1 januari till den 31 december 2022.", (2022, 2022)),
        ("Projektet pågick september 2019–juni 2021.", (2019, 2021)),
        ("Överenskommelsen gäller tills vidare.", (None, None)),
    ],
)
def test_period_forms(text, period):
    meta = extract(build(("paragraph", text)))
    assert (meta.period["from"], meta.period["to"]) == period
    assert meta.period["text"]


def test_period_prefers_the_stated_validity_over_other_years():
    doc = build(
        ("paragraph", "Lägesbilden bygger på statistik för 2015–2019 och trygghetsmätningen 2019."),
        ("paragraph", "Överenskommelsen gäller under tiden 1 januari 2020 till 31 december 2021."),
    )
    assert (extract(doc).period["from"], extract(doc).period["to"]) == (2020, 2021)


def test_no_period_and_dates_that_are_not_periods():
    doc = build(("paragraph", "Styrgruppen träffades 2020-03-12 och i budgeten för 2021 finns medel."))
    assert extract(doc).period == {"from": None, "to": None, "text": None}


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Antagen av kommunstyrelsen 2020-03-12, § 45.", "2020-03-12"),
        ("Beslutad i kommunfullmäktige den 5 maj 2019.", "2019-05-05"),
        ("Överenskommelsen undertecknad den 12 mars 2020.", "2020-03-12"),
        ("Datum: 2021-03-09", "2021-03-09"),
        ("Tallmo den 23 april 2019", "2019-04-23"),
    ],
)
def test_adoption_date(text, date):
    assert extract(build(("paragraph", text))).adoption_date == date


def test_validity_line_is_not_a_signing_date():
    assert extract(build(("paragraph", "Gäller från 1 mars 2018 till 28 februari 2019"))).adoption_date is None


def test_signature_table_names_above_roles():
    doc = build(("heading", "Underskrifter"))
    builder = DocumentBuilder()
    builder.add("heading", "Underskrifter", 1, level=1)
    builder.add("table_row", "Karin Holm | Mikael Ek", 1, cells=("Karin Holm", "Mikael Ek"))
    builder.add("table_row", "Kommundirektör | Lokalpolisområdeschef", 1,
                cells=("Kommundirektör", "Lokalpolisområdeschef"))
    doc = Document("t.pdf", "0", "pdf", 1, builder.text, builder.blocks)
    assert extract(doc).signatories == [
        {"name": "Karin Holm", "role": "kommundirektör"},
        {"name": "Mikael Ek", "role": "lokalpolisområdeschef"},
    ]


def test_roles_in_running_prose_are_not_signatories():
    doc = build(
        ("paragraph", "I tisdags skrev kommunstyrelsens ordförande Stina Grahn och lokalpolisområdeschef "
                      "Karolina Eriksson under en ny samverkansöverenskommelse mellan Tallmo kommun och polisen."),
        ("paragraph", "Kommunpolisen ansvarar för trafikkontrollerna."),
    )
    assert extract(doc).signatories == []


def test_role_before_name_and_ocr_role():
    doc = build(("paragraph", "Kommunpolis Erik Lund"), ("paragraph", "Maria Berg\nKommunstyrelsens ordférande"))
    assert extract(doc).signatories == [
        {"name": "Erik Lund", "role": "kommunpolis"},
        {"name": "Maria Berg", "role": "kommunstyrelsens ordförande"},
    ]


def test_title_from_file_properties_unless_it_is_a_file_name():
    body = (("paragraph", "Exempeldokument – fiktivt"), ("heading", "Medborgarlöfte 2021"))
    assert extract(build(*body, metadata={"title": "Medborgarlöfte Åkerby 2021"})).title == "Medborgarlöfte Åkerby 2021"
    assert extract(build(*body, metadata={"title": "Microsoft Word - ml2021.docx"})).title == "Medborgarlöfte 2021"
    assert extract(build(*body, metadata={"title": "Mall för styrdokument"})).title == "Medborgarlöfte 2021"
    assert extract(build(("paragraph", "Exempeldokument – fiktivt"), ("paragraph", "Ny överenskommelse i Tallmo"))).title \
        == "Ny överenskommelse i Tallmo"


def test_kommun_from_running_header_when_the_text_names_none():
    doc = build(("heading", "Aktivitetsplan 2022"), ("paragraph", "Planen avser kalenderåret 2022."),
                headers=["Eslövs kommun · Aktivitetsplan 2022"])
    assert extract(doc).kommun == "Eslöv"


def test_empty_document():
    meta = extract(build())
    assert (meta.kommun, meta.title, meta.adoption_date, meta.signatories) == (None, None, None, [])


def test_police_area_named_before_the_word_and_not_across_blocks():
    doc = build(("heading", "Samverkansöverenskommelse mellan Hässleholms kommun och Hässleholms lokalpolisområde"),
                ("paragraph", "Sveriges Kommuner och Regioner har tagit fram stöd."))
    meta = extract(doc)
    assert (meta.kommun, meta.lokalpolisomrade) == ("Hässleholm", "Hässleholm")


def test_page_number_is_not_a_title():
    assert extract(build(("paragraph", "1"), ("paragraph", "Hur kan arbetet organiseras i en kommun?"))).title \
        == "Hur kan arbetet organiseras i en kommun?"


def test_signature_block_joined_into_one_paragraph_by_pdf_extraction():
    doc = build(
        ("heading", "Uppföljning"),
        ("paragraph", "Löftet följs upp vid årets slut. Kvarnholm i februari 2019 Gunilla Näslund (C), kommunstyrelsens "
                      "ordförande Stefan Lind, lokalpolisområdeschef"),
    )
    assert extract(doc).signatories == [
        {"name": "Gunilla Näslund", "role": "kommunstyrelsens ordförande"},
        {"name": "Stefan Lind", "role": "lokalpolisområdeschef"},
    ]


def test_news_quote_with_role_is_not_a_signature():
    doc = build(("paragraph", "Nu får vi en tydligare gemensam riktning för hela kommunen och alla som bor här, "
                              "säger Stina Grahn, kommunstyrelsens ordförande i Tallmo."))
    assert extract(doc).signatories == []


def test_party_line_before_the_name():
    doc = build(("paragraph", "För Åkerby kommun: Birgitta Sundberg, Kommunstyrelsens ordförande"),
                ("paragraph", "För lokalpolisområde Åkerby: Johan Wikström, Lokalpolisområdeschef"))
    assert [s["name"] for s in extract(doc).signatories] == ["Birgitta Sundberg", "Johan Wikström"]


def test_signing_place_and_date_inside_running_text():
    doc = build(("paragraph", "Överenskommelsen följs upp årligen. Eksjö den 24 januari 2017 Karin Holm "
                              "Kommunstyrelsens ordförande"))
    meta = extract(doc)
    assert meta.adoption_date == "2017-01-24"
    assert meta.signatories == [{"name": "Karin Holm", "role": "kommunstyrelsens ordförande"}]


def test_signing_place_may_be_the_documents_own_unlisted_kommun():
    doc = build(("heading", "Samverkansöverenskommelse mellan Lindås kommun och polisen"),
                ("paragraph", "Lindås 2018-04-05 Gunilla Näslund, kommunstyrelsens ordförande"))
    meta = extract(doc)
    assert (meta.kommun, meta.adoption_date) == ("Lindås", "2018-04-05")


def test_open_ended_period_is_no_period_but_its_text_keeps_the_start():
    meta = extract(build(("paragraph", "Överenskommelsen gäller från och med den 1 maj 2019 och tills vidare.")))
    assert meta.period == {"from": None, "to": None, "text": "från och med den 1 maj 2019 och tills vidare"}


def test_police_area_with_a_district_word():
    assert extract(build(("paragraph", "Parterna är Malmö stad och lokalpolisområde Malmö Norr."))).lokalpolisomrade \
        == "Malmö Norr"
