"""The one renderer: a source (Markdown subset + YAML front matter, see README.md) into PDF, DOCX,
scanned image-only PDF or plain text. The corpus generator and the test fixtures both use it.

Rendering is reproducible: the same source gives byte-identical files (fixed dates, seeded noise).

Optional front-matter keys switch on layout features; a source without them renders as before:
- `footer: page_of` -- "Sida N av M" on every PDF/scan page, PAGE/NUMPAGES fields in a DOCX footer,
  and a "Sida N av M" line closing each page of a hard-wrapped text (`wrap`).
- `columns: 2` -- PDF/scan body text in two balanced columns; level-1 headings, tables and signature
  blocks span the full width.
- `scan_dpi`, `scan_skew` (degrees), `scan_noise` (dust amount, 1 = the default) -- scans (`format: scan`).
- `wrap: 72` -- `format: txt` becomes a hard-wrapped, paginated text export (see `render_txt_wrapped`).
- `signature: false` -- turns off the signature-table rule (see `is_signature_table`).
A table preceded by the line `<!-- signatures -->`, or whose header row is place + date in every cell
("| Ekebro 2024-02-01 | Ekebro 2024-02-01 |"), is a signature block: no grid, the parties side by side
with room to sign.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import re
import textwrap
import threading
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FORMAT_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "scan": ".pdf", "txt": ".txt"}
_DEFAULT_DATE = dt.date(2020, 1, 1)


@dataclass
class Part:
    """One element of a source body."""

    kind: str  # heading | paragraph | list_item | table | pagebreak
    text: str = ""
    level: int | None = None  # heading level
    number: int | None = None  # numbered list item
    rows: list[list[str]] = field(default_factory=list)  # table, first row is the header
    signature: bool = False  # table: a signature block (see is_signature_table)


@dataclass
class Source:
    meta: dict
    parts: list[Part]

    @property
    def id(self) -> str:
        return str(self.meta.get("id") or "dokument")

    @property
    def date(self) -> dt.date:
        value = self.meta.get("date")
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        return _DEFAULT_DATE


# --- parsing the source ----------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_PAGEBREAK = re.compile(r"^<!--\s*pagebreak\s*-->$", re.IGNORECASE)
_SIGNATURES = re.compile(r"^<!--\s*signatures?\s*-->$", re.IGNORECASE)
_MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
# "Ekebro 2024-02-01", "Ekebro den 1 februari 2024", "Ekebro, 2024-02-01"
_PLACE_DATE = re.compile(
    rf"^[A-ZÅÄÖ][\w\-. ]*?,?\s+(?:den\s+)?(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}})$"
)
# a row that is only the line to sign on: "______", "………", "..........", "------"
_SIGN_LINE = re.compile(r"^[_.…\-–\s]{3,}$")


def is_signature_table(rows: list[list[str]]) -> bool:
    """The rule: at most three columns, at most eight rows, and every header cell is a place followed
    by a date ("Ekebro 2024-02-01", "Ekebro den 1 februari 2024")."""
    if not rows or len(rows) > 8 or not 1 <= len(rows[0]) <= 3:
        return False
    return all(_PLACE_DATE.match(cell.strip()) for cell in rows[0])


def parse_source(text: str) -> Source:
    meta: dict = {}
    body = text
    if text.startswith("---"):
        _, front, body = re.split(r"^---\s*$", text, maxsplit=2, flags=re.MULTILINE)
        meta = yaml.safe_load(front) or {}
    parts = parse_body(body)
    if meta.get("signature", True) is not False:
        for part in parts:
            if part.kind == "table" and is_signature_table(part.rows):
                part.signature = True
    return Source(meta, parts)


def parse_body(body: str) -> list[Part]:
    parts: list[Part] = []
    current: Part | None = None  # paragraph or list item still collecting lines
    signatures_next = False  # a `<!-- signatures -->` marker waits for its table
    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            current = None
            continue
        if _SIGNATURES.match(line):
            signatures_next = True
            current = None
        elif _PAGEBREAK.match(line):
            parts.append(Part("pagebreak"))
            current = None
        elif m := _HEADING.match(line):
            parts.append(Part("heading", m.group(2).strip(), level=len(m.group(1))))
            current = None
        elif line.startswith("|"):
            if _TABLE_RULE.match(line):
                continue
            cells = [c.strip() for c in line.strip("|").split("|")]
            if parts and parts[-1].kind == "table" and current is parts[-1]:
                parts[-1].rows.append(cells)
            else:
                parts.append(Part("table", rows=[cells], signature=signatures_next))
                signatures_next = False
            current = parts[-1]
        elif m := _BULLET.match(line):
            current = Part("list_item", m.group(1).strip())
            parts.append(current)
        elif m := _NUMBERED.match(line):
            current = Part("list_item", m.group(2).strip(), number=int(m.group(1)))
            parts.append(current)
        elif current is not None and current.kind in ("paragraph", "list_item"):
            current.text += " " + line
        else:
            current = Part("paragraph", line)
            parts.append(current)
    return parts


def load_source(path: str | Path) -> Source:
    return parse_source(Path(path).read_text(encoding="utf-8"))


# --- OCR-like damage ---------------------------------------------------------------------------------

# What a weak OCR does to Swedish letters (seen in real scanned reports): the letter loses its
# diacritic or turns into a look-alike. Not every occurrence is damaged.
_DAMAGE = {
    "ä": ["a", "a", "i"], "ö": ["o", "6", "é"], "å": ["a"], "é": ["e"],
    "Ä": ["A"], "Ö": ["O", "6"], "Å": ["A"],
}
_DAMAGE_RATE = 0.6


def ocr_damage(text: str, seed: str) -> str:
    rng = random.Random(seed)
    return "".join(
        rng.choice(_DAMAGE[c]) if c in _DAMAGE and rng.random() < _DAMAGE_RATE else c for c in text
    )


def damaged(source: Source) -> Source:
    """The source with OCR damage applied to all its text, when its front matter asks for it."""
    if not source.meta.get("ocr_damage"):
        return source
    seed = source.id

    def hurt(text: str) -> str:
        return ocr_damage(text, f"{seed}:{text}")

    parts = [
        Part(
            p.kind, hurt(p.text), p.level, p.number, [[hurt(c) for c in row] for row in p.rows], p.signature
        )
        for p in source.parts
    ]
    return Source(source.meta, parts)


# --- PDF ---------------------------------------------------------------------------------------------

_BODY_SIZE = 11
_HEADING_SIZE = {1: 18, 2: 14, 3: 12}
_COLUMN_HEADING_SIZE = {1: 18, 2: 12, 3: 11}  # headings inside a text column
_LINE_H = 5.5  # mm, body line height
_PARA_GAP = 3.0  # mm between blocks, so a reader can tell paragraphs apart
_GUTTER = 8.0  # mm between text columns, and between the parties of a signature block
_SIGN_SPACE = 14.0  # mm left blank above the line to sign on
_SIGN_SIZE = 10  # pt, signature block text

_SUBSET_LOCK = threading.Lock()


@contextmanager
def _stable_font_subset():
    """Embed the same font subset whatever fontTools is installed.

    fontTools' subsetter used to keep only `name` records 0-6 by default; newer releases (4.69 here)
    keep 0-255, which changes every embedded font and so every PDF byte. fpdf2 builds the subsetter
    options itself, so the old set is pinned while a PDF is written (the lock keeps threads apart).
    """
    from fontTools import subset

    original = subset.Options

    class _Options(original):  # type: ignore[misc, valid-type]
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.name_IDs = [0, 1, 2, 3, 4, 5, 6]

    with _SUBSET_LOCK:
        subset.Options = _Options
        try:
            yield
        finally:
            subset.Options = original


def _page_of(meta: dict) -> bool:
    """`footer: page_of`: pages say "Sida N av M"."""
    return str(meta.get("footer") or "").strip().lower() == "page_of"


def _columns(meta: dict) -> int:
    return max(1, int(meta.get("columns") or 1))


def _wrap(width_of, text: str, width: float, hyphenate: bool) -> list[str]:
    """Greedy word wrap; with `hyphenate`, long words are split at line end with a hyphen."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if width_of(candidate) <= width:
            line = candidate
            continue
        if hyphenate and line and len(word) >= 8 and word.isalpha():
            for cut in range(len(word) - 3, 3, -1):
                head = f"{line} {word[:cut]}-"
                if width_of(head) <= width:
                    lines.append(head)
                    line = word[cut:]
                    break
            else:
                lines.append(line)
                line = word
            continue
        if line:
            lines.append(line)
        line = word
    if line:
        lines.append(line)
    return lines


