"""PDFs as they are exported in practice: two columns, ligatures, words placed apart without spaces, form fields
and comments, and text layers too broken to read (read with OCR instead)."""

from __future__ import annotations

import re
import textwrap

import pytest
from fpdf import FPDF
from parse_support import assert_offsets

from auditor.document import DocumentBuilder
from auditor.parsers import parse
from auditor.parsers.ocr import tesseract_problem
from auditor.parsers.pdf import Line, _build

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LEFT = ("Vänster spalt börjar här. Kommunen och polisen har kommit överens om att arbeta tillsammans mot "
        "bostadsinbrott i Norra området. Arbetet följs upp varje tertial av styrgruppen och rapporteras till "
        "kommunstyrelsen. Slut på vänster spalt.")
RIGHT = ("Höger spalt börjar här. Polisen åtar sig att genomföra riktade insatser kvällstid och kommunen "
         "förbättrar belysningen i parkerna. Medborgarna bjuds in till dialog två gånger per år. Slut på höger spalt.")


def new_pdf(*, compress: bool = True) -> FPDF:
    pdf = FPDF()
    pdf.set_compression(compress)
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    return pdf


def blocks(document) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in document.blocks]


def two_columns(path, *, across: bool):
    """A title over two columns of prose; the content runs line by line across both columns (`across`, as
    some exporters write it) or column by column."""
    pdf = new_pdf()
    pdf.set_font_size(16)
    pdf.text(20, 20, "Samverkansöverenskommelse")
    pdf.set_font_size(10)
    left, right = textwrap.wrap(LEFT, 42), textwrap.wrap(RIGHT, 42)
    if across:
        for row in range(max(len(left), len(right))):
            for x, column in ((20, left), (110, right)):
                if row < len(column):
                    pdf.text(x, 40 + row * 5, column[row])
    else:
        for x, column in ((20, left), (110, right)):
            for row, line in enumerate(column):
                pdf.text(x, 40 + row * 5, line)
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("across", [True, False])
def test_two_columns_are_read_column_by_column(tmp_path, across):
    document = parse(two_columns(tmp_path / "spalter.pdf", across=across))
    assert blocks(document) == [("heading", "Samverkansöverenskommelse"), ("paragraph", LEFT), ("paragraph", RIGHT)]
    assert_offsets(document)


def test_a_single_column_page_with_a_short_two_column_list_keeps_its_rows(tmp_path):
    pdf = new_pdf()
    pdf.multi_cell(0, 5, LEFT + " " + RIGHT)
    for row, (label, value) in enumerate([("Kommun", "Lund"), ("Period", "2025–2027"), ("Diarienummer", "KS 2024/12")]):
        pdf.text(20, 80 + row * 5, label)
        pdf.text(120, 80 + row * 5, value)
    pdf.output(str(tmp_path / "etiketter.pdf"))
    document = parse(tmp_path / "etiketter.pdf")
    assert [text for _, text in blocks(document)] == [
        LEFT + " " + RIGHT, "Kommun Lund Period 2025–2027 Diarienummer KS 2024/12",
    ]


def test_ligatures_are_resolved(tmp_path):
    pdf = new_pdf()
    pdf.multi_cell(0, 5, "Kommunen ﬁnansierar de ﬂesta eﬀektiva insatserna oﬃciellt.")
    pdf.output(str(tmp_path / "ligaturer.pdf"))
    document = parse(tmp_path / "ligaturer.pdf")
    assert blocks(document) == [("paragraph", "Kommunen finansierar de flesta effektiva insatserna officiellt.")]


def test_words_placed_apart_without_spaces_are_separated(tmp_path):
    pdf = new_pdf()
    words = ["Kommunen", "och", "polisen", "arbetar", "tillsammans", "mot", "bostadsinbrott", "i", "centrum"]
    x = 20.0
    for word in words:  # each word positioned on its own, 0.12 em apart, with no space character between
        pdf.text(x, 30, word)
        x += pdf.get_string_width(word) + 0.12 * 10 * 0.3528
    pdf.output(str(tmp_path / "mellanrum.pdf"))
    document = parse(tmp_path / "mellanrum.pdf")
    assert blocks(document) == [("paragraph", " ".join(words))]


