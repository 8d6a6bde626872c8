"""The outline the parsers hand to the rules, on full-length documents written blind (corpus_blind/):
page furniture and tables of contents out of the text, chapters and sections at their numbered levels."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.parsers import parse, parse_bytes

BLIND = Path(__file__).resolve().parent.parent / "corpus_blind" / "files"


def headings(document) -> list[tuple[str, int | None]]:
    return [(block.text, block.level) for block in document.blocks if block.kind == "heading"]


def test_a_text_export_loses_its_page_furniture_and_keeps_its_pages():
    document = parse(BLIND / "tornvik_so_2024.txt")
    assert document.pages == 18
    assert "Sida 3 av 18" not in document.text
    assert document.text.count("Tornviks kommun · Tillsammans för ett tryggare Tornvik 2024–2026") == 0
    assert "Sida 9 av 18" in document.headers_footers  # one of each shape, for the user to see
    pages = [block.page for block in document.blocks]
    assert pages == sorted(pages) and pages[-1] == 18


def test_a_text_exports_numbered_chapters_are_headings_above_their_sections():
    outline = headings(parse(BLIND / "tornvik_so_2024.txt"))
    chapter = outline.index(("1. Inledning", 1))
    assert outline[chapter + 1] == ("1.1 Dokumentets disposition", 2)
    assert ("2. Bakgrund", 1) in outline


@pytest.mark.parametrize(("name", "first_chapter"), [
    ("tornvik_so_2024.txt", "1. Inledning"),  # entries with dot leaders and page numbers
    ("ekebro_so_2023.docx", "1 Inledning"),  # the entries joined into one paragraph
    ("sundmark_so_2024.pdf", "1 Inledning"),
])
def test_the_table_of_contents_is_not_part_of_the_text(name, first_chapter):
    document = parse(BLIND / name)
    assert "Innehåll" not in [block.text for block in document.blocks]
    assert document.text.count("Inledning") == document.text.count(first_chapter)  # only the chapter itself
    assert first_chapter in [text for text, _ in headings(document)]


def test_numbered_pdf_headings_nest_by_their_numbers_not_their_font_size():
    outline = dict(headings(parse(BLIND / "odmarken_so_2022.pdf")))
    assert outline["1. Inledning"] == outline["5. Orsaksanalys"] < outline["4.7 Prioriterade problem"]
    assert outline["Fokusområde 1 – Trygg centrummiljö kvällstid"] > outline["6. Fokusområden, mål och åtgärder"]


def test_a_pasted_draft_with_markdown_headings_keeps_their_levels():
    draft = "# Överenskommelse\n\n## 1 Syfte\n\nSyftet är att minska inbrotten.\n\n## 2 Mål\n\nFärre inbrott.\n"
    assert headings(parse_bytes(draft.encode(), "utkast.txt")) == [
        ("Överenskommelse", 1), ("1 Syfte", 2), ("2 Mål", 2)]


def test_a_text_exports_space_padded_tables_become_rows_with_cells():
    rows = [block.cells for block in parse(BLIND / "norrvalla_so_2022.txt").blocks if block.kind == "table_row"]
    assert ("Bostadsinbrott", "22", "17", "15") in rows  # one line per row
    assert ("Åtgärd", "Ansvarig", "När", "Uppföljning") in rows
    # rows separated by blank lines, each cell's wrapped lines joined
    assert ("Fotpatrull centrum fre–lör 21–01", "Gruppchef ingripande, polisen", "Från april 2022",
            "Antal pass, halvår") in rows
    assert not any(block.kind == "heading" and "Bostadsinbrott" in block.text
                   for block in parse(BLIND / "norrvalla_so_2022.txt").blocks)


def test_prose_with_double_spaces_is_no_table():
    draft = ("Kommunen och polisen  har kommit överens om  att samarbeta.\n"
             "Arbetet följs upp  varje år  av styrgruppen.\n")
    assert [b.kind for b in parse_bytes(draft.encode(), "utkast.txt").blocks] == ["paragraph"]


def test_a_pdf_paragraph_cut_by_a_column_break_is_one_paragraph_again():
    document = parse(BLIND / "vallby_so_2025.pdf")  # two columns; §8's sentence breaks after "från och med"
    validity = next(b for b in document.blocks if b.text.startswith("Överenskommelsen gäller från och med"))
    assert validity.text.startswith("Överenskommelsen gäller från och med undertecknandet till och med den 31 december 2027.")
    # a paragraph that ends its sentence stays apart from the next one, even one starting in lower case
    assert all(not (a.kind == b.kind == "paragraph" and b.text[:1].islower() and not a.text.endswith((".", ":")))
               for a, b in zip(document.blocks, document.blocks[1:]))


def test_a_scanned_list_that_lost_its_bullets_is_a_list_under_its_lead_in():
    document = parse(BLIND / "asmora_so_2018.pdf")  # a 200 dpi scan: the bullets under the lead-in are gone
    start = next(i for i, b in enumerate(document.blocks) if b.text.endswith("gemensamt arbeta för att:"))
    items = document.blocks[start + 1:start + 8]
    assert [b.kind for b in items] == ["list_item"] * 7
    assert items[0].text == "minska brottsligheten i kommunen"
    assert items[4].text == "motverka våld i nära relationer"  # set larger by the scan's noise, still an item
    assert document.blocks[start + 8].text == "Ansvar" and document.blocks[start + 8].kind == "heading"


@pytest.mark.parametrize(("name", "title"), [
    ("sundmark_so_2024.pdf", "Samverkansöverenskommelse mellan Sundmarks kommun och lokalpolisområde Sundmark 2024–2027"),
    ("ljungsater_uppfoljning_2024.pdf", "Uppföljning av samverkansöverenskommelsen 2023"),  # its year alone on line two
])
def test_a_title_wrapped_over_several_lines_is_one_heading(name, title):
    outline = headings(parse(BLIND / name))
    assert outline[0] == (title, 1)
    assert outline[1][1] == 2  # the chapters below it, not a second title


def test_a_scanned_list_items_wrapped_line_stays_with_its_item():
    document = parse(BLIND / "hjortsjo_so_2023.pdf")  # a 200 dpi scan with noise: wrapped bullets come apart
    items = [b.text for b in document.blocks if b.kind == "list_item"]
    camera = next(t for t in items if t.startswith("Ansökan om kamerabevakning"))  # its first line ends in "samt"
    assert "samt samordning med Polisens bevakningscentral" in camera and camera.endswith(")")
    # "+»" was its bullet; its line "(ansvar: socialförvaltningen, …", read as a heading, is part of it
    serving = next(t for t in items if t.startswith("Arbete med ansvarsfull alkoholservering"))
    assert "(ansvar: socialförvaltningen" in serving
