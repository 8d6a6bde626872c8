"""Plain text and Markdown drafts (pasted text): headings, lists, pipe tables, paragraphs."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from auditor.document import Document, DocumentBuilder
from auditor.parsers import errors
from auditor.parsers.lines import LIST_MARKER, heading_depth, join_lines

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Characters no text file holds: controls other than tab, line and page breaks, private-use and
# non-characters (what binary read as UTF-16 turns into), and bytes that did not decode.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd-\uffff]")
_MAX_NOT_TEXT = 0.005
_CP1252_WARNING = (
    "Textfilen var inte sparad som UTF-8 och har lästs som Windows-1252/Latin-1; kontrollera å, ä och ö i citaten."
)


def decode(data: bytes) -> tuple[str, str | None]:
    """The text and, when it was not UTF-8 or UTF-16, a Swedish warning naming the encoding assumed.
    Binary content (NUL bytes, or many control characters once decoded) raises `BinaryContent`."""
    text, warning = _decode(data)
    if len(_NOT_TEXT.findall(text)) > len(text) * _MAX_NOT_TEXT:
        raise errors.BinaryContent()
    return text.replace("\ufffd", ""), warning


def _decode(data: bytes) -> tuple[str, str | None]:
    if encoding := _utf16(data):
        return data.decode(encoding, errors="replace"), None
    if b"\x00" in data:
        raise errors.BinaryContent()
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if sum(c.isalpha() for c in text) < len(text) * 0.5:  # cp1252 decodes any bytes: ask for mostly letters
        raise errors.NotText()
    return text, _CP1252_WARNING


def _utf16(data: bytes) -> str | None:
    """The UTF-16 codec for a file with a UTF-16 byte-order mark, or without one when its NUL bytes fall as
    in mostly-Latin text (the high byte of each character): on odd offsets little-endian, even big-endian."""
    if data.startswith(_UTF16_BOMS):
        return "utf-16"
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    if odd > pairs * 0.5 and even <= odd * 0.01:
        return "utf-16-le"
    if even > pairs * 0.5 and odd <= even * 0.01:
        return "utf-16-be"
    return None


def _title_level(line: str, first: bool) -> int | None:
    """Heading level of a line that stands alone between blank lines, as plain-text drafts carry their
    headings ("Uppföljning", "3.2 Ansvar"), or None when it reads as a sentence."""
    if depth := heading_depth(line):
        return depth
    words = line.split()
    if len(line) > 80 or len(words) > 10 or not line[0].isupper() or line.endswith((".", ",", ";", ":", "!")):
        return None
    return 1 if first else 2


def parse_text(path: Path, data: bytes, sha256: str) -> Document:
    text, warning = decode(data)
    builder = DocumentBuilder()
    paragraph: list[str] = []
    list_item: list[str] = []
    lines = text.splitlines()
    markdown = any(_HEADING.match(line.strip()) for line in lines)  # its headings are marked: no guessing

    def flush() -> None:
        if paragraph:
            text = join_lines(paragraph)
            if not markdown and len(paragraph) == 1 and (level := _title_level(text, first=not builder.blocks)):
                builder.add("heading", text, None, level=level)
            else:
                builder.add("paragraph", text, None)
            paragraph.clear()
        if list_item:
            builder.add("list_item", join_lines(list_item), None)
            list_item.clear()

    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
        elif match := _HEADING.match(line):
            flush()
            builder.add("heading", match.group(2), None, level=min(len(match.group(1)), 3))
        elif line.startswith("|") and line.count("|") >= 2:
            flush()
            if not _TABLE_RULE.match(line):
                cells = tuple(cell.strip() for cell in line.strip("|").split("|"))
                builder.add("table_row", " | ".join(cells), None, cells=cells)
        elif match := LIST_MARKER.match(line):
            flush()
            list_item.append(line[match.end():])
        elif list_item and raw[:1].isspace():
            list_item.append(line)  # indented continuation of a list item
        else:
            if list_item:
                flush()
            paragraph.append(line)
    flush()
    if not builder.blocks:
        raise errors.EmptyDocument("Textfilen innehåller ingen text.")
    return Document(
        path=str(path),
        sha256=sha256,
        format="txt",
        pages=None,
        text=builder.text,
        blocks=builder.blocks,
        metadata={"title": None, "author": None, "created": None, "modified": None},
        warnings=[warning] if warning else [],
    )
