"""DOCX as people really send it: tracked changes, content controls, text boxes, fields, numbering, notes,
comments and headers, each read the way Word shows the document with every change accepted."""

from __future__ import annotations

from docx_support import NS, deleted, footnotes, ins, p, r, tracked_draft, write
from parse_support import assert_offsets

from auditor.analysis.metadata import extract
from auditor.parsers import parse

_CHANGE = 'w:author="Anna Berg" w:date="2024-11-02T10:00:00Z"'
TRACKED = "Dokumentet innehåller spårade ändringar; granskningen gäller texten med ändringarna godkända."


def blocks(document) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in document.blocks]


def test_tracked_changes_are_read_accepted(tmp_path):
    moved = "Samordnaren sammankallar styrgruppen."
    body = "".join([
        p(r("Överenskommelsen gäller "), ins("från 1 januari 2025 till 31 december 2027"), deleted(" tills vidare"),
          r(".")),
        p(f'<w:moveFrom w:id="3" {_CHANGE}>{r(moved)}</w:moveFrom>', r("Styrgruppen möts fyra gånger per år.")),
        p(r("Uppföljning sker varje tertial. "), f'<w:moveTo w:id="4" {_CHANGE}>{r(moved)}</w:moveTo>'),
        p(deleted("Ett helt struket stycke.")),
    ])
    document = parse(write(tmp_path / "spårat.docx", body))
    assert blocks(document) == [
        ("paragraph", "Överenskommelsen gäller från 1 januari 2025 till 31 december 2027."),
        ("paragraph", "Styrgruppen möts fyra gånger per år."),
        ("paragraph", "Uppföljning sker varje tertial. Samordnaren sammankallar styrgruppen."),
    ]
    assert TRACKED in document.warnings
    assert_offsets(document)


def test_a_deleted_paragraph_mark_joins_two_paragraphs(tmp_path):
    joined = f'<w:p><w:pPr><w:rPr><w:del w:id="6" {_CHANGE}/></w:rPr></w:pPr>{r("Överenskommelsen gäller från 2025")}</w:p>'
    body = joined + p(r(" till 2027.")) + joined + "<w:tbl><w:tr><w:tc>" + p(r("Cell")) + "</w:tc></w:tr></w:tbl>"
    document = parse(write(tmp_path / "ihop.docx", body))
    assert blocks(document) == [
        ("paragraph", "Överenskommelsen gäller från 2025 till 2027."),
        ("paragraph", "Överenskommelsen gäller från 2025"),  # before a table: nothing to join
        ("table_row", "Cell"),
    ]
    assert TRACKED in document.warnings


def test_a_document_without_changes_gets_no_tracked_warning(tmp_path):
    document = parse(write(tmp_path / "ren.docx", p(r("Överenskommelsen gäller 2025–2027."))))
    assert TRACKED not in document.warnings


def test_inline_and_block_content_controls(tmp_path):
    def control(content: str, *, placeholder: bool = False) -> str:
        shown = "<w:showingPlcHdr/>" if placeholder else ""
        return f'<w:sdt><w:sdtPr><w:alias w:val="Period"/>{shown}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>'

    body = "".join([
        control(p(r("Medborgarlöfte för Lunds kommun"), style="Title")),
        p(r("Giltig "), control(r("2025–2027")), r(".")),
        p(r("Diarienummer: "), control(r("Klicka eller tryck här för att ange text."), placeholder=True)),
        p(r("Löftet följs upp årligen."), '<w:r><w:rPr><w:vanish/></w:rPr><w:t> Dold anteckning.</w:t></w:r>'),
    ])
    document = parse(write(tmp_path / "kontroller.docx", body))
    assert blocks(document) == [
        ("heading", "Medborgarlöfte för Lunds kommun"),
        ("paragraph", "Giltig 2025–2027."),
        ("paragraph", "Diarienummer:"),
        ("paragraph", "Löftet följs upp årligen."),
    ]
    assert TRACKED not in document.warnings


