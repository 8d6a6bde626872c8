import pypdfium2 as pdfium
import pytest
from parse_support import assert_offsets

from auditor.parsers import parse, parse_bytes
from auditor.parsers.lines import join_lines


@pytest.fixture(scope="module")
def pdf_doc(rendered):
    return parse(rendered("pdf", hyphenate=True))


def test_format_pages_and_metadata(pdf_doc):
    assert pdf_doc.format == "pdf"
    assert pdf_doc.pages == 3
    assert pdf_doc.metadata["title"].startswith("Samverkansöverenskommelse mellan Björkviks kommun")
    assert pdf_doc.metadata["author"] == "Kommunledningskontoret"
    assert pdf_doc.metadata["created"] == "2020-03-12T12:00:00"
    assert len(pdf_doc.sha256) == 64
    assert_offsets(pdf_doc)


def test_headings_with_levels_and_pages(pdf_doc):
    headings = [(b.text, b.level, b.page) for b in pdf_doc.blocks if b.kind == "heading"]
    assert headings == [
        ("Samverkansöverenskommelse", 1, 1),
        ("1 Bakgrund", 2, 1),
        ("2 Prioriterade fokusområden", 2, 1),
        ("2.1 Åtgärdsplan", 3, 1),
        ("3 Uppföljning", 2, 3),
    ]


def test_ruled_table_becomes_rows_with_cells(pdf_doc):
    rows = [b for b in pdf_doc.blocks if b.kind == "table_row"]
    assert [b.cells for b in rows] == [
        ("Åtgärd", "Ansvarig", "När"),
        ("Trygghetsvandring i centrum", "Kommunens trygghetssamordnare", "April 2020"),
        ("Föräldravandring", "Polisen", "Varje fredag"),
    ]
    assert rows[1].text == "Trygghetsvandring i centrum | Kommunens trygghetssamordnare | April 2020"
    # the table sits between the heading above it and the paragraph below it
    index = pdf_doc.blocks.index(rows[0])
    assert pdf_doc.blocks[index - 1].text == "2.1 Åtgärdsplan"
    assert pdf_doc.blocks[index + 3].kind == "paragraph"


def test_list_items(pdf_doc):
    items = [b.text for b in pdf_doc.blocks if b.kind == "list_item"]
    assert items == [
        "Trygghet i centrum kvällstid, särskilt kring resecentrum",
        "Ungdomars bruk av narkotika",
        "Bostadsinbrott i villaområden",
    ]


def test_running_header_and_page_numbers_are_set_aside(pdf_doc):
    assert pdf_doc.headers_footers == ["Björkviks kommun · Samverkansöverenskommelse 2020–2023"]
    assert "Björkviks kommun · Samverkansöverenskommelse" not in pdf_doc.text
    assert "Sida " not in pdf_doc.text


def test_wrapped_lines_join_into_paragraphs_and_hyphenation_is_undone(rendered, pdf_doc):
    path = rendered("pdf", hyphenate=True)
    raw = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(str(path)))
    assert "\ufffe" in raw or "-\r\n" in raw  # the fixture really does break words at line ends
    paragraphs = [b for b in pdf_doc.blocks if b.kind == "paragraph"]
    first = next(b for b in paragraphs if b.text.startswith("Det brottsförebyggande"))
    assert first.text.count("Samverkansöverenskommelsen följs upp av styrgruppen") == 3
    assert "\n" not in first.text
    for word in ("brottsförebyggande", "medborgardialoger", "trygghetsmätningens", "bostadsområdena"):
        assert pdf_doc.text.count(word) >= 8, word
    assert "\ufffe" not in pdf_doc.text and "- " not in pdf_doc.text.replace("– ", "")


def test_paragraph_continues_over_a_page_break(pdf_doc):
    page2 = [b for b in pdf_doc.blocks if b.page == 2]
    # every page-2 block starts a sentence: the tail of page 1's paragraph was joined to it
    assert all(b.text[0].isupper() for b in page2)


def test_join_lines_keeps_real_hyphens():
    assert join_lines(["det brottsföre-", "byggande arbetet"]) == "det brottsförebyggande arbetet"
    assert join_lines(["kommun-", "och polisföreträdare"]) == "kommun- och polisföreträdare"
    assert join_lines(["enligt FN-", "konventionen"]) == "enligt FN-konventionen"
    assert join_lines(["åren 2019-", "2021"]) == "åren 2019-2021"
    assert join_lines(["medborgar\ufffe", "löfte"]) == "medborgarlöfte"


def test_unhyphenated_render_has_same_text(rendered, pdf_doc):
    plain = parse(rendered("pdf"))
    assert plain.text == pdf_doc.text


def test_uploaded_bytes_parse_like_the_file(rendered, pdf_doc):
    path = rendered("pdf", hyphenate=True)
    uploaded = parse_bytes(path.read_bytes(), "utkast.pdf")
    assert uploaded.path == "utkast.pdf"
    assert uploaded.text == pdf_doc.text and uploaded.sha256 == pdf_doc.sha256