def _utf16(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def form_pdf() -> bytes:
    """A page of text with a filled-in form field and a comment, written object by object."""
    content = b"BT /F1 12 Tf 72 760 Td (Polisen och kommunen lovar att arbeta tillsammans mot otryggheten.) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
         b"/Contents 6 0 R /Annots [5 0 R 7 0 R] >>"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (Kommun) /V " + _utf16("Lunds kommun") +
        b" /Rect [72 700 300 720] /P 3 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Annot /Subtype /Text /Rect [50 50 70 70] /T (Per Holm) /Contents " + _utf16("Stämmer året?")
        + b" >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_form_fields_and_comments_are_kept_apart(tmp_path):
    path = tmp_path / "formular.pdf"
    path.write_bytes(form_pdf())
    document = parse(path)
    assert blocks(document) == [("paragraph", "Polisen och kommunen lovar att arbeta tillsammans mot otryggheten.")]
    assert document.notes == ["Kommun: Lunds kommun"]
    assert document.comments == ["Per Holm: Stämmer året?"]
    assert "Lunds kommun" not in document.text and "Stämmer" not in document.text
    assert "Dokumentet innehåller en kommentar; den visas separat och ingår inte i granskningen." in document.warnings
    assert "Dokumentet har ett ifyllt formulärfält; det visas separat och ingår inte i granskningen." in (
        document.warnings)


def broken_layer_pdf(path):
    """Text in an embedded font whose character map has been removed: it shows right, but its text layer is
    control characters, as in PDFs from some print drivers."""
    pdf = new_pdf(compress=False)
    pdf.set_font_size(14)
    pdf.multi_cell(0, 8, "Överenskommelsen gäller från 2025 till 2027 och följs upp varje år av styrgruppen.")
    data = re.sub(rb"/ToUnicode \d+ 0 R", lambda match: b" " * len(match.group()), bytes(pdf.output()))
    path.write_bytes(data)
    return path


@pytest.mark.skipif(tesseract_problem() is not None, reason="tesseract with Swedish is not installed")
def test_a_broken_text_layer_is_read_with_ocr(tmp_path):
    document = parse(broken_layer_pdf(tmp_path / "trasig.pdf"))
    assert blocks(document) == [
        ("paragraph", "Överenskommelsen gäller från 2025 till 2027 och följs upp varje år av styrgruppen."),
    ]
    assert document.ocr_pages == [1] and document.blocks[0].ocr
    assert "Textlagret i PDF-filen ser trasigt ut (sidan 1: tecken som inte kan avkodas)." in document.warnings


def test_a_broken_text_layer_is_kept_with_a_warning_without_ocr(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract
    document = parse(broken_layer_pdf(tmp_path / "trasig.pdf"))
    assert document.ocr_pages == [] and document.blocks
    assert any("kunde inte läsas med OCR i stället" in warning for warning in document.warnings)


def test_an_ocr_line_ending_mid_sentence_carries_on_over_a_paragraph_gap():
    def page(first_line: str) -> list[str]:
        lines = [Line(first_line, 1, 100, 111, 11, ocr=True, paragraph=(1, 1)),
                 Line("EPA-trafik i centrum ska minska med minst 25 procent.", 1, 130, 141, 11, ocr=True,
                      paragraph=(1, 2))]
        builder = DocumentBuilder()
        _build(builder, [lines], [])
        return [block.text for block in builder.blocks]

    # "… moped- och" cannot end a sentence: tesseract's paragraph break is a wrapped line
    assert page("Störande moped- och") == ["Störande moped- och EPA-trafik i centrum ska minska med minst 25 procent."]
    assert len(page("Störande mopedtrafik ökar.")) == 2


RUN_IN = """---
id: run_in_ml_2025
title: Medborgarlöfte 2025
kommun: Ekby
doc_type: medborgarlofte
---
# Medborgarlöfte 2025

## Varför just de här problemen?

Vi har försökt förstå varför problemen finns, för då blir det lättare att välja åtgärder som gör skillnad. Vi har
läst polisens och kommunens statistik, gått igenom enkäten och pratat med dem som arbetar på platserna varje
vecka: poliser i yttre tjänst, fältassistenter, skolkuratorer, bovärdar och väktare. Här är det vi har kommit
fram till, plats för plats och problem för problem, så som vi ser det i dag.

**Resecentrum och Stora torget.** När butikerna stänger klockan 19 blir det ganska folktomt, och unga samlas
där eftersom det finns få andra platser som är öppna på fredags- och lördagskvällar.

**Det gör vi:**

- Polisen patrullerar till fots vid Resecentrum varje fredag och lördag.
- Kommunen byter belysning i gångtunneln före 1 oktober.

**Uppföljning**

Löftet följs upp varje tertial och resultatet redovisas på kommunens webbplats.
"""


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_bold_run_in_label_and_a_bold_lead_in_are_paragraphs_not_headings(tmp_path, fmt):
    """"**Resecentrum och Stora torget.** När …" opens a paragraph; "**Det gör vi:**" leads into the list under it.
    A PDF had made the first line of such a paragraph a heading and cut it from its text."""
    from corpus_samples.render import render

    document = parse(render(RUN_IN, tmp_path / f"run_in.{fmt}", fmt=fmt))
    kinds = [(kind, text[:30]) for kind, text in blocks(document)]
    headings = [text for kind, text in kinds if kind == "heading"]
    assert headings[:2] == ["Medborgarlöfte 2025", "Varför just de här problemen?"]
    paragraph = next(text for kind, text in blocks(document) if text.startswith("Resecentrum"))
    assert paragraph.endswith("fredags- och lördagskvällar.")
    assert ("paragraph", "Det gör vi:") in kinds
    assert [kind for kind, text in kinds if text.startswith(("Polisen patrullerar", "Kommunen byter"))] == ["list_item"] * 2
    assert headings[2:] == ["Uppföljning"]  # a bold line of body size alone is still a heading, in Word as in a PDF


def test_a_line_left_of_a_list_items_marker_starts_a_new_block(tmp_path):
    """A wrapped list item hangs at or right of its marker; the lead-in of the next party's list, set close
    under it at the margin (as a two-column layout does), is a paragraph of its own, not the item's last line."""
    pdf = new_pdf()
    lines = [(20, "Polisen lovar att:"), (24, "• vara synligt närvarande vid resecentrum och centrumtorget"),
             (28, "fredag och lördag kvällar mellan kl. 20 och 01"), (20, "Kommunen lovar att:"),
             (24, "• byta ut och förstärka belysningen i gångtunneln före sommaren")]
    for row, (x, text) in enumerate(lines):
        pdf.text(x, 40 + row * 5.5, text)
    pdf.output(str(tmp_path / "lofte.pdf"))
    assert blocks(parse(tmp_path / "lofte.pdf")) == [
        ("paragraph", "Polisen lovar att:"),
        ("list_item", "vara synligt närvarande vid resecentrum och centrumtorget fredag och lördag kvällar mellan kl. 20 och 01"),
        ("paragraph", "Kommunen lovar att:"),
        ("list_item", "byta ut och förstärka belysningen i gångtunneln före sommaren"),
    ]
