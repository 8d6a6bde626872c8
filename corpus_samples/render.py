"""The one renderer: a source (Markdown subset + YAML front matter, see README.md) into PDF, DOCX,
scanned image-only PDF or plain text. The corpus generator and the test fixtures both use it.

Rendering is reproducible: the same source gives byte-identical files (fixed dates, seeded noise).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import re
import zipfile
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


def parse_source(text: str) -> Source:
    meta: dict = {}
    body = text
    if text.startswith("---"):
        _, front, body = re.split(r"^---\s*$", text, maxsplit=2, flags=re.MULTILINE)
        meta = yaml.safe_load(front) or {}
    return Source(meta, parse_body(body))


def parse_body(body: str) -> list[Part]:
    parts: list[Part] = []
    current: Part | None = None  # paragraph or list item still collecting lines
    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            current = None
            continue
        if _PAGEBREAK.match(line):
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
                parts.append(Part("table", rows=[cells]))
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
        Part(p.kind, hurt(p.text), p.level, p.number, [[hurt(c) for c in row] for row in p.rows])
        for p in source.parts
    ]
    return Source(source.meta, parts)


# --- PDF ---------------------------------------------------------------------------------------------

_BODY_SIZE = 11
_HEADING_SIZE = {1: 18, 2: 14, 3: 12}
_LINE_H = 5.5  # mm, body line height
_PARA_GAP = 3.0  # mm between blocks, so a reader can tell paragraphs apart


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


def render_pdf(source: Source, out: Path, *, hyphenate: bool = False) -> Path:
    from fpdf import FPDF
    from fpdf.enums import TableHeadingsDisplay, XPos, YPos

    running_header = source.meta.get("running_header")

    class _Pdf(FPDF):
        def header(self) -> None:
            if running_header:
                self.set_font("DejaVu", "", 8)
                self.cell(0, 5, str(running_header), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                self.ln(4)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("DejaVu", "", 8)
            self.cell(0, 10, f"Sida {self.page_no()}", align="C")

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
    pdf.add_page()

    def write_lines(text: str, size: int, style: str = "", indent: float = 0, hang: float = 0) -> None:
        pdf.set_font("DejaVu", style, size)
        width = pdf.epw - indent - hang
        for i, line in enumerate(_wrap(pdf.get_string_width, text, width, hyphenate)):
            pdf.set_x(pdf.l_margin + indent + (hang if i else 0))
            pdf.cell(width + (0 if i else hang), size * 0.5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    for part in source.parts:
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
    pdf.output(str(out))
    return out


# --- scanned, image-only PDF -------------------------------------------------------------------------

SCAN_DPI = 200


def render_scan(source: Source, out: Path, *, dpi: int = SCAN_DPI) -> Path:
    """Lay the text out as a PDF, rasterise it, tilt and speckle each page, keep only the images."""
    import pypdfium2 as pdfium
    from fpdf import FPDF
    from PIL import Image

    text_pdf = out.with_name(out.stem + ".text-layer.tmp.pdf")
    render_pdf(source, text_pdf)
    rng = random.Random(source.id)
    images: list[Image.Image] = []
    try:
        pdf = pdfium.PdfDocument(str(text_pdf))
        for page in pdf:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            images.append(_scanned_look(image, rng))
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


def _scanned_look(image, rng: random.Random):
    from PIL import Image

    angle = rng.uniform(-0.6, 0.6)
    image = image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255, expand=False)
    pixels = image.load()
    width, height = image.size
    for _ in range(width * height // 4000):  # dust specks
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = rng.randrange(60, 200)
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
        elif part.kind == "paragraph":
            document.add_paragraph(part.text)
        elif part.kind == "list_item":
            document.add_paragraph(part.text, style="List Number" if part.number else "List Bullet")
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
    return render_txt(source, out)


def source_digest(path: str | Path) -> str:
    """Fingerprint of a source file plus this renderer, to skip unchanged outputs."""
    digest = hashlib.sha256(Path(path).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()
