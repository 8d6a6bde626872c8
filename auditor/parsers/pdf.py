"""PDF: pypdfium2 text per page (fast), pdfplumber's table finder only on pages with ruling lines,
tesseract OCR for pages without a text layer or with one too broken to read.

A page set in two columns is read column by column, and words a PDF placed apart without a space between
them are separated (pdfium itself resolves ligatures such as "ﬁ"; OCR's are resolved in ocr.py).
Annotations (comments) and filled-in form fields are kept apart from the body, as the Document's comments
and notes.

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
from itertools import accumulate, pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from auditor.document import BlockKind, Document, DocumentBuilder
from auditor.parsers import errors, notices, ocr
from auditor.parsers.lines import (
    DANGLING,
    LIST_MARKER,
    NUMBERED_HEADING,
    PAGE_NUMBER,
    heading_depth,
    join_lines,
    title_like,
)

_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
_MARGIN_ZONE = 0.09  # share of the page height at top and bottom where running text lives
_MIN_TEXT_CHARS = 10  # fewer visible characters than this: the page has no usable text layer
_PDFIUM = threading.Lock()  # pdfium is not thread-safe; the web app parses uploads in threads
# Two columns: a gutter at least this wide, between these shares of the page width, crossed by at most this
# share of the page's text segments, with at least this many segments on each side.
_GUTTER_MIN = 8.0
_GUTTER_ZONE = (0.3, 0.7)
_GUTTER_CROSSING = 0.1
_COLUMN_MIN_SEGMENTS = 5
# Words a PDF placed apart without a space: on a page whose words average this many letters (ordinary
# Swedish, compounds and all, averages 6-7 and no page of the corpora reaches 9.1), each run this long without
# a space is checked for gaps this wide (in ems) beyond the run's usual gap between letters.
_RUN_TOGETHER_LETTERS = 10
_LONG_RUN = re.compile(r"\S{15,}")
_WORD_GAP = 0.08
# A text layer is taken as broken when a page's visible characters are (share) undecodable, mostly not
# letters, or mostly runs of this length without a space.
_MIN_CHECKED_CHARS = 40
_UNDECODABLE = 0.1
_MIN_LETTERS = 0.5
_RUN_WITHOUT_SPACE = 40
_CID = re.compile(r"\(cid:\d+\)")
_NOT_DECODED = re.compile("[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff]")
_LETTERS = re.compile(r"[^\W\d_]+")
# a line ending in a conjunction, preposition or article (lines.DANGLING) carries on in the next one even when OCR saw
# a paragraph gap ("… störande eller farlig moped- och" / "EPA-trafik i centrala Ödmarken …"), up to this many
DANGLING_GAP = 2.5  # line pitches: a paragraph gap, not a section gap


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
    x0: float | None = None  # text layer only: the left edge (a list item's wrapped lines hang at or right of its marker)


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
    broken_pages: dict[int, str] = {}  # page -> why its text layer looks broken
    comments: list[str] = []
    notes: list[str] = []
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
        else:
            if why := _broken_layer(lines):
                broken_pages[number] = why
            if objects[pdfium_c.FPDF_PAGEOBJ_PATH] >= 4:  # a ruled table needs a handful of paths
                tables += _tables(page, number)
        _annotations(page, comments, notes)
        lines_by_page.append(lines)
        page.close()

    ocr_pages: list[int] = []
    for pages, broken in ((scanned_pages, False), (sorted(broken_pages), True)):
        if not pages:
            continue
        result = ocr.read_pages(pdf, pages, broken_layer=broken)
        for number, ocr_lines in result.lines.items():
            lines_by_page[number - 1] = [
                Line(line.text, number, line.top, line.bottom, line.size, ocr=True, paragraph=line.paragraph)
                for line in ocr_lines
            ]
        ocr_pages += result.lines
        if broken:
            reasons = "; ".join(f"sidan {number}: {why}" for number, why in broken_pages.items())
            warnings.append(f"Textlagret i PDF-filen ser trasigt ut ({reasons}).")
        warnings += result.warnings
    ocr_pages.sort()
    comments, notes = list(dict.fromkeys(comments)), list(dict.fromkeys(notes))
    warnings += notices.kept_apart(comments, notes, notices.FORM_FIELDS)

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
        notes=notes,
        comments=comments,
    )


# --- reading a page ----------------------------------------------------------------------------------


def _text_lines(page: pdfium.PdfPage, number: int) -> list[Line]:
    """The page's text lines in reading order, each with the font of its first visible character: pdfium's
    content order, or column by column on a two-column page whose content runs across the columns."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count > 0 else ""
        aligned = len(text) == count  # char index == string index, so font look-ups are valid
        height = page.get_height()
        lines: list[Line] = []
        starts: list[int] = []  # each line's first char index
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
                starts.append(first)
            elif stripped:
                lines.append(Line(stripped, number, 0.0, 0.0, 0.0))
            position += len(raw)
        if aligned and (gutter := _gutter(_segments(textpage, count), page.get_width(), height)) is not None:
            lines, starts = _by_columns(textpage.raw, lines, starts, gutter, number, height)
        if aligned and _run_together(line.text for line in lines):
            for line, first in zip(lines, starts):
                line.text = _respaced(textpage.raw, first, line.text)
        return lines
    finally:
        textpage.close()


