"""OCR for PDF pages without a text layer: pypdfium2 renders the page, tesseract reads it in Swedish.

A missing tesseract (or a missing Swedish language pack) is not an error: the pages stay empty and
the Document carries a Swedish warning saying which pages could not be read and what to install.
"""

from __future__ import annotations

import ctypes
import functools
import os
import re
import signal
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

import pypdfium2 as pdfium

from auditor.parsers.lines import LIGATURES

# A scan is rendered at the resolution it was scanned at, kept within this range: 300 dpi is tesseract's
# sweet spot for body text, and rendering a 200 dpi scan at 300 adds pixels but no detail while costing
# tesseract a quarter more time (the corpus's scans give the same words at both; only the noise read
# from ruling lines differs).
OCR_DPI_RANGE = (200, 300)
# A page is rendered for OCR at no more than this many pixels (an A2 sheet at 300 dpi is 35 million): a
# hostile page of 5 × 5 metres would otherwise need gigabytes. A larger page is read at a lower resolution,
# down to the lowest at which body text is still legible, and skipped with a warning beyond that.
MAX_OCR_PIXELS = 50_000_000
MIN_LEGIBLE_DPI = 100
LANGUAGE = "swe"
_MIN_CONFIDENCE = 20
# How tesseract tends to read a list bullet "•": one or two of these marks ("»", "+»"), or a letter.
_BULLET_MARKS = set("«»©°*+¢•·")
_BULLET_LETTERS = {"‘", "e"}
# A speck of dirt read as punctuation before a word in lower case (". beslutar …") would end the sentence
# that the previous line left open.
_SPECK = re.compile(r"^[.,:;'`´]+$")
# Words whose box spans exactly cap height: an ascender or capital and nothing below the baseline.
_CAP_HEIGHT_WORD = re.compile(r"^[A-Za-z0-9]*[A-Zbdfhklt0-9][A-Za-z0-9]*$")
_DESCENDER = re.compile(r"[gjpqy]")
_CAP_HEIGHT_RATIO = 0.72  # cap height / font size for common sans and serif faces
_PR_SET_PDEATHSIG = 1


@dataclass
class OcrLine:
    text: str
    top: float  # points from the top of the page
    bottom: float
    size: float  # estimated font size in points (from the cap height of its words)
    paragraph: tuple[int, int]  # tesseract's (block, paragraph) ids


@dataclass
class OcrResult:
    lines: dict[int, list[OcrLine]] = field(default_factory=dict)  # page number -> lines
    warnings: list[str] = field(default_factory=list)


def _pages_label(pages: list[int]) -> str:
    return ("sidan " if len(pages) == 1 else "sidorna ") + ", ".join(map(str, pages))


def tesseract_problem() -> str | None:
    """Why OCR cannot run here (Swedish), or None when tesseract with Swedish is available."""
    import pytesseract

    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, OSError):
        return "tesseract (OCR) är inte installerat; installera tesseract-ocr och tesseract-ocr-swe"
    except pytesseract.TesseractError as exc:
        return f"tesseract (OCR) fungerar inte ({exc})"
    if LANGUAGE not in languages:
        return "svenska språkdata för tesseract saknas; installera tesseract-ocr-swe"
    return None


