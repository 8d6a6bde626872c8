"""DOCX: paragraphs and tables in body order, headings from (Swedish or English) style names, list
items, header/footer text kept apart, core properties. Pages are only known from explicit breaks."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from auditor.document import Document, DocumentBuilder
from auditor.parsers import errors
from auditor.parsers.lines import heading_depth

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "rubrik"}
_SUBTITLE_STYLES = {"subtitle", "underrubrik"}
_LIST_STYLE = re.compile(r"^(?:list|lista|liststycke|punktlista|numrerad lista)", re.IGNORECASE)
_BREAKS = ".//w:br[@w:type='page'] | .//w:lastRenderedPageBreak | .//w:pPr/w:sectPr"


def parse_docx(path: Path, sha256: str, limits) -> Document:
    _check_zip(path, limits)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise errors.CorruptFile("Word-filen") from exc
    except Exception as exc:  # lxml and python-docx raise many types on malformed XML
        raise errors.CorruptFile("Word-filen") from exc

    body = document.element.body
    paged = bool(body.xpath(_BREAKS))
    rendered = bool(body.xpath(".//w:lastRenderedPageBreak"))
    builder = DocumentBuilder()
    page = 1 if paged else None
    styles = _ParagraphStyles(document)
    for element in _body_elements(body):
        if element.tag == f"{_W}tbl":
            _add_table(builder, element, document, page)
            continue
        break_before, break_after = _page_breaks(element, rendered)
        if paged:
            page += break_before
        _add_paragraph(builder, element, document, styles, page)
        if paged:
            page += break_after
    if not builder.blocks:
        raise errors.EmptyDocument("Word-dokumentet innehåller ingen text.")

    warnings = [
        "Sidnumren i Word-dokumentet är uppskattade utifrån sidbrytningar i filen."
        if paged
        else "Word-filen anger inte var sidorna bryts (det är vanligt och inget fel i dokumentet), så beläggen "
        "visas utan sidnummer."
    ]
    return Document(
        path=str(path),
        sha256=sha256,
        format="docx",
        pages=page if paged else None,
        text=builder.text,
        blocks=builder.blocks,
        metadata=_metadata(document),
        warnings=warnings,
        headers_footers=_headers_footers(document),
    )


def _check_zip(path: Path, limits) -> None:
    """Refuse a zip bomb before anything decompresses it (zipfile never inflates past these sizes)."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise errors.CorruptFile("Word-filen") from exc
    if total > limits.max_docx_uncompressed:
        raise errors.ZipBomb(total, limits.max_docx_uncompressed)


def _body_elements(parent) -> Iterator:
    """Paragraphs and tables in body order, looking inside content controls (w:sdt)."""
    for child in parent.iterchildren():
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            for content in child.iterchildren(f"{_W}sdtContent"):
                yield from _body_elements(content)


def _page_breaks(p, rendered: bool) -> tuple[int, int]:
    """Page breaks in a paragraph, split into those before its first text and those after.

    When Word saved its own pagination (lastRenderedPageBreak) that is the best estimate and is used
    alone; otherwise explicit page breaks and non-continuous section breaks count."""
    before = after = 0
    seen_text = False
    for node in p.iter(f"{_W}t", f"{_W}br", f"{_W}lastRenderedPageBreak", f"{_W}sectPr"):
        if node.tag == f"{_W}t":
            seen_text = seen_text or bool(node.text and node.text.strip())
        elif rendered:
            if node.tag == f"{_W}lastRenderedPageBreak":
                after, before = (after + 1, before) if seen_text else (after, before + 1)
        elif node.tag == f"{_W}sectPr":
            after += not _continuous(node)  # a section break ends the page after this paragraph
        elif node.tag == f"{_W}br" and node.get(f"{_W}type") == "page":
            after, before = (after + 1, before) if seen_text else (after, before + 1)
    return before, after


def _continuous(sect_pr) -> bool:
    kind = sect_pr.find(f"{_W}type")
    return kind is not None and kind.get(f"{_W}val") == "continuous"


def _style_chain(style) -> Iterator[str]:
    while style is not None:
        yield (style.name or "").strip()
        yield (style.style_id or "").strip()
        style = style.base_style


def _heading_level(style) -> int | None:
    for name in _style_chain(style):
        lowered = name.lower()
        if match := _HEADING_STYLE.match(lowered):
            return min(int(match.group(1)), 3) or 1
        if lowered in _TITLE_STYLES:
            return 1
        if lowered in _SUBTITLE_STYLES:
            return 2
    return None


class _ParagraphStyles:
    """(heading level, is a list style) per paragraph style id, resolved once: python-docx looks a style up
    by scanning every style in the file, which made a file of 60,000 short paragraphs take minutes."""

    def __init__(self, document) -> None:
        self._part = document.part
        self._known: dict[str | None, tuple[int | None, bool]] = {}

    def of(self, p) -> tuple[int | None, bool]:
        from docx.enum.style import WD_STYLE_TYPE

        style_id = p.style
        if style_id not in self._known:
            style = self._part.get_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
            self._known[style_id] = (
                _heading_level(style), any(_LIST_STYLE.match(name) for name in _style_chain(style)))
        return self._known[style_id]


def _add_paragraph(builder: DocumentBuilder, p, document, styles: _ParagraphStyles, page: int | None) -> None:
    from docx.text.paragraph import Paragraph

    paragraph = Paragraph(p, document._body)
    text = paragraph.text
    if not text.strip():
        return
    level, list_style = styles.of(p)
    if level is None:
        level = _outline_level(p)
    if level is not None:
        builder.add("heading", text, page, level=level)
    elif list_style or (p.pPr is not None and p.pPr.numPr is not None):
        builder.add("list_item", text, page)
    elif (depth := heading_depth(text.strip())) and _all_bold(paragraph):
        builder.add("heading", text, page, level=depth)
    else:
        builder.add("paragraph", text, page)


def _outline_level(p) -> int | None:
    found = p.find(f"{_W}pPr/{_W}outlineLvl")
    value = found.get(f"{_W}val", "") if found is not None else ""
    if value.isdigit() and int(value) < 9:
        return min(int(value) + 1, 3)
    return None


def _all_bold(paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


def _add_table(builder: DocumentBuilder, tbl, document, page: int | None) -> None:
    from docx.table import Table

    table = Table(tbl, document._body)
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:  # a merged cell appears once per grid column it spans
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            builder.add("table_row", " | ".join(cells), page, cells=tuple(cells))


def _headers_footers(document) -> list[str]:
    texts: list[str] = []
    for section in document.sections:
        parts = [section.header, section.footer]
        if section.different_first_page_header_footer:
            parts += [section.first_page_header, section.first_page_footer]
        if document.settings.odd_and_even_pages_header_footer:
            parts += [section.even_page_header, section.even_page_footer]
        for part in parts:
            if part.is_linked_to_previous:
                continue
            for paragraph in part.paragraphs:
                text = " ".join(paragraph.text.split())
                if text and text not in texts:
                    texts.append(text)
            for table in part.tables:
                for row in table.rows:
                    text = " | ".join(dict.fromkeys(" ".join(c.text.split()) for c in row.cells))
                    if text.strip(" |") and text not in texts:
                        texts.append(text)
    return texts


def _metadata(document) -> dict[str, str | None]:
    props = document.core_properties
    return {
        "title": props.title or None,
        "author": props.author or None,
        "created": props.created.isoformat() if props.created else None,
        "modified": props.modified.isoformat() if props.modified else None,
    }