def _run_together(texts) -> bool:
    """Are the page's words, on average, too long to be words?"""
    words = _LETTERS.findall(" ".join(texts))
    return bool(words) and sum(map(len, words)) >= _RUN_TOGETHER_LETTERS * len(words)


def _respaced(textpage, first: int, text: str) -> str:
    """`text` (starting at char index `first`) with a space put back wherever a long run without one has a
    gap between two letters much wider than the run's usual one: words placed apart with no space char."""
    pieces: list[str] = []
    done = 0
    for run in _LONG_RUN.finditer(text):
        boxes = [_char_box(textpage, first + i) for i in range(run.start(), run.end())]
        size = pdfium_c.FPDFText_GetFontSize(textpage, first + run.start()) or 10.0
        gaps = [b[0] - a[1] for a, b in pairwise(boxes)]
        usual = statistics.median(gaps) if gaps else 0.0
        for i, gap in enumerate(gaps):
            if gap > max(_WORD_GAP * size, usual + _WORD_GAP / 2 * size):
                cut = run.start() + i + 1
                pieces += [text[done:cut], " "]
                done = cut
    pieces.append(text[done:])
    return "".join(pieces)


def _char_box(textpage, index: int) -> tuple[float, float]:
    """Left and right of a character's advance (its loose box): letters of one word touch."""
    box = pdfium_c.FS_RECTF()
    pdfium_c.FPDFText_GetLooseCharBox(textpage, index, ctypes.byref(box))
    return box.left, box.right


@dataclass
class _Segment:
    """A run of text pdfium keeps together on one line (PDF coordinates: y grows upwards)."""

    left: float
    top: float
    right: float
    bottom: float


def _segments(textpage: pdfium.PdfTextPage, count: int) -> list[_Segment]:
    if count <= 0:
        return []
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    found = []
    for index in range(pdfium_c.FPDFText_CountRects(textpage.raw, 0, count)):
        pdfium_c.FPDFText_GetRect(textpage.raw, index, left, top, right, bottom)
        found.append(_Segment(left.value, top.value, right.value, bottom.value))
    return found


