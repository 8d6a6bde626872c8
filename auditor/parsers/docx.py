"""DOCX as Word shows it with every tracked change accepted.

Paragraphs and tables in body order, inside content controls too; text boxes after the paragraph that anchors
them; fields' displayed text, not their instructions; list numbers rendered from numbering.xml ("5.2", "a)");
headings from (Swedish or English) style names. Headers and footers, footnotes and endnotes, and comments are
read with the same reader but kept out of the body. Pages are only known from explicit breaks.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from auditor.document import Document, DocumentBuilder
from auditor.parsers import errors, notices
from auditor.parsers.lines import LIST_MARKER, heading_depth, title_like
from auditor.parsers.zipped import check_zip

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_VAL = f"{_W}val"
_HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "rubrik"}
_SUBTITLE_STYLES = {"subtitle", "underrubrik"}
_LIST_STYLE = re.compile(r"^(?:list|lista|liststycke|punktlista|numrerad lista)", re.IGNORECASE)
_BREAKS = ".//w:br[@w:type='page'] | .//w:lastRenderedPageBreak | .//w:pPr/w:sectPr"
_FALSE = {"0", "false", "off"}

# Inline elements whose content Word shows as it stands (an accepted insertion or move is ordinary text);
# every element not named here or handled in `_Reader._walk` (deletions, properties, field instructions,
# comment marks) shows nothing.
_INLINE_CONTAINERS = {
    f"{_W}{name}" for name in ("r", "ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "bdo", "dir",
                               "sdtContent")
}
_BLOCK_CONTAINERS = {f"{_W}sdtContent", f"{_W}customXml"}
_REMOVED = {f"{_W}del", f"{_W}moveFrom"}
_CHANGED = {f"{_W}ins", f"{_W}moveTo"}
_DRAWINGS = {f"{_W}drawing", f"{_W}pict", f"{_W}object"}
_BREAK_CHARS = {f"{_W}tab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


def parse_docx(path: Path, sha256: str, limits) -> Document:
    check_zip(path, limits, "Word-filen")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        parts = _Parts(document)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise errors.CorruptFile("Word-filen") from exc
    except Exception as exc:  # lxml and python-docx raise many types on malformed XML
        raise errors.CorruptFile("Word-filen") from exc

    body = document.element.body
    paged = bool(body.xpath(_BREAKS))
    rendered = bool(body.xpath(".//w:lastRenderedPageBreak"))
    reader = _Reader()
    writer = _Writer(DocumentBuilder(), reader, _ParagraphStyles(document, parts.numbering), parts.numbering)
    page = 1 if paged else None
    for element in _block_elements(body):
        if element.tag == f"{_W}tbl":
            writer.table(element, page)
            continue
        break_before, break_after = _page_breaks(element, rendered)
        if page is not None:  # the document marks its page breaks
            page += break_before
        writer.paragraph(element, page)
        if page is not None:
            page += break_after
    writer.finish(page)
    if not writer.builder.blocks:
        raise errors.EmptyDocument("Word-dokumentet innehåller ingen text.")

    headers_footers = _unique(text for root in parts.headers_footers for text in reader.texts(root))
    notes = _unique(" ".join(reader.texts(note)) for note in parts.notes)
    comments = _unique(_comment(reader, comment) for comment in parts.comments)
    warnings = [
        "Sidnumren i Word-dokumentet är uppskattade utifrån sidbrytningar i filen."
        if paged
        else "Word-filen anger inte var sidorna bryts (det är vanligt och inget fel i dokumentet), så beläggen "
        "visas utan sidnummer."
    ]
    if reader.tracked:
        warnings.append(notices.TRACKED_CHANGES)
    warnings += notices.kept_apart(comments, notes)
    return Document(
        path=str(path),
        sha256=sha256,
        format="docx",
        pages=page if paged else None,
        text=writer.builder.text,
        blocks=writer.builder.blocks,
        metadata=_metadata(document),
        warnings=warnings,
        headers_footers=headers_footers,
        notes=notes,
        comments=comments,
    )


def _unique(texts: Iterator[str]) -> list[str]:
    return list(dict.fromkeys(text for text in (" ".join(t.split()) for t in texts) if text))


class _Parts:
    """The package's parts besides the body, as XML roots: numbering, headers and footers (in the order the
    sections refer to them), footnotes and endnotes, comments."""

    def __init__(self, document) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        part = document.part
        by_type: dict[str, list] = {}
        for rel in part.rels.values():
            if not rel.is_external:
                by_type.setdefault(rel.reltype, []).append(rel.target_part)
        numbering = by_type.get(RT.NUMBERING)
        self.numbering = _Numbering(_root(numbering[0]) if numbering else None, document.styles.element)
        self.headers_footers = []
        for sect_pr in document.element.body.iter(f"{_W}sectPr"):
            for kind in ("headerReference", "footerReference"):
                for reference in sect_pr.iterchildren(f"{_W}{kind}"):
                    target = part.related_parts.get(reference.get(_R_ID))
                    if target is not None:
                        self.headers_footers.append(_root(target))
        self.notes = [
            note
            for reltype, kind in ((RT.FOOTNOTES, "footnote"), (RT.ENDNOTES, "endnote"))
            for notes_part in by_type.get(reltype, [])
            for note in _root(notes_part).iterchildren(f"{_W}{kind}")
            if note.get(f"{_W}type", "normal") == "normal"  # not the separator lines Word keeps there
        ]
        self.comments = [
            comment for comments_part in by_type.get(RT.COMMENTS, [])
            for comment in _root(comments_part).iterchildren(f"{_W}comment")
        ]


def _root(part):
    """A part's XML: python-docx has parsed the parts it knows; the rest are parsed with its safe parser."""
    from docx.oxml.parser import parse_xml

    element = getattr(part, "element", None)
    return element if element is not None else parse_xml(part.blob)