def test_text_box_read_once_after_its_paragraph(tmp_path):
    box = f'<w:txbxContent>{p(r("Giltig 2025–2027"))}{p(r("Beslutad av kommunstyrelsen"))}</w:txbxContent>'
    drawing = (
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="Textruta 1"/><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        "</mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    body = p(r("Medborgarlöfte"), drawing, style="Title") + p(r("Polisen och kommunen lovar att arbeta tillsammans."))
    document = parse(write(tmp_path / "textruta.docx", body))
    assert blocks(document) == [
        ("heading", "Medborgarlöfte"),
        ("paragraph", "Giltig 2025–2027"),
        ("paragraph", "Beslutad av kommunstyrelsen"),
        ("paragraph", "Polisen och kommunen lovar att arbeta tillsammans."),
    ]


def test_fields_show_their_result_not_their_instruction(tmp_path):
    def fld(kind: str) -> str:
        return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'

    body = p(
        r("Se avsnitt "), fld("begin"),
        '<w:r><w:instrText xml:space="preserve"> REF _Ref1 \\h </w:instrText></w:r>', fld("separate"), r("5.2"),
        fld("end"), r(" på sidan "), '<w:fldSimple w:instr=" PAGEREF _Ref1 \\h ">' + r("4") + "</w:fldSimple>",
        r("."),
    )
    document = parse(write(tmp_path / "falt.docx", body))
    assert blocks(document) == [("paragraph", "Se avsnitt 5.2 på sidan 4.")]


_NUMBERING = f"""<w:numbering {NS}>
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="5"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/>
      <w:lvlText w:val="%1"/><w:suff w:val="space"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/>
      <w:lvlText w:val="%1.%2"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%2)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="2">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="1"/>
    <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>"""


def test_list_numbers_as_word_renders_them(tmp_path):
    def number_headings(document) -> None:
        from docx.oxml.parser import parse_xml

        for name in ("Heading 1", "Heading 2"):  # numbered through the style, as kommun templates do it
            style = document.styles[name].element
            style.get_or_add_pPr().append(parse_xml(f'<w:numPr {NS}><w:numId w:val="1"/></w:numPr>'))

    body = "".join([
        p(r("Uppföljning"), style="Heading1"),
        p(r("Rapportering"), style="Heading2"),
        p(r("Trygghetsvandringar"), num=(2, 0)),
        p(r("Grannsamverkan"), num=(2, 0)),
        p(r("Kvällstid i centrum"), num=(2, 1)),
        p(r("Nyckeltal"), style="Heading2"),
        p(r("Anmälda bostadsinbrott"), num=(3, 0)),
        p(r("Nyckeltalen redovisas varje tertial."), num=(1, 2)),
        p(r("Ekonomi", bold=True), num=(1, 1)),
        p(r("Belysning i parker"), num=(4, 0)),
    ])
    document = parse(write(tmp_path / "numrering.docx", body, parts={"numbering": _NUMBERING}, setup=number_headings))
    assert [(b.kind, b.level, b.text) for b in document.blocks] == [
        ("heading", 1, "5 Uppföljning"),
        ("heading", 2, "5.1 Rapportering"),
        ("list_item", None, "Trygghetsvandringar"),  # "a)": markers of list items are dropped as in PDF and text
        ("list_item", None, "Grannsamverkan"),
        ("list_item", None, "(i) Kvällstid i centrum"),
        ("heading", 2, "5.2 Nyckeltal"),
        ("list_item", None, "Anmälda bostadsinbrott"),
        ("list_item", None, "5.2.1 Nyckeltalen redovisas varje tertial."),
        ("heading", 2, "5.3 Ekonomi"),  # a bold numbered paragraph reads as a heading
        ("list_item", None, "Belysning i parker"),
    ]
    assert_offsets(document)


def test_tables_accept_changes_and_merges(tmp_path):
    def cell(text: str, props: str = "") -> str:
        return f"<w:tc>{'<w:tcPr>' + props + '</w:tcPr>' if props else ''}{p(r(text)) if text else p()}</w:tc>"

    restart, merged, span = '<w:vMerge w:val="restart"/>', "<w:vMerge/>", '<w:gridSpan w:val="2"/>'
    table = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{cell('Åtgärd')}{cell('Ansvarig')}{cell('När')}</w:tr>"
        f"<w:tr>{cell('Trygghetsvandring', restart)}{cell('Kommunen')}{cell('Mars')}</w:tr>"
        f"<w:tr>{cell('', merged)}{cell('Polisen')}{cell('April')}</w:tr>"
        f'<w:tr><w:trPr><w:del w:id="5" {_CHANGE}/></w:trPr>{cell("Struken")}{cell("rad")}{cell("Juni")}</w:tr>'
        f"<w:sdt><w:sdtContent><w:tr>{cell('Medborgardialog', span)}"
        f"<w:tc>{p(r('Maj '), ins('och oktober'))}</w:tc></w:tr></w:sdtContent></w:sdt>"
        "</w:tbl>"
    )
    document = parse(write(tmp_path / "tabell.docx", table))
    assert [b.cells for b in document.blocks] == [
        ("Åtgärd", "Ansvarig", "När"),
        ("Trygghetsvandring", "Kommunen", "Mars"),
        ("Trygghetsvandring", "Polisen", "April"),
        ("Medborgardialog", "Maj och oktober"),
    ]
    assert {b.kind for b in document.blocks} == {"table_row"}
    assert TRACKED in document.warnings