def _gutter(segments: list[_Segment], width: float, height: float) -> float | None:
    """The x of the gutter between two columns of prose, or None for a page in one column.

    The gutter is the widest vertical band in the middle of the page that (almost) no text segment of the
    body crosses, with segments on both sides that stand side by side and fill their column as prose does
    (a two-column table of short labels and values is no pair of columns)."""
    body = [s for s in segments if height * _MARGIN_ZONE < s.top and s.bottom < height * (1 - _MARGIN_ZONE)]
    if len(body) < 2 * _COLUMN_MIN_SEGMENTS or width <= 0:
        return None
    bins = int(width) + 2
    change = [0] * (bins + 1)
    for s in body:
        change[max(0, min(bins, int(s.left)))] += 1
        change[max(0, min(bins, int(s.right) + 1))] -= 1
    allowed = len(body) * _GUTTER_CROSSING
    coverage = list(accumulate(change))  # segments over each point of the page's width
    best, run_start = (0, 0), None
    for x in range(int(width * _GUTTER_ZONE[0]), int(width * _GUTTER_ZONE[1]) + 1):
        if coverage[x] <= allowed:
            run_start = x if run_start is None else run_start
            if x + 1 - run_start > best[1] - best[0]:
                best = (run_start, x + 1)
        else:
            run_start = None
    if best[1] - best[0] < _GUTTER_MIN:
        return None
    gutter = (best[0] + best[1]) / 2
    left = [s for s in body if s.right <= gutter]
    right = [s for s in body if s.left >= gutter]
    if min(len(left), len(right)) < max(_COLUMN_MIN_SEGMENTS, len(body) // 4):
        return None
    overlap = min(max(s.top for s in left), max(s.top for s in right)) - max(
        min(s.bottom for s in left), min(s.bottom for s in right))
    if overlap <= 0:
        return None
    left_edge, right_edge = min(s.left for s in left), max(s.right for s in right)
    if (statistics.median(s.right - s.left for s in left) < 0.5 * (best[0] - left_edge)
            or statistics.median(s.right - s.left for s in right) < 0.5 * (right_edge - best[1])):
        return None
    return gutter


def _by_columns(textpage, lines: list[Line], starts: list[int], gutter: float, number: int,
                height: float) -> tuple[list[Line], list[int]]:
    """Lines of a two-column page in reading order. Most PDFs write a page column by column, and their order
    is kept; where the content runs line by line across both columns (pdfium then joins the two halves into
    one line), the lines are cut at the gutter and that stretch is read left column first, then right."""
    parts: list[tuple[str, Line, int]] = []  # (left | right | full, line, first char index)
    for line, first in zip(lines, starts):
        end = first + len(line.text)
        if _char_box(textpage, end - 1)[1] <= gutter:
            parts.append(("left", line, first))
        elif _char_box(textpage, first)[0] >= gutter:
            parts.append(("right", line, first))
        elif (cut := _cut_at(textpage, first, end, gutter)) is not None:
            left, right = line.text[: cut - first].rstrip(), line.text[cut - first:].lstrip()
            cut += len(line.text[cut - first:]) - len(right)
            parts.append(("left", _line_at(textpage, first, left, number, height), first))
            parts.append(("right", _line_at(textpage, cut, right, number, height), cut))
        else:
            parts.append(("full", line, first))
    ordered: list[tuple[str, Line, int]] = []
    stretch: list[tuple[str, Line, int]] = []
    across = 0  # left-to-right steps on one row within the stretch

    def flush() -> None:
        nonlocal across
        if across >= 2:
            stretch.sort(key=lambda part: part[0] != "left")  # stable: each column keeps its order
        ordered.extend(stretch)
        stretch.clear()
        across = 0

    for part in parts:
        side, line, _ = part
        if stretch and side != "full":
            before_side, before, _ = stretch[-1]
            same_row = abs(line.top - before.top) < max(line.bottom - line.top, 1.0)
            if before_side == "left" and side == "right" and same_row:
                across += 1
            elif not (line.top > before.top or same_row):
                flush()  # back up the page: the content has gone on to the next column
        if side == "full":
            flush()
            ordered.append(part)
        else:
            stretch.append(part)
    flush()
    return [line for _, line, _ in ordered], [first for _, _, first in ordered]


def _cut_at(textpage, first: int, end: int, gutter: float) -> int | None:
    """The index of the first character right of the gutter, when a gap at the gutter separates the line's
    two halves; None when the text runs across it."""
    for index in range(first + 1, end):
        left, right = _char_box(textpage, index)
        if left >= gutter and _char_box(textpage, index - 1)[1] <= gutter:
            return index
        if left < gutter < right:
            return None
    return None


def _broken_layer(lines: list[Line]) -> str | None:
    """Why the page's text layer looks broken (Swedish), or None: characters that do not decode (a font
    without a character map), mostly non-letters, or mostly long runs without a space."""
    text = " ".join(line.text for line in lines)
    visible = "".join(text.split())
    if len(visible) < _MIN_CHECKED_CHARS:
        return None
    undecodable = len(_NOT_DECODED.findall(visible)) + 6 * len(_CID.findall(visible))
    if undecodable > len(visible) * _UNDECODABLE:
        return "tecken som inte kan avkodas"
    if sum(map(len, _LETTERS.findall(text))) < len(visible) * _MIN_LETTERS:
        return "mest tecken som inte är bokstäver"
    if sum(len(word) for word in text.split() if len(word) >= _RUN_WITHOUT_SPACE) > len(visible) / 2:
        return "långa teckenföljder utan mellanrum"
    return None


def _annotations(page: pdfium.PdfPage, comments: list[str], notes: list[str]) -> None:
    """The page's comments (annotations with a text: notes, highlights, free text) and filled-in form fields
    ("Kommun: Lund"), which are no part of the page's text."""
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        if not annot:
            continue
        try:
            kind = pdfium_c.FPDFAnnot_GetSubtype(annot)
            if kind == pdfium_c.FPDF_ANNOT_WIDGET:
                value = _annot_string(annot, b"V")
                if value:
                    name = _annot_string(annot, b"TU") or _annot_string(annot, b"T")
                    notes.append(f"{name}: {value}" if name else value)
            elif kind not in (pdfium_c.FPDF_ANNOT_POPUP, pdfium_c.FPDF_ANNOT_LINK):
                text = _annot_string(annot, b"Contents")
                if text:
                    author = _annot_string(annot, b"T")
                    comments.append(f"{author}: {text}" if author else text)
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)


