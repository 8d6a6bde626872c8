"""The other formats people save agreements in: OpenDocument text (.odt), RTF, and legacy Word (.doc) when
LibreOffice is installed (a clear Swedish refusal naming the alternative when it is not)."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx_support import tracked_draft
from parse_support import assert_offsets

from auditor.cli import cli
from auditor.parsers import Limits, errors, parse
from auditor.parsers.legacy import converter

TRACKED = "Dokumentet innehåller spårade ändringar; granskningen gäller texten med ändringarna godkända."
_ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3"'
)


def blocks(document) -> list[tuple[str, int | None, str]]:
    return [(block.kind, block.level, block.text) for block in document.blocks]


def write_odt(path: Path, body: str, *, styles: str = "", meta: str = "") -> Path:
    with zipfile.ZipFile(path, "w") as odt:
        odt.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        odt.writestr("content.xml", f'<office:document-content {_ODF}><office:automatic-styles>'
                     '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/>'
                     f"</office:automatic-styles><office:body><office:text>{body}</office:text></office:body>"
                     "</office:document-content>")
        odt.writestr("styles.xml", f"<office:document-styles {_ODF}>{styles}</office:document-styles>")
        odt.writestr("meta.xml", f"<office:document-meta {_ODF}><office:meta>{meta}</office:meta></office:document-meta>")
    return path


def test_odt_headings_lists_tables_notes_and_changes(tmp_path):
    body = (
        '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info>'
        "<dc:creator>Anna Berg</dc:creator></office:change-info><text:p>tills vidare</text:p></text:deletion>"
        "</text:changed-region></text:tracked-changes>"
        '<text:p text:style-name="P1">Medborgarlöfte för Lunds kommun</text:p>'
        '<text:h text:outline-level="2">1 Bakgrund</text:h>'
        '<text:p>Löftet gäller<text:s/><text:change text:change-id="c1"/>2025–2027.'
        '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
        "<text:note-body><text:p>Beslutat i kommunstyrelsen.</text:p></text:note-body></text:note>"
        "<office:annotation><dc:creator>Per Holm</dc:creator><text:p>Stämmer året?</text:p></office:annotation>"
        " Det följs upp<text:s text:c=\"2\"/>årligen.</text:p>"
        "<text:list><text:list-item><text:p>Trygghetsvandringar</text:p></text:list-item>"
        "<text:list-item><text:p>Grannsamverkan</text:p><text:list><text:list-item><text:p>Kvällstid</text:p>"
        "</text:list-item></text:list></text:list-item></text:list>"
        "<table:table><table:table-header-rows><table:table-row><table:table-cell><text:p>Åtgärd</text:p>"
        "</table:table-cell><table:table-cell><text:p>Ansvarig</text:p></table:table-cell></table:table-row>"
        "</table:table-header-rows><table:table-row><table:table-cell><text:p>Belysning</text:p></table:table-cell>"
        "<table:table-cell><text:p>Kommunen</text:p></table:table-cell></table:table-row></table:table>"
        '<text:p>Se ramen.<draw:frame draw:name="Ram1"><draw:text-box><text:p>Giltig 2025–2027</text:p>'
        "</draw:text-box></draw:frame></text:p>"
    )
    styles = ('<office:master-styles><style:master-page style:name="Standard"><style:header>'
              "<text:p>Lunds kommun</text:p></style:header><style:footer><text:p>Sida <text:page-number>1"
              "</text:page-number></text:p></style:footer></style:master-page></office:master-styles>")
    meta = "<dc:title>Medborgarlöfte 2025–2027</dc:title><meta:initial-creator>Anna Berg</meta:initial-creator>"
    document = parse(write_odt(tmp_path / "löfte.odt", body, styles=styles, meta=meta))
    assert document.format == "odt"
    assert blocks(document) == [
        ("heading", 1, "Medborgarlöfte för Lunds kommun"),
        ("heading", 2, "1 Bakgrund"),
        ("paragraph", None, "Löftet gäller 2025–2027. Det följs upp  årligen."),
        ("list_item", None, "Trygghetsvandringar"),
        ("list_item", None, "Grannsamverkan"),
        ("list_item", None, "Kvällstid"),
        ("table_row", None, "Åtgärd | Ansvarig"),
        ("table_row", None, "Belysning | Kommunen"),
        ("paragraph", None, "Se ramen."),
        ("paragraph", None, "Giltig 2025–2027"),
    ]
    assert document.notes == ["Beslutat i kommunstyrelsen."]
    assert document.comments == ["Per Holm: Stämmer året?"]
    assert document.headers_footers == ["Lunds kommun", "Sida 1"]
    assert document.metadata["title"] == "Medborgarlöfte 2025–2027" and document.metadata["author"] == "Anna Berg"
    assert TRACKED in document.warnings and "tills vidare" not in document.text
    assert_offsets(document)


def test_odt_without_text_and_broken_odt(tmp_path):
    with pytest.raises(errors.EmptyDocument):
        parse(write_odt(tmp_path / "tom.odt", "<text:p/>"))
    broken = tmp_path / "trasig.odt"
    with zipfile.ZipFile(broken, "w") as odt:
        odt.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        odt.writestr("content.xml", "<office:document-content")
    with pytest.raises(errors.CorruptFile, match="OpenDocument-filen"):
        parse(broken)


def test_odt_zip_bomb_is_refused_before_it_inflates(tmp_path):
    path = write_odt(tmp_path / "bomb.odt", "<text:p>Kort text.</text:p>")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as odt, odt.open("Pictures/padding.bin", "w") as padding:
        for _ in range(3):
            padding.write(b"\0" * 1_000_000)
    with pytest.raises(errors.ZipBomb, match="OpenDocument-filen packas upp"):
        parse(path, limits=Limits(max_docx_uncompressed=2_000_000))


RTF = r"""{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Calibri;}}
{\stylesheet{\s0 Normal;}{\s1\outlinelevel0 heading 1;}{\*\cs10 Default Paragraph Font;}}
{\info{\title Samverkans\'f6verenskommelse Lund}{\author Kommunledningskontoret}}
{\header\pard Lunds kommun\par}
\pard\s1 Samverkans\'f6verenskommelse\par
\pard\plain \u214?verenskommelsen g\'e4ller {\deleted tills vidare}{\revised fr\'e5n 2025 till 2027}.\par
{\pard{\listtext 1.\tab}\ls1 Trygghetsvandringar\par}
{\pard{\listtext\'95\tab}\ls1 Grannsamverkan\par}
\pard\plain\trowd\cellx2000\cellx4000 \intbl \'c5tg\'e4rd\cell Ansvarig\cell\row
\trowd\cellx2000\cellx4000 \intbl Belysning\cell Kommunen\par och polisen\cell\row
\pard Uppf\'f6ljning sker {\v dold text }varje tertial{\super\chftn}{\footnote\pard\plain{\super\chftn} Se bilaga 2.}.{\*\atnid PH}{\*\atnauthor Per Holm}\chatn{\*\annotation\pard\plain Varje tertial?}\par
\pard Sidan {\field{\*\fldinst PAGE}{\fldrslt 3}} av 4.\par
}"""


def test_rtf_headings_lists_tables_notes_and_changes(tmp_path):
    path = tmp_path / "överenskommelse.rtf"
    path.write_text(RTF, encoding="ascii")
    document = parse(path)
    assert document.format == "rtf"
    assert blocks(document) == [
        ("heading", 1, "Samverkansöverenskommelse"),
        ("paragraph", None, "Överenskommelsen gäller från 2025 till 2027."),
        ("list_item", None, "Trygghetsvandringar"),
        ("list_item", None, "Grannsamverkan"),
        ("table_row", None, "Åtgärd | Ansvarig"),
        ("table_row", None, "Belysning | Kommunen och polisen"),
        ("paragraph", None, "Uppföljning sker varje tertial."),
        ("paragraph", None, "Sidan 3 av 4."),
    ]
    assert document.notes == ["Se bilaga 2."]
    assert document.comments == ["Per Holm: Varje tertial?"]
    assert document.headers_footers == ["Lunds kommun"]
    assert document.metadata["title"] == "Samverkansöverenskommelse Lund"
    assert TRACKED in document.warnings
    assert_offsets(document)


def test_rtf_binary_data_is_skipped(tmp_path):
    path = tmp_path / "bild.rtf"
    path.write_bytes(b"{\\rtf1 {\\pict\\bin3 {\x00{}Text efter bilden.\\par}")  # the bytes open two groups
    assert blocks(parse(path)) == [("paragraph", None, "Text efter bilden.")]


def test_rtf_is_read_in_linear_time_for_deep_groups(tmp_path):
    path = tmp_path / "djup.rtf"
    path.write_text("{\\rtf1 " + "{" * 50_000 + "Text" + "}" * 50_000 + "\\par}", encoding="ascii")
    assert parse(path).text == "Text"


def test_doc_without_libreoffice_names_the_alternative(tmp_path, monkeypatch):
    path = tmp_path / "gammal.doc"
    path.write_bytes(_ole2_word())
    monkeypatch.setenv("PATH", str(tmp_path))  # a server without LibreOffice
    with pytest.raises(errors.UnsupportedFormat) as caught:
        parse(path)
    assert "Spara dokumentet som .docx eller PDF och ladda upp igen" in str(caught.value)
    result = CliRunner().invoke(cli, ["score", str(path), "--format", "json"])
    assert result.exit_code == 2 and "LibreOffice" in result.output and "Traceback" not in result.output


def _ole2_word() -> bytes:
    from test_parse_errors import _ole2

    return _ole2("WordDocument")


needs_libreoffice = pytest.mark.skipif(converter() is None, reason="LibreOffice (soffice) is not installed")


@needs_libreoffice
def test_doc_is_converted_with_libreoffice_and_leaves_nothing_behind(tmp_path, monkeypatch):
    """A .doc saved by LibreOffice from the tracked-changes draft: the changes are still accepted after the
    round trip, and the period is found."""
    source = tracked_draft(tmp_path / "utkast.docx")
    subprocess.run([shutil.which("soffice") or "soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(source)],
                   check=True, capture_output=True, timeout=120)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr("tempfile.tempdir", None)
    path = tmp_path / "doc" / "utkast.doc"
    document = parse(path)
    assert document.format == "doc" and document.path == str(path)
    assert ("paragraph", None, "Överenskommelsen gäller från 1 januari 2025 till 31 december 2027.") in blocks(document)
    assert document.comments == ["Per Holm: Ska perioden vara tre år?"]
    assert any("äldre Word-formatet (.doc)" in warning for warning in document.warnings)
    assert list(scratch.iterdir()) == []
    result = CliRunner().invoke(cli, ["score", str(path), "--format", "json"])
    data = json.loads(result.output)
    assert data["document"]["period"]["from"] == 2025 and data["document"]["period"]["to"] == 2027


@needs_libreoffice
def test_doc_that_libreoffice_cannot_convert(tmp_path):
    path = tmp_path / "trasig.doc"
    path.write_bytes(_ole2_word())
    with pytest.raises(errors.CorruptFile, match="LibreOffice kunde inte konvertera"):
        parse(path)