_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def _emphasis(text: str) -> list[tuple[str, str]] | None:
    """`text` as (piece, style) with its `**bold**` spans as style "B"; None when it has none."""
    if not _BOLD.search(text):
        return None
    pieces: list[tuple[str, str]] = []
    position = 0
    for m in _BOLD.finditer(text):
        if m.start() > position:
            pieces.append((text[position : m.start()], ""))
        pieces.append((m.group(1), "B"))
        position = m.end()
    if position < len(text):
        pieces.append((text[position:], ""))
    return pieces


def _unmarked(text: str) -> str:
    """`text` without `**` emphasis markers (a text export loses the bold)."""
    return _BOLD.sub(r"\1", text)


# A styled word: its fragments (text, style); a line: its words.
_Word = list[tuple[str, str]]


def _wrap_styled(pdf, pieces: list[tuple[str, str]], base: str, size: int, width: float):
    """Greedy word wrap of emphasised text into lines of styled words."""
    words: list[_Word] = [[]]
    for text, style in pieces:
        for chunk in re.split(r"(\s+)", text):
            if chunk.isspace():
                if words[-1]:
                    words.append([])
            elif chunk:
                words[-1].append((chunk, style or base))
    words = [word for word in words if word]

    def width_of(word: _Word) -> float:
        total = 0.0
        for text, style in word:
            pdf.set_font("DejaVu", style, size)
            total += pdf.get_string_width(text)
        return total

    pdf.set_font("DejaVu", base, size)
    space = pdf.get_string_width(" ")
    lines: list[list[_Word]] = []
    line: list[_Word] = []
    used = 0.0
    for word in words:
        w = width_of(word)
        if line and used + space + w > width:
            lines.append(line)
            line, used = [], 0.0
        used += (space if line else 0.0) + w
        line.append(word)
    if line:
        lines.append(line)
    return lines


