"""PDF: pypdfium2 text per page (fast), pdfplumber's table finder only on pages with ruling lines,
tesseract OCR for pages without a text layer.

Each page becomes a list of `Line`s (text, position, font size, weight). From there one pipeline
serves text and OCR pages alike: running headers/footers and page numbers are set aside, lines are
grouped into headings, paragraphs and list items, and tables are slotted in where they stand.
"""

from __future__ import annotations

import ctypes
import re
import statistics
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from auditor.document import Document, DocumentBuilder
from auditor.parsers import errors, ocr
from auditor.parsers.lines import LIST_MARKER, PAGE_NUMBER, heading_depth, join_lines

_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
_MARGIN_ZONE = 0.09  # share of the page height at top and bottom where running text lives
_MIN_TEXT_CHARS = 10  # fewer visible characters than this: the page has no usable text layer
_PDFIUM = threading.Lock()  # pdfium is not thread-safe; the web app parses uploads in threads


@dataclass
class Line:
    text: str
    page: int
    top: float  # points from the top of the page
    bottom: float
    size: float  # font size in points (estimated from the line height for OCR)
    bold: bool = False
    ocr: bool = False
    paragraph: tuple[int, int] | None = None  # OCR only: tesseract's paragraph


@dataclass
class Table:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    rows: list[tuple[str, ...]]


def parse_pdf(path: Path, sha256: str, limits) -> Document:
    with _PDFIUM:
        return _open_and_read(path, sha256, limits)


def _open_and_read(path: Path, sha256: str, limits) -> Document:
    try:
        pdf = pdfium.PdfDocument(str(path))  # pdfium tries the empty password by itself
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PASSWORD_ERROR and b"/Encrypt" in path.read_bytes():
            raise errors.EncryptedFile() from exc
        if _has_zero_pages(path):  # pdfium refuses such files; pdfminer tells why
            raise errors.EmptyDocument("PDF-filen har inga sidor.") from exc
        raise errors.CorruptFile("PDF-filen") from exc
    try:
        pages = len(pdf)
        if pages == 0:
            raise errors.EmptyDocument("PDF-filen har inga sidor.")
        if pages > limits.max_pages:
            raise errors.TooManyPages(pages, limits.max_pages)
        return _read(pdf, path, sha256)
    except pdfium.PdfiumError as exc:  # e.g. a page tree that contains itself: "Failed to load page"
        raise errors.CorruptFile("PDF-filen", "en sida kunde inte läsas") from exc
    finally:
        pdf.close()


def _has_zero_pages(path: Path) -> bool:
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            return len(pdf.pages) == 0
    except Exception:  # pdfminer raises many types on broken files; any of them means corrupt
        return False


def _read(pdf: pdfium.PdfDocument, path: Path, sha256: str) -> Document:
    warnings: list[str] = []
    lines_by_page: list[list[Line]] = []
    heights: list[float] = []
    tables: list[Table] = []
    scanned_pages: list[int] = []
    for index in range(len(pdf)):
        page = pdf[index]
        number = index + 1
        heights.append(page.get_height())
        lines = _text_lines(page, number)
        objects = _object_types(page)
        if (
            sum(len(line.text.replace(" ", "")) for line in lines) < _MIN_TEXT_CHARS
            and objects[pdfium_c.FPDF_PAGEOBJ_IMAGE] + objects[pdfium_c.FPDF_PAGEOBJ_FORM]
        ):
            scanned_pages.append(number)
            lines = []
        elif objects[pdfium_c.FPDF_PAGEOBJ_PATH] >= 4:  # a ruled table needs a handful of paths
            tables += _tables(page, number)
        lines_by_page.append(lines)
        page.close()

    ocr_pages: list[int] = []
    if scanned_pages:
        result = ocr.read_pages(pdf, scanned_pages)
        for number, ocr_lines in result.lines.items():
            lines_by_page[number - 1] = [
                Line(line.text, number, line.top, line.bottom, line.size, ocr=True, paragraph=line.paragraph)
                for line in ocr_lines
            ]
        ocr_pages = sorted(result.lines)
        warnings += result.warnings

    headers_footers = _strip_running_text(lines_by_page, heights)
    builder = DocumentBuilder()
    _build(builder, lines_by_page, tables)
    if not builder.blocks:
        warnings.append("Ingen text kunde läsas ur PDF-filen.")
    return Document(
        path=str(path),
        sha256=sha256,
        format="pdf",
        pages=len(pdf),
        text=builder.text,
        blocks=builder.blocks,
        metadata=_metadata(pdf),
        warnings=warnings,
        ocr_pages=ocr_pages,
        headers_footers=headers_footers,
    )