def read_pages(pdf: pdfium.PdfDocument, pages: list[int], *, broken_layer: bool = False) -> OcrResult:
    """OCR of `pages`: scanned pages, or (`broken_layer`) pages whose text layer is there but unreadable, which
    keep that text when OCR cannot run or finds nothing."""
    result = OcrResult()
    problem = tesseract_problem()
    if problem and broken_layer:
        result.warnings.append(
            f"{_pages_label(pages).capitalize()} kunde inte läsas med OCR i stället: {problem}. "
            "Texten har lästs som den är och kan innehålla fel."
        )
        return result
    if problem:
        result.warnings.append(
            f"PDF-filen saknar textlager på {_pages_label(pages)} och de kunde inte läsas med OCR: "
            f"{problem}. Sidorna har lämnats tomma."
        )
        return result
    unreadable, oversized = [], []
    for number in pages:
        page = pdf[number - 1]
        area = page.get_width() * page.get_height() / 72**2  # square inches
        dpi = min(_scan_dpi(page), int((MAX_OCR_PIXELS / max(area, 1e-6)) ** 0.5))
        lines = _read_page(page, dpi) if dpi >= MIN_LEGIBLE_DPI else None
        page.close()
        if lines:
            result.lines[number] = lines
        elif lines is None:
            oversized.append(number)
        else:
            unreadable.append(number)
    if oversized:
        result.warnings.append(
            f"{_pages_label(oversized).capitalize()} är för stora för textigenkänning (OCR) och har hoppats över."
        )
    if unreadable:
        result.warnings.append(f"OCR hittade ingen text på {_pages_label(unreadable)}.")
    if result.lines:
        read = _pages_label(sorted(result.lines)).capitalize()
        if broken_layer:
            result.warnings.append(f"{read} har därför lästs med OCR; å, ä och ö kan vara felaktigt tolkade.")
        else:
            result.warnings.append(
                f"{read} är {'inskannad' if len(result.lines) == 1 else 'inskannade'} och har lästs med OCR; "
                "å, ä och ö kan vara felaktigt tolkade."
            )
    return result


def _scan_dpi(page: pdfium.PdfPage) -> int:
    """The resolution of the page's largest image (the scan itself), within OCR_DPI_RANGE."""
    low, high = OCR_DPI_RANGE
    images = [obj.get_metadata() for obj in page.get_objects() if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    if not images:
        return high
    scan = max(images, key=lambda meta: meta.width * meta.height)
    return round(min(max(scan.horizontal_dpi, low), high))


def die_with_parent() -> None:
    """Runs in tesseract's process before it starts: end it when the process that started it ends."""
    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


@functools.cache
def _tesseract_dies_with_its_parent() -> None:
    """pytesseract has no option for how it starts tesseract: its argument builder is wrapped once, so that a
    job killed for its time or memory (or with its server) leaves no tesseract running."""
    from pytesseract import pytesseract as module

    original = module.subprocess_args
    module.subprocess_args = lambda include_stdout=True: {**original(include_stdout), "preexec_fn": die_with_parent}


def _read_page(page: pdfium.PdfPage, dpi: int) -> list[OcrLine]:
    import pytesseract

    _tesseract_dies_with_its_parent()

    # tesseract's own threading makes a single page several times slower on small machines
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    image.format = "PPM"  # handed to tesseract as an uncompressed PGM file: PNG encoding took ~60 ms a page
    data = pytesseract.image_to_data(
        image, lang=LANGUAGE, config="--psm 3", output_type=pytesseract.Output.DICT
    )
    words: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for i, word in enumerate(data["text"]):
        if word.strip() and float(data["conf"][i]) >= _MIN_CONFIDENCE:
            words[(data["block_num"][i], data["par_num"][i], data["line_num"][i])].append(i)
    scale = 72 / dpi
    lines = []
    for key in sorted(words):  # tesseract's block/paragraph/line order is its reading order
        ids = words[key]
        top = min(data["top"][i] for i in ids)
        bottom = max(data["top"][i] + data["height"][i] for i in ids)
        tokens = [data["text"][i] for i in ids]
        if len(tokens) > 1 and (tokens[0] in _BULLET_LETTERS or set(tokens[0]) <= _BULLET_MARKS):
            tokens[0] = "•"
        elif len(tokens) > 1 and _SPECK.match(tokens[0]) and tokens[1][:1].islower():
            del tokens[0]
        cap_heights = [
            data["height"][i] for i in ids
            if _CAP_HEIGHT_WORD.match(data["text"][i]) and not _DESCENDER.search(data["text"][i])
        ]
        size = statistics.median(cap_heights) / _CAP_HEIGHT_RATIO if cap_heights else (bottom - top)
        lines.append(OcrLine(" ".join(tokens).translate(LIGATURES), top * scale, bottom * scale, size * scale, key[:2]))
    return lines
