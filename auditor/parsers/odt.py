"""OpenDocument text (.odt, LibreOffice and others): headings (text:h and the Title styles), paragraphs, list items,
tables and text boxes in body order; footnotes, endnotes and comments kept apart, headers and footers from the
page styles, the file's properties from meta.xml. Tracked changes are read accepted: ODF keeps a deletion
outside the text, so the text as it stands is the text with the changes accepted. No pages: an ODT has none
until it is laid out."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from auditor.document import BlockKind, Document, DocumentBuilder
from auditor.parsers import errors, notices
from auditor.parsers.zipped import XML_PARSER, check_zip

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_WHAT = "OpenDocument-filen"
_TITLE_LEVELS = {"Title": 1, "Subtitle": 2}
# Inline elements that show nothing in the text: marks, the tracked-change anchors, generated page breaks.
_SILENT = {f"{_TEXT}{name}" for name in (
    "change", "change-start", "change-end", "bookmark", "bookmark-start", "bookmark-end", "reference-mark",
    "reference-mark-start", "reference-mark-end", "soft-page-break", "note-citation", "toc-mark", "alphabetical-index-mark",
)} | {f"{_OFFICE}annotation-end"}
_HEADER_FOOTER = {f"{_STYLE}{name}" for name in ("header", "footer", "header-left", "footer-left", "header-first",
                                                 "footer-first")}


def parse_odt(path: Path, sha256: str, limits) -> Document:
    check_zip(path, limits, _WHAT)
    try:
        with zipfile.ZipFile(path) as archive:
            content = etree.fromstring(archive.read("content.xml"), XML_PARSER)
            styles = _optional(archive, "styles.xml")
            meta = _optional(archive, "meta.xml")
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError) as exc:
        raise errors.CorruptFile(_WHAT) from exc
    text = content.find(f"{_OFFICE}body/{_OFFICE}text")
    if text is None:
        raise errors.EmptyDocument("OpenDocument-filen innehåller ingen text.")
    reader = _Reader(_title_styles([content, styles]))
    builder = DocumentBuilder()
    reader.blocks(builder, text, in_list=False)
    if not builder.blocks:
        raise errors.EmptyDocument("OpenDocument-filen innehåller ingen text.")
    headers_footers = _headers_footers(reader, styles)
    tracked = text.find(f"{_TEXT}tracked-changes/{_TEXT}changed-region") is not None
    notes = list(dict.fromkeys(reader.notes))
    comments = list(dict.fromkeys(reader.comments))
    return Document(
        path=str(path),
        sha256=sha256,
        format="odt",
        pages=None,
        text=builder.text,
        blocks=builder.blocks,
        metadata=_metadata(meta),
        warnings=[
            "OpenDocument-filen saknar sidindelning; sidnummer kan inte anges.",
            *([notices.TRACKED_CHANGES] if tracked else []),
            *notices.kept_apart(comments, notes),
        ],
        headers_footers=headers_footers,
        notes=notes,
        comments=comments,
    )


def _optional(archive: zipfile.ZipFile, name: str):
    return etree.fromstring(archive.read(name), XML_PARSER) if name in archive.namelist() else None


def _title_styles(roots: list) -> dict[str, int]:
    """Heading level of each paragraph style that is (or derives from) the Title or Subtitle style."""
    parents: dict[str, str] = {}
    for root in roots:
        if root is None:
            continue
        for style in root.iter(f"{_STYLE}style"):
            if style.get(f"{_STYLE}family") == "paragraph" and (parent := style.get(f"{_STYLE}parent-style-name")):
                parents[style.get(f"{_STYLE}name", "")] = parent
    levels = {}
    for name in {*parents, *_TITLE_LEVELS}:
        current, hops = name, 0
        while current not in _TITLE_LEVELS and current in parents and hops < 10:
            current, hops = parents[current], hops + 1
        if current in _TITLE_LEVELS:
            levels[name] = _TITLE_LEVELS[current]
    return levels


class _Reader:
    def __init__(self, title_styles: dict[str, int]) -> None:
        self.title_styles = title_styles
        self.notes: list[str] = []
        self.comments: list[str] = []

    def blocks(self, builder: DocumentBuilder, parent, *, in_list: bool) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == f"{_TEXT}h":
                level = child.get(f"{_TEXT}outline-level", "1")
                self._add(builder, child, "heading", min(int(level), 3) if level.isdigit() and level != "0" else 1)
            elif tag == f"{_TEXT}p":
                level = self.title_styles.get(child.get(f"{_TEXT}style-name", ""))
                kind: BlockKind = "heading" if level else "list_item" if in_list else "paragraph"
                self._add(builder, child, kind, level)
            elif tag == f"{_TEXT}list":
                for item in child.iterchildren(f"{_TEXT}list-item", f"{_TEXT}list-header"):
                    self.blocks(builder, item, in_list=True)
            elif tag == f"{_TABLE}table":
                for cells in self._rows(child):
                    if any(cells):
                        builder.add("table_row", " | ".join(cells), None, cells=tuple(cells))
            elif tag == f"{_TEXT}section":
                self.blocks(builder, child, in_list=in_list)

    def _add(self, builder: DocumentBuilder, element, kind: BlockKind, level: int | None) -> None:
        text, boxes = self.inline(element)
        builder.add(kind, text, None, level=level if kind == "heading" else None)
        for box in boxes:  # a text box reads after the paragraph it is anchored in
            self.blocks(builder, box, in_list=False)

    def _rows(self, table) -> Iterator[list[str]]:
        for row in _table_rows(table):
            yield [" ".join(" ".join(self.texts(cell)).split()) for cell in row.iterchildren(f"{_TABLE}table-cell")]

    def texts(self, parent) -> Iterator[str]:
        """The texts of a cell, header, note or comment, paragraph by paragraph (tables row by row)."""
        for child in parent.iterchildren():
            if child.tag in (f"{_TEXT}p", f"{_TEXT}h"):
                text, boxes = self.inline(child)
                yield text
                for box in boxes:
                    yield from self.texts(box)
            elif child.tag in (f"{_TEXT}list", f"{_TEXT}list-item", f"{_TEXT}list-header", f"{_TEXT}section"):
                yield from self.texts(child)
            elif child.tag == f"{_TABLE}table":
                yield from (" | ".join(dict.fromkeys(cells)) for cells in self._rows(child))

    def inline(self, element) -> tuple[str, list]:
        pieces: list[str] = []
        boxes: list = []
        self._walk(element, pieces, boxes)
        return "".join(pieces), boxes

    def _walk(self, element, pieces: list[str], boxes: list) -> None:
        if element.text:
            pieces.append(element.text)
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str):  # a processing instruction
                pass
            elif tag == f"{_TEXT}s":
                count = child.get(f"{_TEXT}c", "1")
                pieces.append(" " * min(int(count) if count.isdigit() else 1, 100))
            elif tag == f"{_TEXT}tab":
                pieces.append("\t")
            elif tag == f"{_TEXT}line-break":
                pieces.append("\n")
            elif tag == f"{_TEXT}note":
                body = child.find(f"{_TEXT}note-body")
                if body is not None:
                    self.notes.append(" ".join(" ".join(self.texts(body)).split()))
            elif tag == f"{_OFFICE}annotation":
                author = child.findtext(f"{_DC}creator") or ""
                text = " ".join(" ".join(self.texts(child)).split())
                self.comments.append(f"{author}: {text}" if author and text else text)
            elif tag.startswith(_DRAW):  # frames and shapes: only their text boxes are text
                boxes.extend(_text_boxes(child))
            elif tag not in _SILENT:
                self._walk(child, pieces, boxes)  # spans, links, fields (their text is what they show)
            if child.tail:
                pieces.append(child.tail)


def _table_rows(table) -> Iterator:
    for child in table.iterchildren():
        if child.tag == f"{_TABLE}table-row":
            yield child
        elif child.tag in (f"{_TABLE}table-header-rows", f"{_TABLE}table-rows", f"{_TABLE}table-row-group"):
            yield from _table_rows(child)


def _text_boxes(element) -> Iterator:
    if element.tag == f"{_DRAW}text-box":
        yield element
        return
    for child in element.iterchildren():
        yield from _text_boxes(child)


def _headers_footers(reader: _Reader, styles) -> list[str]:
    if styles is None:
        return []
    texts = (
        text for page in styles.iter(f"{_STYLE}master-page") for part in page.iterchildren()
        if part.tag in _HEADER_FOOTER for text in reader.texts(part)
    )
    return list(dict.fromkeys(text for text in (" ".join(t.split()) for t in texts) if text))


def _metadata(meta) -> dict[str, str | None]:
    info = meta.find(f"{_OFFICE}meta") if meta is not None else None

    def value(*tags: str) -> str | None:
        for tag in tags:
            found = info.findtext(tag) if info is not None else None
            if found and found.strip():
                return found.strip()
        return None

    return {
        "title": value(f"{_DC}title"),
        "author": value(f"{_META}initial-creator", f"{_DC}creator"),
        "created": value(f"{_META}creation-date"),
        "modified": value(f"{_DC}date"),
    }