def _block_elements(parent) -> Iterator:
    """Paragraphs and tables in order, looking inside content controls (w:sdt) and custom XML."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif tag == f"{_W}sdt" and not _placeholder(child):
            yield from _block_elements_of(child, f"{_W}sdtContent")
        elif tag in _BLOCK_CONTAINERS:
            yield from _block_elements(child)
        elif tag == f"{_MC}AlternateContent" and (branch := _branch(child)) is not None:
            yield from _block_elements(branch)


def _block_elements_of(element, tag: str) -> Iterator:
    for content in element.iterchildren(tag):
        yield from _block_elements(content)


def _placeholder(sdt) -> bool:
    """A content control still showing its prompt ("Klicka eller tryck här för att ange text.")."""
    return sdt.find(f"{_W}sdtPr/{_W}showingPlcHdr") is not None


def _branch(alternate):
    """The one branch of mc:AlternateContent to read: Word writes a text box twice, as DrawingML in mc:Choice
    and as VML in mc:Fallback."""
    for child in alternate.iterchildren(f"{_MC}Choice", f"{_MC}Fallback"):
        return child
    return None


def _text_boxes(element) -> Iterator:
    """The text box contents (w:txbxContent) in a drawing, each once."""
    for child in element.iterchildren():
        if child.tag == f"{_W}txbxContent":
            yield child
        elif child.tag == f"{_MC}AlternateContent":
            if (branch := _branch(child)) is not None:
                yield from _text_boxes(branch)
        else:
            yield from _text_boxes(child)


def _off(element, tag: str) -> bool:
    """Is an on/off property (w:b, w:vanish) absent or switched off?"""
    found = element.find(tag)
    return found is None or found.get(_VAL, "true").lower() in _FALSE


class _Reader:
    """A paragraph's displayed text and the text boxes anchored in it; notes whether it met tracked changes."""

    def __init__(self) -> None:
        self.tracked = False

    def paragraph(self, p) -> tuple[str, list]:
        pieces: list[str] = []
        boxes: list = []
        self._walk(p, pieces, boxes, [])
        return "".join(pieces), boxes

    def texts(self, root) -> Iterator[str]:
        """The texts of a header, footer, note, comment or text box: a paragraph's, then its text boxes', and a
        table row's cells joined as in the body."""
        for element in _block_elements(root):
            if element.tag == f"{_W}tbl":
                for cells in self.rows(element):
                    yield " | ".join(dict.fromkeys(cells))
                continue
            text, boxes = self.paragraph(element)
            yield text
            for box in boxes:
                yield from self.texts(box)

    def rows(self, tbl) -> Iterator[list[str]]:
        """Each row's cell texts; a cell spanning columns appears once, one spanning rows in each of them."""
        above: dict[int, str] = {}  # grid column -> text of the cell there in the row above
        for tr in _children(tbl, f"{_W}tr"):
            tr_pr = tr.find(f"{_W}trPr")
            if tr_pr is not None and (tr_pr.find(f"{_W}del") is not None or tr_pr.find(f"{_W}ins") is not None):
                self.tracked = True
                if tr_pr.find(f"{_W}del") is not None:
                    continue
            column = _grid_before(tr_pr)
            cells: list[str] = []
            for tc in _children(tr, f"{_W}tc"):
                tc_pr = tc.find(f"{_W}tcPr")
                merge = tc_pr.find(f"{_W}vMerge") if tc_pr is not None else None
                if merge is not None and merge.get(_VAL, "continue") == "continue":
                    text = above.get(column, "")
                else:
                    text = " ".join(" ".join(self.texts(tc)).split())
                cells.append(text)
                above[column] = text
                column += _span(tc_pr)
            yield cells

    def _walk(self, element, pieces: list[str], boxes: list, fields: list[bool]) -> None:
        # `fields` holds one flag per open complex field: False while its instruction runs, True in its result
        for child in element.iterchildren():
            tag = child.tag
            if tag == f"{_W}t":
                if all(fields):
                    pieces.append(child.text or "")
            elif tag in _INLINE_CONTAINERS:
                if tag == f"{_W}r" and not _off(child, f"{_W}rPr/{_W}vanish"):
                    continue  # hidden text
                self.tracked = self.tracked or tag in _CHANGED
                self._walk(child, pieces, boxes, fields)
            elif tag in _REMOVED:
                self.tracked = True
            elif tag == f"{_W}sdt":
                if not _placeholder(child):
                    self._walk(child, pieces, boxes, fields)
            elif tag == f"{_W}fldChar":
                kind = child.get(f"{_W}fldCharType")
                if kind == "begin":
                    fields.append(False)
                elif kind == "separate" and fields:
                    fields[-1] = True
                elif kind == "end" and fields:
                    fields.pop()
            elif tag in _BREAK_CHARS:
                if all(fields):
                    pieces.append(_BREAK_CHARS[tag])
            elif tag == f"{_W}br":
                if all(fields) and child.get(f"{_W}type") != "page":
                    pieces.append("\n")
            elif tag == f"{_MC}AlternateContent":
                if (branch := _branch(child)) is not None:
                    self._walk(branch, pieces, boxes, fields)
            elif tag in _DRAWINGS:
                boxes.extend(_text_boxes(child))


