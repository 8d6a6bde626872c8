"""Plain text and Markdown drafts (pasted text): headings, lists, pipe tables, paragraphs."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from auditor.document import Document, DocumentBuilder
from auditor.parsers import errors
from auditor.parsers.lines import LIST_MARKER, PAGE_NUMBER, heading_depth, join_lines

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


_CHAPTER_MARKER = re.compile(r"^\d{1,2}\.\s+")
_DIGITS = re.compile(r"\d+")


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Header and footer lines of a text export's pages: the first and last line of a page when it is a page
    number ("Sida 3 av 12") or, digits aside, recurs at the top or foot of at least half the pages."""
    def edges(page: list[str]) -> list[str]:
        filled = [line.strip() for line in page if line.strip()]
        return filled[:1] + filled[-1:] if filled else []

    shapes: dict[str, int] = {}
    for page in pages:
        for line in set(edges(page)):
            shapes[_DIGITS.sub("#", line)] = shapes.get(_DIGITS.sub("#", line), 0) + 1
    needed = max(2, len(pages) // 2)
    return {line for page in pages for line in edges(page)
            if PAGE_NUMBER.match(line) or shapes[_DIGITS.sub("#", line)] >= needed}


def _is_chapter(lines: list[str], i: int) -> bool:
    """A numbered line standing alone ("1. Inledning" between blank lines, no list around it) is a chapter
    heading, as text exports of numbered documents write them, not a one-item list."""
    line = lines[i].strip()
    title = _CHAPTER_MARKER.sub("", line, count=1)
    if title == line or _title_level(title, first=False) is None:
        return False
    if (i > 0 and lines[i - 1].strip()) or (i + 1 < len(lines) and lines[i + 1].strip()):
        return False
    after = next((lines[j].strip() for j in range(i + 1, len(lines)) if lines[j].strip()), "")
    return not LIST_MARKER.match(after)


_RUN = re.compile(r"\S+(?: \S+)*")  # a run of text: words separated by single spaces


def _runs(line: str) -> list[tuple[int, int]]:
    return [match.span() for match in _RUN.finditer(line)]


def _fits(line: str, columns: list[int]) -> bool:
    """Every run of the line starts at a column and ends before the next one (text exports pad cells)."""
    for start, end in _runs(line):
        k = next((k for k, column in enumerate(columns) if abs(start - column) <= 1), None)
        if k is None or (k + 1 < len(columns) and end > columns[k + 1] - 2):
            return False
    return True


def _layout_tables(lines: list[str]) -> dict[int, tuple[int, list[tuple[str, ...]]]]:
    """Tables a text export (pdftotext -layout, an e-mailed report) writes as columns padded with spaces, by
    the index of their first line: (index after the table, its rows' cells). The first line's runs give the
    columns (three or more); a row is one line, or, where the rows are separated by blank lines, the lines
    between them, each cell's wrapped text joined."""
    found: dict[int, tuple[int, list[tuple[str, ...]]]] = {}
    i = 0
    while i < len(lines):
        columns = [start for start, _ in _runs(lines[i])]
        if len(columns) < 3 or LIST_MARKER.match(lines[i].strip()):
            i += 1
            continue
        blank_rows = i + 1 < len(lines) and not lines[i + 1].strip()
        current: list[str] = []
        groups, j = [[lines[i]]], i + 1
        while j < len(lines):
            if not lines[j].strip():
                if current:
                    groups.append(current)
                    current = []
                if not blank_rows or (j + 1 < len(lines) and not lines[j + 1].strip()):
                    break
            elif _fits(lines[j], columns):
                if blank_rows:
                    current.append(lines[j])
                elif lines[j][:columns[1]].strip() or len(groups) == 1:
                    groups.append([lines[j]])
                else:  # an empty first cell: the wrapped rest of the row above
                    groups[-1].append(lines[j])
            else:
                break
            j += 1
        if current:
            groups.append(current)
        if len(groups) < 2 or not any(len(_runs(group[0])) >= 2 for group in groups[1:]):
            i += 1
            continue
        bounds = list(zip([0, *columns[1:]], [*columns[1:], None]))
        rows = [tuple(" ".join(part for line in group if (part := line[a:b].strip())) for a, b in bounds)
                for group in groups]
        found[i] = (j, rows)
        i = j
    return found


def parse_text(path: Path, data: bytes, sha256: str) -> Document:
    text, warning = decode(data)
    builder = DocumentBuilder()
    paragraph: list[str] = []
    list_item: list[str] = []
    # A text export keeps its pages as form feeds, each with a running header and a page-number footer.
    pages = [page.splitlines() for page in text.split("\f")] if "\f" in text else [text.splitlines()]
    running = _running_lines(pages) if len(pages) > 1 else set()
    markdown = any(_HEADING.match(line.strip()) for page in pages for line in page)  # marked headings: no guessing
    page_number: int | None = None

    def flush() -> None:
        if paragraph:
            text = join_lines(paragraph)
            if not markdown and len(paragraph) == 1 and (level := _title_level(text, first=not builder.blocks)):
                builder.add("heading", text, page_number, level=level)
            else:
                builder.add("paragraph", text, page_number)
            paragraph.clear()
        if list_item:
            builder.add("list_item", join_lines(list_item), page_number)
            list_item.clear()

    lines = [(number + 1 if running else None, raw) for number, page in enumerate(pages) for raw in page
             if raw.strip() not in running]
    raws = [raw for _, raw in lines]
    tables = {} if markdown else _layout_tables(raws)
    skip_to = 0
    for i, (page, raw) in enumerate(lines):
        line = raw.strip()
        if page != page_number and not (paragraph and line):  # a paragraph may run over a page break
            flush()
            page_number = page
        if i < skip_to:
            continue
        if i in tables:
            flush()
            skip_to, rows = tables[i]
            for cells in rows:
                builder.add("table_row", " | ".join(cells), page_number, cells=cells)
        elif not line:
            flush()
        elif match := _HEADING.match(line):
            flush()
            builder.add("heading", match.group(2), page_number, level=min(len(match.group(1)), 3))
        elif line.startswith("|") and line.count("|") >= 2:
            flush()
            if not _TABLE_RULE.match(line):
                cells = tuple(cell.strip() for cell in line.strip("|").split("|"))
                builder.add("table_row", " | ".join(cells), page_number, cells=cells)
        elif not markdown and _is_chapter(raws, i):
            flush()
            builder.add("heading", line, page_number, level=1)
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
        pages=len(pages) if running else None,
        text=builder.text,
        blocks=builder.blocks,
        metadata={"title": None, "author": None, "created": None, "modified": None},
        warnings=[warning] if warning else [],
        headers_footers=list({_DIGITS.sub("#", line): line for line in sorted(running)}.values()),
    )