def _draw_styled(pdf, line: list[_Word], size: int, height: float) -> None:
    """One line of styled words from the current position; spaces stay in the text layer."""
    for n, word in enumerate(line):
        for k, (text, style) in enumerate(word):
            if k == len(word) - 1 and n < len(line) - 1:
                text += " "
            pdf.set_font("DejaVu", style, size)
            pdf.cell(pdf.get_string_width(text), height, text)


def render_pdf(source: Source, out: Path, *, hyphenate: bool = False) -> Path:
    from fpdf import FPDF
    from fpdf.enums import TableHeadingsDisplay, XPos, YPos

    running_header = source.meta.get("running_header")
    page_of = _page_of(source.meta)
    columns = _columns(source.meta)

    class _Pdf(FPDF):
        def header(self) -> None:
            if running_header:
                self.set_font("DejaVu", "", 8)
                self.cell(0, 5, str(running_header), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                self.ln(4)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("DejaVu", "", 8)
            text = f"Sida {self.page_no()} av {{nb}}" if page_of else f"Sida {self.page_no()}"
            self.cell(0, 10, text, align="C")

    pdf = _Pdf(format="A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(20, 15, 20)
    created = dt.datetime.combine(source.date, dt.time(12, 0), tzinfo=dt.timezone.utc)
    pdf.set_creation_date(created)
    pdf.set_title(str(source.meta.get("title") or source.id))
    if source.meta.get("author"):
        pdf.set_author(str(source.meta["author"]))
    pdf.set_creator("granskaren corpus_samples/render.py")
    if page_of:
        pdf.alias_nb_pages("{nb}")
    pdf.add_page()

    def write_lines(text: str, size: int, style: str = "", indent: float = 0, hang: float = 0) -> None:
        pieces = _emphasis(text)
        if pieces is not None:
            width = pdf.epw - indent - hang
            for i, line in enumerate(_wrap_styled(pdf, pieces, style, size, width)):
                pdf.set_x(pdf.l_margin + indent + (hang if i else 0))
                _draw_styled(pdf, line, size, size * 0.5)
                pdf.ln(size * 0.5)
            return
        pdf.set_font("DejaVu", style, size)
        width = pdf.epw - indent - hang
        for i, line in enumerate(_wrap(pdf.get_string_width, text, width, hyphenate)):
            pdf.set_x(pdf.l_margin + indent + (hang if i else 0))
            pdf.cell(width + (0 if i else hang), size * 0.5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    # With `columns`, body text waits here until a full-width element (a level-1 heading, a table, a
    # page break) or the end, then is set in balanced columns. What precedes the first heading (the
    # letterhead) spans the full width.
    flow: list[Part] = []
    seen_heading = False

    def set_flow() -> None:
        if flow:
            _set_columns(pdf, flow, columns, hyphenate)
            flow.clear()

    for part in source.parts:
        seen_heading = seen_heading or part.kind == "heading"
        if columns > 1 and seen_heading and (
            part.kind in ("paragraph", "list_item") or (part.kind == "heading" and part.level > 1)
        ):
            flow.append(part)
            continue
        carried: list[Part] = []  # a heading right above a table spans the width with it
        while part.kind == "table" and flow and flow[-1].kind == "heading":
            carried.insert(0, flow.pop())
        set_flow()
        for heading in carried:
            pdf.ln(3)
            write_lines(heading.text, _HEADING_SIZE[heading.level], "B")
            pdf.ln(_PARA_GAP)
        if part.kind == "pagebreak":
            pdf.add_page()
        elif part.kind == "heading":
            pdf.ln(3)
            write_lines(part.text, _HEADING_SIZE[part.level], "B")
            pdf.ln(_PARA_GAP)
        elif part.kind == "paragraph":
            write_lines(part.text, _BODY_SIZE)
            pdf.ln(_PARA_GAP)
        elif part.kind == "list_item":
            marker = f"{part.number}. " if part.number is not None else "• "
            pdf.set_font("DejaVu", "", _BODY_SIZE)
            write_lines(marker + part.text, _BODY_SIZE, indent=5, hang=pdf.get_string_width(marker))
            pdf.ln(1.5)
        elif part.kind == "table" and part.signature:
            _signature_block(pdf, part.rows)
        elif part.kind == "table":
            pdf.set_font("DejaVu", "", 10)
            with pdf.table(
                text_align="LEFT",
                line_height=5,
                repeat_headings=TableHeadingsDisplay.NONE,
                first_row_as_headings=True,
            ) as table:
                for row in part.rows:
                    cells = table.row()
                    for cell in row:
                        cells.cell(cell)
            pdf.ln(_PARA_GAP)
    set_flow()
    with _stable_font_subset():
        pdf.output(str(out))
    return out


@dataclass
class _Line:
    """One line of a text column, or (`text` None) vertical space."""

    height: float
    text: str | None = None
    size: int = _BODY_SIZE
    style: str = ""
    indent: float = 0.0  # mm from the column's left edge
    keep: bool = False  # keep with the next line (a heading and the space below it)
    styled: list | None = None  # the line as styled words, when it has `**bold**`


def _column_lines(pdf, parts: list[Part], width: float, hyphenate: bool) -> list[_Line]:
    lines: list[_Line] = []

    def add(text: str, size: int, style: str = "", indent: float = 0, hang: float = 0, keep=False):
        pieces = _emphasis(text)
        if pieces is not None:
            styled = _wrap_styled(pdf, pieces, style, size, width - indent - hang)
            for i, line in enumerate(styled):
                lines.append(_Line(size * 0.5, "", size, style, indent + (hang if i else 0), keep, line))
            return
        pdf.set_font("DejaVu", style, size)
        wrapped = _wrap(pdf.get_string_width, text, width - indent - hang, hyphenate)
        for i, line in enumerate(wrapped):
            lines.append(_Line(size * 0.5, line, size, style, indent + (hang if i else 0), keep))

    for part in parts:
        if part.kind == "heading":
            lines.append(_Line(3.0))
            add(part.text, _COLUMN_HEADING_SIZE[part.level], "B", keep=True)
            lines.append(_Line(_PARA_GAP - 1, keep=True))
        elif part.kind == "paragraph":
            add(part.text, _BODY_SIZE)
            lines.append(_Line(_PARA_GAP))
        elif part.kind == "list_item":
            marker = f"{part.number}. " if part.number is not None else "• "
            pdf.set_font("DejaVu", "", _BODY_SIZE)
            add(marker + part.text, _BODY_SIZE, indent=4, hang=pdf.get_string_width(marker))
            lines.append(_Line(1.5))
    return lines


def _fill(lines: list[_Line], start: int, height: float, ncols: int) -> list[tuple[int, int]]:
    """Fill `ncols` columns of `height` mm greedily from `start`: each column's [from, to) lines.
    A column starts with text, not space, and does not end with a heading."""
    ranges = []
    i = start
    for _ in range(ncols):
        while i < len(lines) and lines[i].text is None:
            i += 1
        j, used = i, 0.0
        while j < len(lines) and used + lines[j].height <= height:
            used += lines[j].height
            j += 1
        if j < len(lines):
            k = j
            while k > i and lines[k - 1].keep:
                k -= 1
            if k > i:
                j = k
        ranges.append((i, j))
        i = j
    return ranges


def _set_columns(pdf, parts: list[Part], ncols: int, hyphenate: bool) -> None:
    """Set body parts in `ncols` columns: fill page after page, balance the columns on the last one."""
    width = (pdf.epw - _GUTTER * (ncols - 1)) / ncols
    lines = _column_lines(pdf, parts, width, hyphenate)
    i = 0
    while i < len(lines):
        top = pdf.get_y()
        height = pdf.h - pdf.b_margin - top - 0.01
        ranges = _fill(lines, i, height, ncols)
        if ranges[-1][1] >= len(lines):  # the rest fits: balance the columns
            total = sum(line.height for line in lines[i:])
            target = total / ncols
            while target < height:
                balanced = _fill(lines, i, target, ncols)
                if balanced[-1][1] >= len(lines):
                    ranges = balanced
                    break
                target += 1.0
        bottom = top
        for c, (a, b) in enumerate(ranges):
            x = pdf.l_margin + c * (width + _GUTTER)
            y = top
            for line in lines[a:b]:
                if line.styled is not None:
                    pdf.set_xy(x + line.indent, y)
                    _draw_styled(pdf, line.styled, line.size, line.height)
                elif line.text is not None:
                    pdf.set_font("DejaVu", line.style, line.size)
                    pdf.set_xy(x + line.indent, y)
                    pdf.cell(width - line.indent, line.height, line.text)
                y += line.height
            bottom = max(bottom, y)
        if ranges[-1][1] == i and top <= pdf.t_margin + 20:
            raise ValueError("a line is taller than a column")
        i = ranges[-1][1]
        if i < len(lines):
            pdf.add_page()
        else:
            pdf.set_xy(pdf.l_margin, bottom)


def _is_sign_row(row: list[str]) -> bool:
    """A row that is only the line to sign on ("______", "………")."""
    return any(cell.strip() for cell in row) and all(
        _SIGN_LINE.match(cell) or not cell.strip() for cell in row
    )


def _signing_place(rows: list[list[str]]) -> tuple[int, bool]:
    """Where the parties sign: (index of a row that is the line to sign on, True), or (index of the
    row above which room is left, False) -- below the place/date row and any "För ..." rows."""
    for i, row in enumerate(rows):
        if _is_sign_row(row):
            return i, True
    i = 1
    while i < len(rows) and all(
        not cell.strip() or cell.strip().startswith("För ") or _PLACE_DATE.match(cell.strip())
        for cell in rows[i]
    ):
        i += 1
    return i, False


def _padded(rows: list[list[str]]) -> list[list[str]]:
    ncols = max(len(row) for row in rows)
    return [row + [""] * (ncols - len(row)) for row in rows]


def _signature_block(pdf, rows: list[list[str]]) -> None:
    """The parties side by side, no grid: place and date, room to sign, a line, name and title."""
    rows = _padded(rows)
    ncols = len(rows[0])
    slots = max(ncols, 2)  # a lone signatory takes half the width, as on paper
    width = (pdf.epw - _GUTTER * (slots - 1)) / slots
    line_h = _SIGN_SIZE * 0.5
    place, is_line = _signing_place(rows)
    pdf.set_font("DejaVu", "", _SIGN_SIZE)

    def layout(column: int) -> tuple[list[tuple[float, str]], float]:
        """(y offset, text) lines of one party and the y offset of a drawn signing line (or -1)."""
        out: list[tuple[float, str]] = []
        y, rule = 0.0, -1.0
        for r, row in enumerate(rows):
            if r == place:
                y += _SIGN_SPACE
                if not is_line:
                    rule = y
                    y += 1.5
            for line in _wrap(pdf.get_string_width, row[column], width, False) or [""]:
                out.append((y, line))
                y += line_h
        if place >= len(rows) and not is_line:
            rule = y + _SIGN_SPACE
        return out, rule

    laid = [layout(c) for c in range(ncols)]
    height = max(max((y for y, _ in lines), default=0) + line_h for lines, _ in laid) + _SIGN_SPACE
    if pdf.get_y() + height > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(2)
    top = pdf.get_y()
    bottom = top
    pdf.set_draw_color(0)
    pdf.set_line_width(0.2)
    for c, (lines, rule) in enumerate(laid):
        x = pdf.l_margin + c * (width + _GUTTER)
        for y, text in lines:
            pdf.set_xy(x, top + y)
            pdf.cell(width, line_h, text)
            bottom = max(bottom, top + y + line_h)
        if rule >= 0:
            pdf.line(x, top + rule, x + width * 0.9, top + rule)
            bottom = max(bottom, top + rule + line_h)
    pdf.set_xy(pdf.l_margin, bottom)
    pdf.ln(_PARA_GAP)


# --- scanned, image-only PDF -------------------------------------------------------------------------

SCAN_DPI = 200


def render_scan(source: Source, out: Path, *, dpi: int | None = None) -> Path:
    """Lay the text out as a PDF, rasterise it, tilt and speckle each page, keep only the images.

    Front matter: `scan_dpi` (default SCAN_DPI), `scan_skew` (degrees: each page is turned by 70-100 %
    of it, either way; default up to 0.6°), `scan_noise` (dust: 1 = the default amount; when set,
    also grey paper, toner that is not quite black, and a few blots). All noise is seeded with the
    id, so a scan is reproducible."""
    import pypdfium2 as pdfium
    from fpdf import FPDF

    dpi = int(dpi or source.meta.get("scan_dpi") or SCAN_DPI)
    skew = source.meta.get("scan_skew")
    noise = source.meta.get("scan_noise")
    text_pdf = out.with_name(out.stem + ".text-layer.tmp.pdf")
    render_pdf(source, text_pdf)
    rng = random.Random(source.id)
    images = []
    try:
        pdf = pdfium.PdfDocument(str(text_pdf))
        for page in pdf:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            images.append(_scanned_look(image, rng, skew=skew, noise=noise))
        pdf.close()
    finally:
        text_pdf.unlink(missing_ok=True)

    scan = FPDF(format="A4")
    scan.set_creation_date(dt.datetime.combine(source.date, dt.time(12, 0), tzinfo=dt.timezone.utc))
    scan.set_title(str(source.meta.get("title") or source.id))
    if source.meta.get("author"):
        scan.set_author(str(source.meta["author"]))
    scan.set_creator("granskaren corpus_samples/render.py (skannad)")
    for image in images:
        scan.add_page()
        scan.image(image, x=0, y=0, w=scan.w, h=scan.h)
    scan.output(str(out))
    return out


def _scanned_look(image, rng: random.Random, *, skew=None, noise=None):
    from PIL import Image

    if skew is None:
        angle = rng.uniform(-0.6, 0.6)
    else:
        angle = rng.choice((-1.0, 1.0)) * float(skew) * rng.uniform(0.7, 1.0)
    image = image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255, expand=False)
    if noise is not None:
        image = _paper(image, rng, float(noise))
    pixels = image.load()
    width, height = image.size
    specks = width * height // 4000 if noise is None else int(width * height * float(noise)) // 4000
    for _ in range(specks):  # dust specks
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = rng.randrange(60, 200)
    return image


def _paper(image, rng: random.Random, amount: float):
    """Grey paper, toner that is not quite black, and a few blots and specks of two by two pixels.
    (No per-pixel grain: it would make every page several times the size.)"""
    from PIL import ImageDraw

    width, height = image.size
    image = image.point(lambda v: 18 + v * 228 // 255)  # black 18, white 246
    draw = ImageDraw.Draw(image)
    for _ in range(round(6 * amount)):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.uniform(1.0, 3.5)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randrange(40, 140))
    for _ in range(int(width * height * amount) // 40000):
        x, y = rng.randrange(width - 1), rng.randrange(height - 1)
        draw.rectangle((x, y, x + 1, y + 1), fill=rng.randrange(80, 190))
    return image


# --- DOCX --------------------------------------------------------------------------------------------

_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def render_docx(source: Source, out: Path) -> Path:
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    swedish = source.meta.get("docx_heading_style") == "Rubrik"
    styles = document.styles
    if swedish:
        for level in (1, 2, 3):
            style = styles.add_style(f"Rubrik {level}", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[f"Heading {level}"]
            style.next_paragraph_style = styles["Normal"]

    for part in source.parts:
        if part.kind == "pagebreak":
            document.add_page_break()
        elif part.kind == "heading":
            name = f"{'Rubrik' if swedish else 'Heading'} {part.level}"
            document.add_paragraph(part.text, style=name)
        elif part.kind == "paragraph" and _emphasis(part.text):
            _docx_runs(document.add_paragraph(), _emphasis(part.text))
        elif part.kind == "paragraph":
            document.add_paragraph(part.text)
        elif part.kind == "list_item" and _emphasis(part.text):
            style = "List Number" if part.number else "List Bullet"
            _docx_runs(document.add_paragraph(style=style), _emphasis(part.text))
        elif part.kind == "list_item":
            document.add_paragraph(part.text, style="List Number" if part.number else "List Bullet")
        elif part.kind == "table" and part.signature:
            _docx_signatures(document, part.rows)
        elif part.kind == "table":
            columns = max(len(row) for row in part.rows)
            table = document.add_table(rows=0, cols=columns)
            table.style = styles["Table Grid"]
            for row in part.rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row):
                    cell.text = value

    section = document.sections[0]
    if source.meta.get("running_header"):
        section.header.paragraphs[0].text = str(source.meta["running_header"])
    section.footer.paragraphs[0].text = "Exempeldokument – fiktivt"
    if _page_of(source.meta):
        _docx_page_of(section.footer.add_paragraph(), _estimate_pages(source, out))

    stamp = dt.datetime.combine(source.date, dt.time(12, 0))
    props = document.core_properties
    props.title = str(source.meta.get("title") or source.id)
    props.author = str(source.meta.get("author") or "")
    props.last_modified_by = props.author
    props.created = stamp
    props.modified = stamp
    props.revision = 1

    buffer = io.BytesIO()
    document.save(buffer)
    _write_reproducible_zip(buffer.getvalue(), out)
    return out


def _docx_runs(paragraph, pieces: list[tuple[str, str]]) -> None:
    for text, style in pieces:
        paragraph.add_run(text).bold = True if style == "B" else None


def _estimate_pages(source: Source, out: Path) -> int:
    """The page count Word would have cached in NUMPAGES, estimated by laying the source out as a PDF."""
    import pypdfium2 as pdfium

    probe = out.with_name(out.stem + ".pages.tmp.pdf")
    try:
        render_pdf(source, probe)
        document = pdfium.PdfDocument(str(probe))
        pages = len(document)
        document.close()
    finally:
        probe.unlink(missing_ok=True)
    return pages


def _docx_field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) with the value Word showed when the file was saved."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _docx_page_of(paragraph, pages: int) -> None:
    """A centred "Sida {PAGE} av {NUMPAGES}" footer line."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Sida ")
    _docx_field(paragraph, "PAGE", "1")
    paragraph.add_run(" av ")
    _docx_field(paragraph, "NUMPAGES", str(pages))


def _docx_borders(element, tag: str, **edges: str) -> None:
    """Set border edges (top, left, bottom, right, insideH, insideV) on a tblPr or tcPr element:
    "nil" removes an edge, "single" draws a thin line."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = element.find(qn(tag))
    if borders is None:
        borders = OxmlElement(tag)
        # schema order: borders come before shading, layout, margins and look
        later = [element.find(qn(name)) for name in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")]
        later = [child for child in later if child is not None]
        if later:
            later[0].addprevious(borders)
        else:
            element.append(borders)
    for edge, value in edges.items():
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), value)
        if value != "nil":
            line.set(qn("w:sz"), "4")
            line.set(qn("w:space"), "0")
            line.set(qn("w:color"), "000000")
        borders.append(line)


def _docx_signatures(document, rows: list[list[str]]) -> None:
    """A borderless table, one column per party: place and date, room to sign (a bottom-bordered
    empty row, or the source's own "……" row below extra space), name and title."""
    from docx.shared import Pt

    rows = _padded(rows)
    place, is_line = _signing_place(rows)
    table = document.add_table(rows=0, cols=len(rows[0]))
    nil = dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), "nil")
    _docx_borders(table._tbl.tblPr, "w:tblBorders", **nil)

    def signing_row() -> None:
        cells = table.add_row().cells
        for cell in cells:
            cell.paragraphs[0].paragraph_format.space_before = Pt(30)
            _docx_borders(cell._tc.get_or_add_tcPr(), "w:tcBorders", bottom="single")

    for r, row in enumerate(rows):
        if r == place and not is_line:
            signing_row()
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
            if r == place and is_line:
                cell.paragraphs[0].paragraph_format.space_before = Pt(30)
    if place >= len(rows) and not is_line:
        signing_row()
    document.add_paragraph()


