"""Turn a PDF, Word (DOCX, or DOC through LibreOffice), ODT, RTF or text file into a `Document`; the format is
told by the bytes, not the name.

    parse(path) -> Document          parse_bytes(data, name) -> Document

Everything that can go wrong with the input raises a `ParseError` subclass with a Swedish message.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from auditor import settings
from auditor.document import Document
from auditor.parsers import errors
from auditor.parsers.errors import ParseError
from auditor.parsers.outline import outlined
from auditor.parsers.text import parse_text

__all__ = ["Limits", "ParseError", "detect_format", "errors", "parse", "parse_bytes"]

MB = 1_000_000
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.spreadsheet": "OpenDocument-kalkylblad (.ods)",
    b"application/vnd.oasis.opendocument.presentation": "OpenDocument-presentation (.odp)",
}


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * MB
    max_pages: int = 500
    max_docx_uncompressed: int = 200 * MB
    max_seconds: float = 120.0  # wall time of one parse in its worker process (see auditor/jobs.py)
    max_memory: int = 2_000 * MB  # memory of that worker process and what it starts

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults, overridden by the deployment's settings (see auditor/settings.py) when set."""
        limits = cls()
        if (mb := settings.max_mb()) is not None:
            limits = replace(limits, max_bytes=int(mb * MB))
        if (pages := settings.max_pages()) is not None:
            limits = replace(limits, max_pages=pages)
        if (seconds := settings.parse_seconds()) is not None:
            limits = replace(limits, max_seconds=seconds)
        if (memory := settings.parse_mb()) is not None:
            limits = replace(limits, max_memory=int(memory * MB))
        return limits


def detect_format(data: bytes, name: str = "") -> str:
    """'pdf', 'docx', 'doc', 'odt', 'rtf' or 'txt' from the file's bytes; raise for formats we do not read."""
    suffix = Path(name).suffix.lower()
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if data.startswith(_ZIP):
        return _zip_format(data)
    if data.startswith(_OLE2):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise errors.PasswordProtectedDocx()
        if "WordDocument".encode("utf-16-le") in data:
            return "doc"
        raise errors.UnsupportedFormat("äldre Office-format (.xls, .ppt)")
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if suffix == ".pdf":
        raise errors.CorruptFile("PDF-filen", "innehållet är ingen PDF")
    if suffix in (".docx", ".docm", ".dotx"):
        raise errors.CorruptFile("Word-filen", "innehållet är ingen DOCX")
    return "txt"


def _zip_format(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError) as exc:
        raise errors.CorruptFile("zip-/Word-filen") from exc
    if "word/document.xml" in names:
        return "docx"
    if mimetype == _ODT_MIMETYPE:
        return "odt"
    if mimetype in _ODF_MIMETYPES:
        raise errors.UnsupportedFormat(_ODF_MIMETYPES[mimetype])
    raise errors.UnsupportedFormat("zip-arkiv som inte är ett Word-dokument")


def parse(path: str | Path, *, limits: Limits | None = None) -> Document:
    limits = limits or Limits.from_env()
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise errors.TooLarge(size, limits.max_bytes)
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ParseError(f"Filen finns inte: {path.name}.") from exc
    except IsADirectoryError as exc:
        raise ParseError(f"{path.name} är en mapp, inte en fil.") from exc
    except OSError as exc:
        raise ParseError(f"Filen kunde inte öppnas: {path.name} (läsfel eller behörighet saknas).") from exc
    if not data.strip():
        raise errors.EmptyDocument("Filen är tom." if not data else "Filen innehåller bara blanktecken.")
    return outlined(_parse_format(path, data, limits))


def _parse_format(path: Path, data: bytes, limits: Limits) -> Document:
    # each format's libraries (pdfium, pdfplumber, python-docx, lxml, OCR) load only for a file of that format
    fmt = detect_format(data, path.name)
    sha256 = hashlib.sha256(data).hexdigest()
    if fmt == "pdf":
        from auditor.parsers.pdf import parse_pdf

        return parse_pdf(path, sha256, limits)
    if fmt == "docx":
        from auditor.parsers.docx import parse_docx

        return parse_docx(path, sha256, limits)
    if fmt == "doc":
        from auditor.parsers.legacy import parse_doc

        return parse_doc(path, sha256, limits)
    if fmt == "odt":
        from auditor.parsers.odt import parse_odt

        return parse_odt(path, sha256, limits)
    if fmt == "rtf":
        from auditor.parsers.rtf import parse_rtf

        return parse_rtf(path, data, sha256)
    return parse_text(path, data, sha256)


def parse_bytes(data: bytes, name: str, *, limits: Limits | None = None) -> Document:
    """Parse an upload. The Document's path is `name`; the bytes pass through a temporary file."""
    limits = limits or Limits.from_env()
    if len(data) > limits.max_bytes:
        raise errors.TooLarge(len(data), limits.max_bytes)
    suffix = Path(name).suffix[:16]
    with tempfile.TemporaryDirectory(prefix="granskaren-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        document = parse(path, limits=limits)
    document.path = name
    return document
