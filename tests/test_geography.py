import csv
from collections import Counter
from importlib import resources

import pytest

from auditor import geography
from auditor.document import FoldedText

LAN_COUNTS = {
    "Stockholms län": 26, "Uppsala län": 8, "Södermanlands län": 9, "Östergötlands län": 13,
    "Jönköpings län": 13, "Kronobergs län": 8, "Kalmar län": 12, "Gotlands län": 1, "Blekinge län": 5,
    "Skåne län": 33, "Hallands län": 6, "Västra Götalands län": 49, "Värmlands län": 16, "Örebro län": 12,
    "Västmanlands län": 10, "Dalarnas län": 15, "Gävleborgs län": 10, "Västernorrlands län": 7,
    "Jämtlands län": 8, "Västerbottens län": 15, "Norrbottens län": 14,
}
SKANE = (
    "Bjuv, Bromölla, Burlöv, Båstad, Eslöv, Helsingborg, Hässleholm, Höganäs, Hörby, Höör, Klippan, "
    "Kristianstad, Kävlinge, Landskrona, Lomma, Lund, Malmö, Osby, Perstorp, Simrishamn, Sjöbo, Skurup, "
    "Staffanstorp, Svalöv, Svedala, Tomelilla, Trelleborg, Vellinge, Ystad, Åstorp, Ängelholm, "
    "Örkelljunga, Östra Göinge"
).split(", ")


@pytest.fixture(scope="module")
def rows():
    with resources.files("auditor").joinpath("data/kommuner.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_has_all_290_kommuner_in_21_lan(rows):
    assert len(rows) == 290
    assert Counter(row["lan"] for row in rows) == LAN_COUNTS
    assert len({row["kommun"] for row in rows}) == 290
    assert len({row["kommunkod"] for row in rows}) == 290


def test_kommunkod_is_four_digits_and_shares_the_lan_prefix(rows):
    prefixes: dict[str, set[str]] = {}
    for row in rows:
        assert len(row["kommunkod"]) == 4 and row["kommunkod"].isdigit(), row
        prefixes.setdefault(row["lan"], set()).add(row["kommunkod"][:2])
    assert all(len(codes) == 1 for codes in prefixes.values())
    assert {r["kommun"]: r["kommunkod"] for r in rows}["Malmö"] == "1280"
    assert {r["kommun"]: r["kommunkod"] for r in rows}["Stockholm"] == "0180"


def test_skane_matches_the_domain_list(rows):
    assert sorted(r["kommun"] for r in rows if r["lan"] == "Skåne län") == sorted(SKANE)


@pytest.mark.parametrize(
    ("written", "kommun"),
    [
        ("Höörs", "Höör"), ("H66r", "Höör"), ("hoor", "Höör"), ("Falu", "Falun"), ("Region Gotland", "Gotland"),
        ("Upplands Bro", "Upplands-Bro"), ("upplands väsby", "Upplands Väsby"), ("Malung-Sälens", "Malung-Sälen"),
        ("Borås", "Borås"), ("Vännäs", "Vännäs"), ("Degerfors", "Degerfors"), ("Lunds", "Lund"),
    ],
)
def test_canonical_accepts_genitive_ocr_and_variant_forms(written, kommun):
    assert geography.canonical(written) == kommun


def test_lan_of():
    assert geography.lan_of("Malmö") == "Skåne län"
    assert geography.lan_of("Hässleholms") == "Skåne län"
    assert geography.lan_of("Dals-Ed") == "Västra Götalands län"
    assert geography.lan_of("Atlantis") is None


def mentions(text: str) -> list[tuple[str, bool]]:
    return [(m.kommun, m.strong) for m in geography.find_kommun_mentions(FoldedText.of(text))]


def test_mentions_with_genitive_stad_and_ocr_damage():
    text = "Överenskommelse mellan Höörs kommun och Malmö stad. Även H66r kommun och Hiissleholm deltar."
    assert mentions(text) == [("Höör", True), ("Malmö", True), ("Höör", True), ("Hässleholm", False)]


def test_common_words_are_not_kommuner_without_context():
    text = "Vi ska vara tydliga och ange källan. Mark och vatten. Det kan vinnas mycket."
    assert mentions(text) == []
    assert mentions("Samverkan i Vara kommun och kommunen i Mark.") == [("Vara", True), ("Mark", True)]
    assert mentions("Polisen i Lund och i Boden arbetar.") == [("Lund", False), ("Boden", False)]


def test_ambiguous_name_opening_a_title_with_a_dash():
    assert mentions("Malå – medborgarlöften\n\nMedborgarlöfte 2024") == [("Malå", False)]
    assert mentions("mora - en fråga") == []


def test_twins_after_folding_are_told_apart_by_spelling():
    assert mentions("Håbo kommun och Habo kommun") == [("Håbo", True), ("Habo", True)]


def test_plain_folded_string_input():
    assert [m.kommun for m in geography.find_kommun_mentions("samverkan i hassleholms kommun")] == ["Hässleholm"]


def test_register_fictitious_kommun():
    assert all(k.kommunkod for k in geography.kommuner()[:290])
    kommun = geography.register_kommun("Björkvik", "Mellanskogs län")
    assert kommun.kommunkod is None
    assert geography.register_kommun("Björkvik", "Mellanskogs län") == kommun  # idempotent
    assert geography.lan_of("Björkviks") == "Mellanskogs län"
    assert mentions("Björkviks kommun och lokalpolisområde Björkvik") == [("Björkvik", True), ("Björkvik", False)]
    assert sum(k.name == "Björkvik" for k in geography.kommuner()) == 1


def test_registering_makes_an_unknown_name_known_at_once():
    assert geography.lan_of("Ödebyn") is None
    assert mentions("Ödebyns kommun") == []
    geography.register_kommun("Ödebyn", "Provlän")
    assert geography.lan_of("Ödebyns") == "Provlän"
    assert mentions("Ödebyns kommun och 6debyn") == [("Ödebyn", True), ("Ödebyn", False)]


def test_ocr_pattern_accepts_damaged_and_clean_spellings():
    import re

    pattern = re.compile(geography.ocr_pattern("åtgärdsplan"))
    assert all(pattern.fullmatch(form) for form in ("atgardsplan", "etgirdsplan", "atgeirdsplan"))
    assert not pattern.fullmatch("utgardsplan")
