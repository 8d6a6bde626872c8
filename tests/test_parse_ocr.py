import pytesseract
import pytest
from parse_support import assert_offsets

from auditor.parsers import parse


@pytest.fixture(scope="module")
def scan(rendered):
    return rendered("scan")


@pytest.fixture(scope="module")
def scanned(scan):
    return parse(scan)


def test_fixture_has_no_text_layer(scan):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(scan))
    assert all(not page.get_textpage().get_text_range().strip() for page in pdf)


def test_ocr_reads_swedish_text(scanned):
    assert scanned.ocr_pages == [1, 2, 3]
    assert scanned.blocks and all(block.ocr for block in scanned.blocks)
    text = scanned.text
    for words in ("brottsförebyggande", "lägesbilden", "Samverkansöverenskommelse", "Åtgärdsplan",
                  "medborgardialoger", "återrapporteras till kommunstyrelsen"):
        assert words in text, words
    assert any("OCR" in warning for warning in scanned.warnings)
    assert_offsets(scanned)


def test_ocr_keeps_structure(scanned):
    assert "Uppföljning" in [b.text.split(" ", 1)[-1] for b in scanned.blocks if b.kind == "heading"]
    assert "Ungdomars bruk av narkotika" in [b.text for b in scanned.blocks if b.kind == "list_item"]
    assert {b.page for b in scanned.blocks} == {1, 2, 3}
    assert not any("Sida" in b.text for b in scanned.blocks)


def test_missing_tesseract_is_a_warning_not_a_crash(scan, monkeypatch):
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/finns/inte/tesseract")
    parsed = parse(scan)
    assert parsed.blocks == [] and parsed.ocr_pages == []
    assert parsed.pages == 3
    assert any("tesseract" in w and "sidorna 1, 2, 3" in w for w in parsed.warnings)


def test_missing_swedish_language_is_a_warning(scan, monkeypatch):
    monkeypatch.setattr(pytesseract, "get_languages", lambda config="": ["eng", "osd"])
    parsed = parse(scan)
    assert any("tesseract-ocr-swe" in w for w in parsed.warnings)
