import docx
import pytest
from parse_support import assert_offsets

from auditor.parsers import parse


@pytest.fixture(scope="module")
def docx_path(rendered):
    return rendered("docx")


@pytest.fixture(scope="module")
def docx_doc(docx_path):
    return parse(docx_path)


def test_fixture_uses_swedish_heading_styles(docx_path):
    styles = {p.style.name for p in docx.Document(str(docx_path)).paragraphs}
    assert {"Rubrik 1", "Rubrik 2", "Rubrik 3"} <= styles


def test_headings_from_swedish_styles(docx_doc):
    headings = [(b.text, b.level) for b in docx_doc.blocks if b.kind == "heading"]
    assert headings == [
        ("Samverkansöverenskommelse", 1),
        ("1 Bakgrund", 2),
        ("2 Prioriterade fokusområden", 2),
        ("2.1 Åtgärdsplan", 3),
        ("3 Uppföljning", 2),
    ]
    assert docx_doc.format == "docx"
    assert_offsets(docx_doc)


def test_body_order_lists_and_table(docx_doc):
    kinds = [b.kind for b in docx_doc.blocks]
    first_row = kinds.index("table_row")
    assert docx_doc.blocks[first_row - 1].text == "2.1 Åtgärdsplan"
    assert kinds[first_row:first_row + 4] == ["table_row"] * 3 + ["paragraph"]
    assert docx_doc.blocks[first_row + 1].cells == (
        "Trygghetsvandring i centrum", "Kommunens trygghetssamordnare", "April 2020",
    )
    items = [b.text for b in docx_doc.blocks if b.kind == "list_item"]
    assert items == [
        "Trygghet i centrum kvällstid, särskilt kring resecentrum",
        "Ungdomars bruk av narkotika",
        "Bostadsinbrott i villaområden",
    ]


def test_header_footer_kept_apart(docx_doc):
    assert docx_doc.headers_footers == [
        "Björkviks kommun · Samverkansöverenskommelse 2020–2023",
        "Exempeldokument – fiktivt",
    ]
    assert "Samverkansöverenskommelse 2020–2023" not in docx_doc.text


def test_page_estimate_from_explicit_break(docx_doc):
    assert docx_doc.pages == 2
    assert docx_doc.blocks[-1].page == 2 and docx_doc.blocks[-2].page == 2
    assert docx_doc.blocks[0].page == 1
    assert any("uppskattade" in w for w in docx_doc.warnings)


def test_core_properties(docx_doc):
    assert docx_doc.metadata["title"].startswith("Samverkansöverenskommelse mellan")
    assert docx_doc.metadata["author"] == "Kommunledningskontoret"
    assert docx_doc.metadata["created"].startswith("2020-03-12")


def test_without_breaks_pages_are_unknown(tmp_path):
    document = docx.Document()
    document.add_heading("Medborgarlöfte 2021", level=1)
    document.add_paragraph("Polisen och kommunen lovar att genomföra trygghetsvandringar.")
    merged = document.add_table(rows=2, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Åtgärd och ansvar"
    merged.cell(0, 2).text = "När"
    path = tmp_path / "lofte.docx"
    document.save(str(path))

    parsed = parse(path)
    assert parsed.pages is None
    assert all(b.page is None for b in parsed.blocks)
    assert any("inget fel i dokumentet" in w and "utan sidnummer" in w for w in parsed.warnings)
    assert parsed.blocks[0].kind == "heading" and parsed.blocks[0].level == 1
    row = next(b for b in parsed.blocks if b.kind == "table_row")
    assert row.cells == ("Åtgärd och ansvar", "När")  # the merged cell appears once
    assert_offsets(parsed)