def test_footnotes_and_endnotes_are_notes_not_body(tmp_path):
    reference = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    body = p(r("Lägesbilden bygger på trygghetsmätningen."), reference)
    endnotes = footnotes("Mätningen görs vartannat år.").replace("footnote", "endnote")
    document = parse(write(tmp_path / "noter.docx", body, parts={
        "footnotes": footnotes("Källa: Polisens trygghetsmätning 2023."), "endnotes": endnotes,
    }))
    assert blocks(document) == [("paragraph", "Lägesbilden bygger på trygghetsmätningen.")]
    assert document.notes == ["Källa: Polisens trygghetsmätning 2023.", "Mätningen görs vartannat år."]
    assert "Dokumentet har 2 fotnoter eller slutnoter; de visas separat och ingår inte i granskningen." in (
        document.warnings)


def test_tracked_draft_with_comment_and_header(tmp_path):
    document = parse(tracked_draft(tmp_path / "utkast.docx"))
    assert blocks(document)[:2] == [
        ("heading", "Samverkansöverenskommelse mellan Lunds kommun och lokalpolisområde Lund"),
        ("paragraph", "Överenskommelsen gäller från 1 januari 2025 till 31 december 2027."),
    ]
    assert document.comments == ["Per Holm: Ska perioden vara tre år?"]
    assert "Ska perioden" not in document.text
    assert "Dokumentet innehåller en kommentar; den visas separat och ingår inte i granskningen." in document.warnings
    assert TRACKED in document.warnings
    assert document.headers_footers == ["Lunds kommun · Utkast"]
    assert "Utkast" not in document.text


def test_header_names_the_kommun_when_the_body_does_not(tmp_path):
    def header(document) -> None:
        section = document.sections[0]
        section.header.paragraphs[0].text = "Ystads kommun"
        section.footer.paragraphs[0].text = "Medborgarlöfte 2025–2026 · Sida 1"

    body = p(r("Medborgarlöfte"), style="Title") + p(r("Polisen och kommunen lovar att arbeta mot otryggheten."))
    document = parse(write(tmp_path / "sidhuvud.docx", body, setup=header))
    assert document.headers_footers == ["Ystads kommun", "Medborgarlöfte 2025–2026 · Sida 1"]
    assert "Ystad" not in document.text
    metadata = extract(document)
    assert metadata.kommun == "Ystad"
    assert metadata.period == {"from": 2025, "to": 2026, "text": "2025–2026"}  # from the footer: the body has none