# --- reading a page ----------------------------------------------------------------------------------


def _text_lines(page: pdfium.PdfPage, number: int) -> list[Line]:
    """The page's text lines in content order, each with the font of its first visible character."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count > 0 else ""
        aligned = len(text) == count  # char index == string index, so font look-ups are valid
        height = page.get_height()
        lines: list[Line] = []
        position = 0
        # pdfium marks a hyphen it took for end-of-line hyphenation as U+FFFE and drops the line
        # break; split there too, so join_lines decides whether the hyphen was real
        for raw in re.split(r"(\r\n|\n|\r|(?<=\ufffe))", text):
            if not raw or raw in ("\r\n", "\n", "\r"):
                position += len(raw)
                continue
            stripped = raw.strip()
            if stripped and aligned:
                first = position + (len(raw) - len(raw.lstrip()))
                lines.append(_line_at(textpage.raw, first, stripped, number, height))
            elif stripped:
                lines.append(Line(stripped, number, 0.0, 0.0, 0.0))
            position += len(raw)
        return lines
    finally:
        textpage.close()


def _line_at(textpage, index: int, text: str, number: int, height: float) -> Line:
    size = pdfium_c.FPDFText_GetFontSize(textpage, index)
    weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
    box = pdfium_c.FS_RECTF()
    pdfium_c.FPDFText_GetLooseCharBox(textpage, index, ctypes.byref(box))
    return Line(text, number, height - box.top, height - box.bottom, size, bold=weight >= 600)


def _object_types(page: pdfium.PdfPage) -> Counter:
    """How many top-level objects of each type the page has (raw calls: no wrapper per object)."""
    return Counter(
        pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, index))
        for index in range(pdfium_c.FPDFPage_CountObjects(page.raw))
    )


def _tables(page: pdfium.PdfPage, number: int) -> list[Table]:
    """Ruled tables on a page: pdfplumber's lattice algorithm (edges -> intersections -> cells ->
    tables) fed with ruling lines read straight from pdfium's path objects, and the cell text read
    with pdfium. Letting pdfplumber re-interpret the whole page would cost ~50 ms per page."""
    from pdfplumber import table as lattice

    height = page.get_height()
    unique = {tuple(round(e[k]) for k in ("x0", "x1", "top", "bottom")): e for e in _ruling_edges(page, height)}
    edges = lattice.merge_edges(list(unique.values()), 3, 3, 3, 3)
    edges = [e for e in edges if max(e["width"], e["height"]) >= 3]
    cells = lattice.intersections_to_cells(lattice.edges_to_intersections(edges, 3, 3))
    textpage = page.get_textpage()
    found = []
    try:
        for table_cells in lattice.cells_to_tables(cells):
            rows: dict[float, list[tuple]] = {}
            for cell in table_cells:
                rows.setdefault(round(cell[1], 1), []).append(cell)
            texts = [
                tuple(_cell_text(textpage, cell, height) for cell in sorted(row))
                for _, row in sorted(rows.items())
            ]
            texts = [row for row in texts if any(row)]
            if len(texts) >= 2 and max(len(row) for row in texts) >= 2:
                x0 = min(c[0] for c in table_cells)
                top = min(c[1] for c in table_cells)
                x1 = max(c[2] for c in table_cells)
                bottom = max(c[3] for c in table_cells)
                found.append(Table(number, top, bottom, x0, x1, texts))
    finally:
        textpage.close()
    return found


def _cell_text(textpage: pdfium.PdfTextPage, cell: tuple, height: float) -> str:
    x0, top, x1, bottom = cell
    text = textpage.get_text_bounded(left=x0, bottom=height - bottom, right=x1, top=height - top)
    return join_lines(re.split(r"\r\n|\n|\r|(?<=\ufffe)", text))


def _ruling_edges(page: pdfium.PdfPage, height: float) -> list[dict]:
    """Horizontal and vertical straight segments of the page's paths, in top-down coordinates."""
    edges = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for path in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        matrix = path.get_matrix()
        points: list[tuple[float, float]] = []
        start = None
        for index in range(pdfium_c.FPDFPath_CountSegments(path.raw)):
            segment = pdfium_c.FPDFPath_GetPathSegment(path.raw, index)
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            point = matrix.on_point(x.value, y.value)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_LINETO and points:
                edges += _edge(points[-1], point, height)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = point
            points.append(point)
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start:
                edges += _edge(point, start, height)
    return edges