def _children(parent, tag: str) -> Iterator:
    """`tag` children of a table or row, also those wrapped in content controls or custom XML."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == f"{_W}sdt":
            for content in child.iterchildren(f"{_W}sdtContent"):
                yield from _children(content, tag)
        elif child.tag == f"{_W}customXml":
            yield from _children(child, tag)


def _int_val(element, default: int) -> int:
    value = element.get(_VAL, "") if element is not None else ""
    return int(value) if value.isdigit() else default


def _grid_before(tr_pr) -> int:
    return _int_val(tr_pr.find(f"{_W}gridBefore"), 0) if tr_pr is not None else 0


def _span(tc_pr) -> int:
    return max(1, _int_val(tc_pr.find(f"{_W}gridSpan"), 1)) if tc_pr is not None else 1


class _Writer:
    """Turns body elements into blocks."""

    def __init__(self, builder: DocumentBuilder, reader: _Reader, styles: _ParagraphStyles, numbering: _Numbering):
        self.builder = builder
        self.reader = reader
        self.styles = styles
        self.numbering = numbering
        self._run_on: list[str] = []  # paragraphs whose paragraph mark is a tracked deletion: they join the next
        self._section_level = 0  # the level of the last heading set as one (a style, an outline level, a number)

    def paragraph(self, p, page: int | None) -> None:
        text, boxes = self.reader.paragraph(p)
        if p.find(f"{_W}pPr/{_W}rPr/{_W}del") is not None:
            self.reader.tracked = True
            self._run_on.append(text)
        else:
            style = self.styles.of(p)
            self._add(p, "".join([*self._run_on, text]), self.numbering.label(p, style), style, page)
            self._run_on = []
        run_on, self._run_on = self._run_on, []
        for box in boxes:  # a text box reads after the paragraph it is anchored in
            for element in _block_elements(box):
                if element.tag == f"{_W}tbl":
                    self.table(element, page)
                else:
                    self.paragraph(element, page)
        self.finish(page)
        self._run_on = run_on

    def finish(self, page: int | None) -> None:
        """A paragraph whose mark was deleted before a table or the end has nothing to join: it stands alone."""
        if self._run_on:
            self.builder.add("paragraph", "".join(self._run_on), page)
            self._run_on = []

    def _add(self, p, text: str, label: str | None, style: _Style, page: int | None) -> None:
        if not text.strip():
            return
        level = style.heading if style.heading is not None else _outline_level(p)
        numbered = (label or "") + text.lstrip()
        if level is not None:
            self.builder.add("heading", numbered, page, level=level)
            self._section_level = level
        elif (depth := heading_depth(numbered.strip())) and _all_bold(p):
            self.builder.add("heading", numbered, page, level=depth)
            self._section_level = depth
        elif label is None and not style.is_list and title_like(text) and _all_bold(p):
            # a short bold line that is no sentence heads a part of the section it stands in, as in a PDF
            self.builder.add("heading", text, page, level=min(self._section_level + 1, 6))
        elif label is not None or style.is_list:
            # a list item's marker ("1.", "a)", a bullet) is dropped, as the PDF and text parsers drop it
            marker = LIST_MARKER.match(numbered) if label else None
            self.builder.add("list_item", numbered[marker.end():] if marker else numbered, page)
        else:
            self.builder.add("paragraph", text, page)

    def table(self, tbl, page: int | None) -> None:
        self.finish(page)
        for cells in self.reader.rows(tbl):
            if any(cells):
                self.builder.add("table_row", " | ".join(cells), page, cells=tuple(cells))


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
    return kind is not None and kind.get(_VAL) == "continuous"


def _style_chain(style) -> Iterator:
    while style is not None:
        yield style
        style = style.base_style


def _style_names(style) -> Iterator[str]:
    for link in _style_chain(style):
        yield (link.name or "").strip()
        yield (link.style_id or "").strip()


def _heading_level(style) -> int | None:
    for name in _style_names(style):
        lowered = name.lower()
        if match := _HEADING_STYLE.match(lowered):
            return min(int(match.group(1)), 3) or 1
        if lowered in _TITLE_STYLES:
            return 1
        if lowered in _SUBTITLE_STYLES:
            return 2
    return None


@dataclass(frozen=True)
class _Style:
    heading: int | None  # heading level the style gives
    is_list: bool  # a list style by name
    num_id: str | None  # the list the style numbers its paragraphs in ("Rubrik 2" numbered "5.2")
    ilvl: int


class _ParagraphStyles:
    """What a paragraph style means, resolved once per style id: python-docx looks a style up by scanning every
    style in the file, which made a file of 60,000 short paragraphs take minutes."""

    def __init__(self, document, numbering: _Numbering) -> None:
        self._part = document.part
        self._numbering = numbering
        self._known: dict[str | None, _Style] = {}

    def of(self, p) -> _Style:
        from docx.enum.style import WD_STYLE_TYPE

        style_id = p.style
        if style_id not in self._known:
            style = self._part.get_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
            num_id, ilvl = None, None
            for link in _style_chain(style):
                num_pr = link.element.find(f"{_W}pPr/{_W}numPr")
                if num_pr is not None:
                    num_id = _attr(num_pr, "numId")
                    ilvl = _attr(num_pr, "ilvl")
                    break
            level = int(ilvl) if ilvl and ilvl.isdigit() else self._numbering.style_level(style_id)
            self._known[style_id] = _Style(
                _heading_level(style), any(_LIST_STYLE.match(name) for name in _style_names(style)), num_id, level)
        return self._known[style_id]


def _attr(parent, child: str) -> str | None:
    found = parent.find(f"{_W}{child}")
    return found.get(_VAL) if found is not None else None


@dataclass(frozen=True)
class _Level:
    start: int
    format: str  # numFmt: decimal, lowerLetter, upperRoman, bullet, none, ...
    text: str  # lvlText: "%1.%2", "%1)", "•"
    legal: bool  # isLgl: every number shown as decimal
    suffix: str  # what separates the number from the text


class _Numbering:
    """List numbers as Word renders them, from numbering.xml. A list instance (w:num) points at a list
    definition (w:abstractNum); instances of one definition count on together, and one that overrides a
    level's start restarts the count where it is first used."""

    def __init__(self, root, styles_root) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}
        self._links: dict[str, str] = {}  # definition -> numbering style it takes its levels from
        self._style_levels: dict[str, int] = {}  # paragraph style -> the level that names it (w:pStyle)
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # instance -> (definition, start overrides)
        self._style_nums: dict[str, str] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._starts: dict[tuple[str, int], int] = {}
        self._used: set[str] = set()
        if root is None:
            return
        for abstract in root.iterchildren(f"{_W}abstractNum"):
            key = abstract.get(f"{_W}abstractNumId", "")
            if (link := _attr(abstract, "numStyleLink")) is not None:
                self._links[key] = link
            self._levels[key] = levels = {}
            for lvl in abstract.iterchildren(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0")) if lvl.get(f"{_W}ilvl", "0").isdigit() else 0
                levels[ilvl] = _level(lvl)
                if (style := _attr(lvl, "pStyle")) is not None:
                    self._style_levels[style] = ilvl
        for num in root.iterchildren(f"{_W}num"):
            overrides = {}
            for override in num.iterchildren(f"{_W}lvlOverride"):
                ilvl = override.get(f"{_W}ilvl", "0")
                start = override.find(f"{_W}startOverride")
                if start is not None and ilvl.isdigit():
                    overrides[int(ilvl)] = _int_val(start, 1)
            self._nums[num.get(f"{_W}numId", "")] = (_attr(num, "abstractNumId") or "", overrides)
        for style in styles_root.iterchildren(f"{_W}style"):
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None and (num_id := _attr(num_pr, "numId")) is not None:
                self._style_nums[style.get(f"{_W}styleId", "")] = num_id

    def style_level(self, style_id: str | None) -> int:
        return self._style_levels.get(style_id or "", 0)

    def _definition(self, num_id: str) -> str | None:
        """The definition holding the levels, through at most a few numbering-style links."""
        abstract = self._nums[num_id][0] if num_id in self._nums else None
        for _ in range(3):
            if abstract is None or abstract not in self._links:
                break
            linked = self._style_nums.get(self._links[abstract])
            abstract = self._nums[linked][0] if linked in self._nums else None
        return abstract

    def label(self, p, style: _Style) -> str | None:
        """The paragraph's number with what follows it ("5.2 ", "a) "), "" for a bullet, None if not in a list."""
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        num_id, ilvl_text = (_attr(num_pr, "numId"), _attr(num_pr, "ilvl")) if num_pr is not None else (None, None)
        num_id = num_id or style.num_id
        ilvl = int(ilvl_text) if ilvl_text and ilvl_text.isdigit() else style.ilvl
        if not num_id or num_id == "0" or num_id not in self._nums:
            return None
        abstract = self._definition(num_id)
        levels = self._levels.get(abstract or "")
        if not levels or ilvl not in levels:
            return None
        assert abstract is not None
        counters = self._counters.setdefault(abstract, [None] * 10)
        if num_id not in self._used:
            self._used.add(num_id)
            for overridden, value in self._nums[num_id][1].items():
                self._starts[(abstract, overridden)] = value
                counters[overridden:] = [None] * (len(counters) - overridden)

        def start(k: int) -> int:
            return self._starts.get((abstract, k), levels[k].start if k in levels else 1)

        current = counters[ilvl]
        counters[ilvl] = start(ilvl) if current is None else current + 1
        counters[ilvl + 1:] = [None] * (len(counters) - ilvl - 1)
        for k in range(ilvl):
            if counters[k] is None:
                counters[k] = start(k)
        level = levels[ilvl]
        if level.format in ("bullet", "none") or not level.text:
            return ""

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            fmt = "decimal" if level.legal else levels[k].format if k in levels else "decimal"
            return _format_number(counters[k] or 0, fmt)

        return re.sub(r"%([1-9])", number, level.text) + level.suffix


def _level(lvl) -> _Level:
    suffix = {"nothing": "", "space": " "}.get(_attr(lvl, "suff") or "tab", " ")
    return _Level(
        start=_int_val(lvl.find(f"{_W}start"), 1),
        format=_attr(lvl, "numFmt") or "decimal",
        text=_attr(lvl, "lvlText") or "",
        legal=not _off(lvl, f"{_W}isLgl"),
        suffix=suffix,
    )


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letters = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word: ..., z, aa, bb
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        roman = []
        for value, symbol in _ROMAN:
            count, n = divmod(n, value)
            roman.append(symbol * count)
        return "".join(roman).upper() if fmt == "upperRoman" else "".join(roman)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _outline_level(p) -> int | None:
    found = p.find(f"{_W}pPr/{_W}outlineLvl")
    value = found.get(_VAL, "") if found is not None else ""
    if value.isdigit() and int(value) < 9:
        return min(int(value) + 1, 3)
    return None


def _all_bold(p) -> bool:
    """Is every run with text directly formatted bold?"""
    runs = [r for r in p.iter(f"{_W}r") if any((t.text or "").strip() for t in r.iterchildren(f"{_W}t"))]
    return bool(runs) and all(not _off(r, f"{_W}rPr/{_W}b") for r in runs)


def _comment(reader: _Reader, comment) -> str:
    text = " ".join(reader.texts(comment))
    author = comment.get(f"{_W}author")
    return f"{author}: {text}" if author and text.strip() else text


def _metadata(document) -> dict[str, str | None]:
    props = document.core_properties
    return {
        "title": props.title or None,
        "author": props.author or None,
        "created": props.created.isoformat() if props.created else None,
        "modified": props.modified.isoformat() if props.modified else None,
    }