def _write_reproducible_zip(data: bytes, out: Path) -> None:
    """Rewrite a zip with fixed entry timestamps (python-docx stamps the current time)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info))


# --- plain text --------------------------------------------------------------------------------------


def render_txt(source: Source, out: Path) -> Path:
    """A pasted draft: the Markdown body as written (headings, lists and tables stay readable)."""
    chunks: list[str] = []
    previous = None
    for part in source.parts:
        if part.kind == "heading":
            chunk = "#" * part.level + " " + part.text
        elif part.kind == "paragraph":
            chunk = part.text
        elif part.kind == "list_item":
            chunk = (f"{part.number}. " if part.number else "- ") + part.text
        elif part.kind == "table":
            header, *rows = part.rows
            table = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            chunk = "\n".join(table + ["| " + " | ".join(row) + " |" for row in rows])
        else:
            continue
        separator = "\n" if previous == part.kind == "list_item" else "\n\n"
        chunks.append(separator + chunk if chunks else chunk)
        previous = part.kind
    out.write_text("".join(chunks) + "\n", encoding="utf-8")
    return out


_TXT_PAGE_LINES = 55  # lines on a page of a text export (header and footer included)
_TXT_GAP = 2  # spaces at least between table columns


def _fill_text(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    return textwrap.wrap(
        text, width, initial_indent=first, subsequent_indent=rest,
        break_long_words=False, break_on_hyphens=False,
    ) or [first.rstrip()]


def _text_columns(rows: list[list[str]], widths: list[int], gap: int = _TXT_GAP) -> list[list[str]]:
    """Each row as text lines, its cells wrapped in their column and left-aligned."""
    out = []
    for row in rows:
        cells = [_fill_text(cell, width) if cell.strip() else [""] for cell, width in zip(row, widths)]
        depth = max(len(cell) for cell in cells)
        lines = []
        for i in range(depth):
            pieces = [(cell[i] if i < len(cell) else "").ljust(w) for cell, w in zip(cells, widths)]
            lines.append((" " * gap).join(pieces).rstrip())
        out.append(lines)
    return out


def _text_table(rows: list[list[str]], width: int) -> list[str]:
    """A table the way a text export shows it: no rules, columns aligned with two or more spaces;
    when the table is wider than the page, long cells wrap inside their column and rows are
    separated by a blank line."""
    rows = _padded(rows)
    ncols = len(rows[0])
    natural = [max(len(row[c]) for row in rows) for c in range(ncols)]
    least = [max(max((len(w) for w in row[c].split()), default=0) for row in rows) for c in range(ncols)]
    room = width - _TXT_GAP * (ncols - 1)
    if sum(natural) <= room:
        widths = natural
    else:
        widths = [max(6, n) for n in least]
        spare = room - sum(widths)
        if spare > 0:
            wants = [max(0, n - w) for n, w in zip(natural, widths)]
            total = sum(wants) or 1
            widths = [w + spare * want // total for w, want in zip(widths, wants)]
    laid = _text_columns(rows, widths)
    spaced = any(len(lines) > 1 for lines in laid)
    out: list[str] = []
    for i, lines in enumerate(laid):
        if spaced and i:
            out.append("")
        out.extend(lines)
    return out


def _text_signatures(rows: list[list[str]], width: int) -> list[str]:
    """The parties side by side, two blank lines left to sign on."""
    rows = _padded(rows)
    slots = max(len(rows[0]), 2)
    gap = 6
    column = (width - gap * (slots - 1)) // slots
    place, is_line = _signing_place(rows)
    out: list[str] = []
    for r, lines in enumerate(_text_columns(rows, [column] * len(rows[0]), gap)):
        if r == place:
            out += ["", ""]
        out += lines
    if place >= len(rows) and not is_line:
        out += ["", ""]
    return out


def render_txt_wrapped(source: Source, out: Path, width: int = 72) -> Path:
    """A text export, as `pdftotext -layout` or a mail client leaves it (`format: txt`, `wrap: N`).

    Paragraphs are wrapped at `width`; headings stand on their own lines (numbering kept); list items
    start with "- " or "1. " and hang; tables are aligned columns. The text is cut into pages of about
    55 lines (a `<!-- pagebreak -->` starts a new one), separated by form feeds. With `running_header`
    each page starts with it, centred; with `footer: page_of` each page is padded down to a centred
    "Sida N av M" line."""
    blocks: list[tuple[str, list[str]]] = []
    for part in source.parts:
        if part.kind == "pagebreak":
            blocks.append(("pagebreak", []))
        elif part.kind in ("heading", "paragraph"):
            blocks.append((part.kind, _fill_text(_unmarked(part.text), width)))
        elif part.kind == "list_item":
            marker = f"{part.number}. " if part.number is not None else "- "
            text = _unmarked(part.text)
            blocks.append(("list_item", _fill_text(text, width, marker, " " * len(marker))))
        elif part.kind == "table" and part.signature:
            blocks.append(("signature", _text_signatures(part.rows, width)))
        elif part.kind == "table":
            blocks.append(("table", _text_table(part.rows, width)))

    header = source.meta.get("running_header")
    page_of = _page_of(source.meta)
    room = _TXT_PAGE_LINES - (2 if header else 0) - (2 if page_of else 0)
    pages: list[list[str]] = [[]]
    previous = None
    for n, (kind, lines) in enumerate(blocks):
        if kind == "pagebreak":
            if pages[-1]:
                pages.append([])
            previous = None
            continue
        page = pages[-1]
        gap = [""] if page and not (kind == previous == "list_item") else []
        if kind == "heading":  # with at least two lines of what follows
            following = next((len(b) for k, b in blocks[n + 1:] if k != "pagebreak"), 0)
            needed = len(gap) + len(lines) + 1 + min(2, following)
        elif kind == "signature" or len(lines) <= 3:
            needed = len(gap) + len(lines)
        else:
            needed = len(gap) + 2
        if page and len(page) + needed > room:
            pages.append([])
            gap = []
        for line in gap + lines:
            if len(pages[-1]) >= room:
                pages.append([])
            pages[-1].append(line)
        previous = kind

    texts = []
    for number, body in enumerate(pages, 1):
        lines = [str(header).center(width).rstrip(), ""] if header else []
        lines += body
        if page_of:
            lines += [""] * (room - len(body))
            lines += ["", f"Sida {number} av {len(pages)}".center(width).rstrip()]
        texts.append("\n".join(lines))
    out.write_text("\n\f".join(texts) + "\n", encoding="utf-8")
    return out


# --- entry point -------------------------------------------------------------------------------------


def render(
    source: Source | str | Path,
    out: str | Path,
    *,
    fmt: str | None = None,
    hyphenate: bool = False,
) -> Path:
    """Render `source` (a Source, a path to a .md source, or source text) to `out`.

    `out` may be a directory (the file is named `<id><suffix>`) or a file path. `fmt` overrides the
    front matter's `format` (pdf | docx | scan | txt). `hyphenate` splits long words at PDF line ends.
    """
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source):
        source = load_source(source)
    elif isinstance(source, str):
        source = parse_source(source)
    fmt = fmt or str(source.meta.get("format") or "pdf")
    if fmt not in FORMAT_SUFFIX:
        raise ValueError(f"unknown format {fmt!r}")
    out = Path(out)
    if out.is_dir():
        out = out / f"{source.id}{FORMAT_SUFFIX[fmt]}"
    source = damaged(source)
    if fmt == "pdf":
        return render_pdf(source, out, hyphenate=hyphenate)
    if fmt == "scan":
        return render_scan(source, out)
    if fmt == "docx":
        return render_docx(source, out)
    if source.meta.get("wrap"):
        return render_txt_wrapped(source, out, int(source.meta["wrap"]))
    return render_txt(source, out)


def source_digest(path: str | Path) -> str:
    """Fingerprint of a source file plus this renderer, to skip unchanged outputs."""
    digest = hashlib.sha256(Path(path).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()