def _edge(a: tuple[float, float], b: tuple[float, float], height: float) -> list[dict]:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) < 1 and abs(ax - bx) >= 1:
        orientation = "h"
    elif abs(ax - bx) < 1 and abs(ay - by) >= 1:
        orientation = "v"
    else:
        return []
    x0, x1 = sorted((ax, bx))
    top, bottom = sorted((height - ay, height - by))
    return [{
        "x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
        "orientation": orientation, "object_type": "line",
    }]


def _metadata(pdf: pdfium.PdfDocument) -> dict[str, str | None]:
    info = pdf.get_metadata_dict(skip_empty=True)
    return {
        "title": info.get("Title"),
        "author": info.get("Author"),
        "created": _pdf_date(info.get("CreationDate")),
        "modified": _pdf_date(info.get("ModDate")),
    }


def _pdf_date(value: str | None) -> str | None:
    """'D:20190312120000Z' -> '2019-03-12T12:00:00'; unparseable dates are passed through."""
    match = re.match(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?", value or "")
    if not match:
        return value
    year, month, day, hour, minute, second = (g or d for g, d in zip(match.groups(), ["", "01", "01", "00", "00", "00"]))
    return f"{year}-{month}-{day}T{hour}:{minute}:{second}"


# --- running headers and footers ---------------------------------------------------------------------


def _strip_running_text(lines_by_page: list[list[Line]], heights: list[float]) -> list[str]:
    """Remove page numbers and lines repeated in the top/bottom margin of most pages; return them."""

    def in_margin(line: Line) -> bool:
        height = heights[line.page - 1]
        return line.bottom <= height * _MARGIN_ZONE or line.top >= height * (1 - _MARGIN_ZONE)

    def key(line: Line) -> str:
        return re.sub(r"[^\w#]", "", re.sub(r"\d+", "#", line.text.lower()))

    pages_with = Counter()
    for lines in lines_by_page:
        pages_with.update({key(line) for line in lines if in_margin(line)})
    needed = max(2, (len(lines_by_page) + 1) // 2)
    running: list[str] = []
    seen: set[str] = set()
    for page_index, lines in enumerate(lines_by_page):
        kept = []
        for line in lines:
            if in_margin(line) and (PAGE_NUMBER.match(line.text) or pages_with[key(line)] >= needed):
                if not PAGE_NUMBER.match(line.text) and key(line) not in seen:
                    seen.add(key(line))
                    running.append(line.text)
            else:
                kept.append(line)
        lines_by_page[page_index] = kept
    return running


# --- lines into blocks -------------------------------------------------------------------------------


@dataclass
class _Style:
    """What ordinary body text looks like, per source (text layer vs OCR)."""

    body_size: float
    pitch: float  # usual distance between the tops of consecutive lines of a paragraph


def _styles(lines_by_page: list[list[Line]]) -> dict[bool, _Style]:
    styles = {}
    for is_ocr in (False, True):
        lines = [line for page in lines_by_page for line in page if line.ocr == is_ocr and line.size > 0]
        if not lines:
            continue
        sizes = Counter()
        for line in lines:
            sizes[round(line.size * 2) / 2] += len(line.text)
        body = sizes.most_common(1)[0][0]
        pitches = [
            b.top - a.top
            for page in lines_by_page
            for a, b in zip(page, page[1:])
            if a.ocr == b.ocr == is_ocr and abs(a.size - body) < 1 and abs(b.size - body) < 1
            and 0 < b.top - a.top < body * 3
        ]
        styles[is_ocr] = _Style(body, statistics.median(pitches) if pitches else body * 1.4)
    return styles


def _heading_levels(lines_by_page: list[list[Line]], styles: dict[bool, _Style]) -> dict:
    """Heading level per (source, rounded font size): the biggest size is level 1. Sizes within ~12%
    of each other share a level, since OCR only estimates them."""
    levels: dict = {}
    for is_ocr, style in styles.items():
        sizes = sorted(
            {round(line.size) for page in lines_by_page for line in page
             if line.ocr == is_ocr and line.size >= style.body_size * 1.15},
            reverse=True,
        )
        level, anchor = 0, None
        for size in sizes:
            if anchor is None or size < anchor * 0.88:
                level, anchor = min(level + 1, 3), size
            levels[(is_ocr, size)] = level
        levels[(is_ocr, "bold")] = min(level + 1, 3)
    return levels


def _line_kind(line: Line, style: _Style, levels) -> tuple[str, int | None]:
    if line.size >= style.body_size * 1.15:
        return "heading", levels.get((line.ocr, round(line.size)), 3)
    if line.bold and len(line.text) < 100 and not line.text.endswith((".", ",")):
        return "heading", levels[(line.ocr, "bold")]
    return "body", None


@dataclass
class _Pending:
    """The block being collected from consecutive lines."""

    kind: str  # heading | paragraph | list_item
    level: int | None
    page: int
    ocr: bool
    lines: list[str]
    last: Line


def _build(builder: DocumentBuilder, lines_by_page: list[list[Line]], tables: list[Table]) -> None:
    styles = _styles(lines_by_page)
    levels = _heading_levels(lines_by_page, styles)
    pending: _Pending | None = None

    def flush() -> None:
        nonlocal pending
        if pending:
            _emit(builder, pending)
        pending = None

    def add_table(table: Table) -> None:
        flush()
        for row in table.rows:
            builder.add("table_row", " | ".join(row), table.page, cells=row)

    for number, lines in enumerate(lines_by_page, start=1):
        on_page = sorted((t for t in tables if t.page == number), key=lambda t: t.top)
        waiting = list(on_page)  # tables not yet placed, placed before the first line below their top
        for line in lines:
            while waiting and line.top >= waiting[0].top:
                add_table(waiting.pop(0))
            if any(t.top - 1 <= line.top and line.bottom <= t.bottom + 1 for t in on_page):
                continue  # the table finder already has this text as cells
            style = styles.get(line.ocr) or _Style(line.size or 11, (line.size or 11) * 1.4)
            kind, level = _line_kind(line, style, levels)
            marker = LIST_MARKER.match(line.text) if kind == "body" else None
            if pending and not marker and _continues(pending, line, kind, level, style):
                pending.lines.append(line.text)
                pending.last = line
                continue
            flush()
            text = line.text[marker.end():] if marker else line.text
            block_kind = "heading" if kind == "heading" else ("list_item" if marker else "paragraph")
            pending = _Pending(block_kind, level, number, line.ocr, [text], line)
        for table in waiting:
            add_table(table)
    flush()


def _continues(pending: _Pending, line: Line, kind: str, level: int | None, style: _Style) -> bool:
    """Does `line` carry on the block being collected (a wrapped line), or start a new one?"""
    last = pending.last
    if line.ocr != last.ocr or (pending.kind == "heading") != (kind == "heading") or pending.level != level:
        return False
    if line.page != last.page:  # a paragraph running over a page break ends mid-sentence
        return (
            pending.kind == "paragraph"
            and not pending.lines[-1].endswith((".", ":", "!", "?"))
            and line.text[:1].islower()
        )
    if line.paragraph != last.paragraph:
        return False
    return 0 < line.top - last.top <= style.pitch * 1.3


def _emit(builder: DocumentBuilder, pending: _Pending) -> None:
    text = join_lines(pending.lines)
    kind, level = pending.kind, pending.level
    if kind == "paragraph" and len(pending.lines) == 1 and (depth := heading_depth(text)):
        kind, level = "heading", depth
    builder.add(kind, text, pending.page, level=level, ocr=pending.ocr)