def _annot_string(annot, key: bytes) -> str:
    size = pdfium_c.FPDFAnnot_GetStringValue(annot, key, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFAnnot_GetStringValue(annot, key, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size)
    return " ".join(buffer.raw[: size - 2].decode("utf-16-le", errors="replace").split())


def _line_at(textpage, index: int, text: str, number: int, height: float) -> Line:
    """The line's font from its first character; bold only when its last character is bold too: a paragraph that
    opens with a bold run-in label ("**Narkotika bland unga.** Många unga …") is no heading."""
    size = pdfium_c.FPDFText_GetFontSize(textpage, index)
    bold = all(pdfium_c.FPDFText_GetFontWeight(textpage, i) >= 600 for i in (index, index + len(text) - 1))
    box = pdfium_c.FS_RECTF()
    pdfium_c.FPDFText_GetLooseCharBox(textpage, index, ctypes.byref(box))
    return Line(text, number, height - box.top, height - box.bottom, size, bold=bold, x0=box.left)


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

    pages_with: Counter[str] = Counter()
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
        sizes: Counter[float] = Counter()
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
    if line.bold and title_like(line.text):
        return "heading", levels[(line.ocr, "bold")]
    return "body", None


@dataclass
class _Pending:
    """The block being collected from consecutive lines."""

    kind: BlockKind  # heading | paragraph | list_item
    level: int | None
    page: int
    ocr: bool
    lines: list[str]
    first: Line
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
            block_kind: BlockKind = "heading" if kind == "heading" else ("list_item" if marker else "paragraph")
            pending = _Pending(block_kind, level, number, line.ocr, [text], line, line)
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
    first = pending.first
    if (pending.kind == "list_item" and line.x0 is not None and first.x0 is not None and line.x0 < first.x0 - 1
            and not line.text[:1].islower()):
        return False  # left of the item's marker: the text after the list ("Kommunen lovar att:"), not a wrapped line
    dangling = pending.kind != "heading" and kind == "body" and DANGLING.search(pending.lines[-1])
    if line.paragraph != last.paragraph and not dangling:
        return False
    # a heading set larger than the body is spaced by its own size: a title wrapped onto a second line is one title
    # (a numbered line starts a heading of its own: "1 Inledning" / "1.1 Bakgrund")
    if pending.kind == "heading" and NUMBERED_HEADING.match(line.text):
        return False
    pitch = max(style.pitch, last.size * style.pitch / style.body_size) if pending.kind == "heading" else style.pitch
    return 0 < line.top - last.top <= pitch * (DANGLING_GAP if dangling else 1.3)


def _emit(builder: DocumentBuilder, pending: _Pending) -> None:
    text = join_lines(pending.lines)
    kind, level = pending.kind, pending.level
    if kind == "paragraph" and len(pending.lines) == 1 and (depth := heading_depth(text)):
        kind, level = "heading", depth
    builder.add(kind, text, pending.page, level=level, ocr=pending.ocr)
