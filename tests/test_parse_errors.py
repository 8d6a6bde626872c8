"""Every kind of bad input raises its own ParseError subclass with a Swedish message."""

import io
import struct
import zipfile

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF

from auditor.parsers import Limits, ParseError, errors, parse, parse_bytes


def _pdf(path, pages=1, user_password=None):
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.cell(text="Samverkan mellan kommun och polis")
    if user_password is not None:
        pdf.set_encryption(owner_password="agare", user_password=user_password)
    pdf.output(str(path))
    return path


def _zero_page_pdf() -> bytes:
    empty = pdfium.PdfDocument.new()
    buffer = io.BytesIO()
    empty.save(buffer)
    return buffer.getvalue()


def _ole2(*stream_names: str) -> bytes:
    """A minimal compound file (the container of .doc and of encrypted OOXML) with empty streams."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # one FAT sector
    struct.pack_into("<I", header, 48, 1)  # directory starts at sector 1
    struct.pack_into("<III", header, 56, 4096, 0xFFFFFFFE, 0)
    struct.pack_into("<II", header, 68, 0xFFFFFFFE, 0)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    header[80:512] = b"\xff" * 432
    fat = struct.pack("<II", 0xFFFFFFFD, 0xFFFFFFFE) + b"\xff" * 504
    directory = bytearray()
    for index, name in enumerate(("Root Entry", *stream_names)):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), 5 if index == 0 else 2, 1)
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 1 if index == 0 else 0xFFFFFFFF)
        directory += entry
    directory += b"\x00" * (512 - len(directory))
    return bytes(header + fat + directory)


def _raises(kind, path, **kwargs) -> str:
    with pytest.raises(kind) as caught:
        parse(path, **kwargs)
    assert isinstance(caught.value, ParseError)
    return str(caught.value)


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "trasig.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> trunkerad")
    assert "skadad" in _raises(errors.CorruptFile, path)


def test_encrypted_pdf(tmp_path):
    message = _raises(errors.EncryptedFile, _pdf(tmp_path / "hemlig.pdf", user_password="hemligt"))
    assert "lösenordsskyddad" in message


def test_encrypted_pdf_with_empty_password_opens(tmp_path):
    parsed = parse(_pdf(tmp_path / "skyddad.pdf", user_password=""))
    assert parsed.text == "Samverkan mellan kommun och polis"


def test_pdf_with_zero_pages(tmp_path):
    path = tmp_path / "noll.pdf"
    path.write_bytes(_zero_page_pdf())
    assert "inga sidor" in _raises(errors.EmptyDocument, path)


def test_file_over_size_limit(tmp_path, monkeypatch):
    path = _pdf(tmp_path / "stor.pdf")
    assert "större än gränsen" in _raises(errors.TooLarge, path, limits=Limits(max_bytes=500))
    monkeypatch.setenv("AUDITOR_MAX_MB", "0.0005")
    _raises(errors.TooLarge, path)
    with pytest.raises(errors.TooLarge):
        parse_bytes(path.read_bytes(), "stor.pdf", limits=Limits(max_bytes=500))


def test_pdf_over_page_limit(tmp_path, monkeypatch):
    path = _pdf(tmp_path / "lang.pdf", pages=3)
    assert "3 sidor" in _raises(errors.TooManyPages, path, limits=Limits(max_pages=2))
    monkeypatch.setenv("AUDITOR_MAX_PAGES", "2")
    _raises(errors.TooManyPages, path)


def test_docx_zip_bomb(tmp_path, rendered):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(rendered("docx")) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with dst.open("word/media/padding.bin", "w") as padding:
            chunk = b"\0" * 10_000_000
            for _ in range(21):  # 210 MB of zeros, a few hundred kB compressed
                padding.write(chunk)
    assert path.stat().st_size < 1_000_000
    assert "packas upp" in _raises(errors.ZipBomb, path)


def test_password_protected_docx(tmp_path):
    path = tmp_path / "krypterad.docx"
    path.write_bytes(_ole2("EncryptionInfo", "EncryptedPackage"))
    message = _raises(errors.PasswordProtectedDocx, path)
    assert "lösenordsskyddat" in message
    assert isinstance(errors.PasswordProtectedDocx(), errors.EncryptedFile)


def test_empty_file(tmp_path):
    path = tmp_path / "tom.pdf"
    path.write_bytes(b"")
    assert "tom" in _raises(errors.EmptyDocument, path)


@pytest.mark.parametrize("name", ["skräp.pdf", "skräp.docx"])
def test_binary_junk_with_document_name(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 20)
    assert "ingen" in _raises(errors.CorruptFile, path)


def test_binary_junk_without_known_name(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(range(256)) * 20)
    assert "binärdata" in _raises(errors.NotText, path)


def test_non_utf8_text_that_is_not_text(tmp_path):
    path = tmp_path / "utkast.txt"
    path.write_bytes("安全で安心なまちづくりの協定".encode("shift_jis"))  # UTF-16 is read: tests/test_text_encodings.py
    assert "UTF-8" in _raises(errors.NotText, path)


@pytest.mark.parametrize(
    ("name", "data", "named"),
    [
        ("budget.xls", _ole2("Workbook"), ".xls"),
        ("budget.ods", None, ".ods"),
    ],
)
def test_unsupported_formats_say_what_is_supported(tmp_path, name, data, named):
    path = tmp_path / name
    if data is None:
        with zipfile.ZipFile(path, "w") as odt:
            odt.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            odt.writestr("content.xml", "<office:document-content/>")
    else:
        path.write_bytes(data)
    message = _raises(errors.UnsupportedFormat, path)
    assert named in message and "Word (.docx" in message and "OpenDocument-text (.odt), RTF" in message


def test_missing_file(tmp_path):
    assert "finns inte" in _raises(ParseError, tmp_path / "saknas.pdf")
