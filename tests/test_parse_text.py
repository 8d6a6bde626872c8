from parse_support import assert_offsets

from auditor.parsers import parse, parse_bytes


def test_markdown_draft(rendered):
    parsed = parse(rendered("txt"))
    assert parsed.format == "txt" and parsed.pages is None
    headings = [(b.text, b.level) for b in parsed.blocks if b.kind == "heading"]
    assert headings[:2] == [("Samverkansöverenskommelse", 1), ("1 Bakgrund", 2)]
    assert ("2.1 Åtgärdsplan", 3) in headings
    rows = [b.cells for b in parsed.blocks if b.kind == "table_row"]
    assert rows[0] == ("Åtgärd", "Ansvarig", "När") and len(rows) == 3
    assert [b.text for b in parsed.blocks if b.kind == "list_item"][-1] == "Bostadsinbrott i villaområden"
    assert all(b.page is None for b in parsed.blocks)
    assert_offsets(parsed)


def test_plain_paragraphs_join_wrapped_lines():
    data = (
        "Medborgarlöfte för Åkerby 2021\n\nPolisen och kommunen lovar att\n"
        "genomföra trygghetsvandringar.\n\n  \nUppföljning sker tertialvis.\n"
    ).encode()
    parsed = parse_bytes(data, "utkast.txt")
    assert parsed.path == "utkast.txt"
    assert [(b.kind, b.text) for b in parsed.blocks] == [
        ("heading", "Medborgarlöfte för Åkerby 2021"),
        ("paragraph", "Polisen och kommunen lovar att genomföra trygghetsvandringar."),
        ("paragraph", "Uppföljning sker tertialvis."),
    ]
    assert_offsets(parsed)


def test_pasted_draft_headings_are_lines_that_stand_alone():
    data = (
        "Samverkansöverenskommelse Hörby 2024–2026\n\nBakgrund\n\nKommunen och polisen samverkar.\n\n"
        "3.2 Uppföljning\n\nVi lovar att:\n\nkommunen och polisen\nmöts varje månad\n\n"
        "Uppföljningen görs av styrgruppen varje tertial och redovisas för kommunstyrelsen i en rapport\n"
    ).encode()
    parsed = parse_bytes(data, "utkast.txt")
    assert [(b.kind, b.level, b.text) for b in parsed.blocks] == [
        ("heading", 1, "Samverkansöverenskommelse Hörby 2024–2026"),
        ("heading", 2, "Bakgrund"),
        ("paragraph", None, "Kommunen och polisen samverkar."),
        ("heading", 2, "3.2 Uppföljning"),
        ("paragraph", None, "Vi lovar att:"),  # ends in a colon: it introduces what follows
        ("paragraph", None, "kommunen och polisen möts varje månad"),  # two lines, lower case
        ("paragraph", None, "Uppföljningen görs av styrgruppen varje tertial och redovisas för kommunstyrelsen i en rapport"),
    ]
    assert_offsets(parsed)


def test_cp1252_text_is_read_with_a_warning():
    data = "Lägesbild för Östan: många bostadsinbrott i Ängsby.\n".encode("cp1252")
    parsed = parse_bytes(data, "lagesbild.txt")
    assert parsed.text == "Lägesbild för Östan: många bostadsinbrott i Ängsby."
    assert "Windows-1252" in parsed.warnings[0]


def test_utf8_bom_is_dropped():
    parsed = parse_bytes("\ufeffÖverenskommelse om samverkan".encode(), "a.md")
    assert parsed.text == "Överenskommelse om samverkan" and not parsed.warnings


def test_folding_maps_evidence_back_to_the_original():
    data = "Uppföljning av eﬀekter och brotts\u00adförebyggande arbete i ÅKERBY.".encode()
    parsed = parse_bytes(data, "a.txt")
    folded = parsed.folded
    assert "effekter" in folded.text and "brottsforebyggande" in folded.text
    start = folded.text.index("effekter och brottsforebyggande")
    quote = folded.quote(start, start + len("effekter och brottsforebyggande"))
    assert quote == "eﬀekter och brotts\u00adförebyggande"
    start = folded.text.index("akerby")
    assert folded.quote(start, start + 6) == "ÅKERBY"
