"""RTF (.rtf, WordPad and Word's "Rich Text"): paragraphs, headings (heading styles and outline levels), list
items (paragraphs of a list), table rows; footnotes, comments (annotations) and headers/footers kept apart.
Tracked deletions and hidden text are left out, so the text is read with its changes accepted.

A small reader of RTF's own grammar: control words, groups and destinations, read with one stack in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from auditor.document import Document, DocumentBuilder
from auditor.parsers import errors, notices

_TOKEN = re.compile(r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([^\\{}\r\n]+)|[\r\n]+")
_HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title": 1, "rubrik": 1, "subtitle": 2, "underrubrik": 2}
_SYMBOLS = {
    "tab": "\t", "line": "\n", "emdash": "—", "endash": "–", "bullet": "•", "lquote": "‘", "rquote": "’",
    "ldblquote": "“", "rdblquote": "”", "emspace": " ", "enspace": " ", "qmspace": " ",
}
_ESCAPES = {"\\": "\\", "{": "{", "}": "}", "~": "\u00a0", "_": "-", "-": ""}
# Destinations whose text is not body text; those read into a separate list name it.
_SKIPPED = {
    "fonttbl", "colortbl", "info", "pict", "themedata", "colorschememapping", "latentstyles", "datastore",
    "xmlnstbl", "listtable", "listoverridetable", "rsidtbl", "generator", "pntext", "pntxta", "pntxtb", "bkmkstart",
    "bkmkend", "fldinst", "nonshppict", "objdata", "atnid", "atnref", "atndate", "atnicn", "template", "userprops",
    "revtbl", "filetbl", "mmathPr", "wgrffmtfilter", "pgdsctbl", "docvar", "xe", "tc", "listpicture", "falt",
    "protusertbl", "ftnsep", "ftnsepc", "aftnsep", "aftnsepc", "fchars", "lchars", "panose", "stylesheet",
}
_SEPARATE = {
    "header": "header", "headerl": "header", "headerr": "header", "headerf": "header", "footer": "header",
    "footerl": "header", "footerr": "header", "footerf": "header", "footnote": "note", "annotation": "comment",
    "atnauthor": "author", "title": "title", "author": "doc_author",
}
_MAX_UNICODE_SKIP = 8


@dataclass
class _State:
    """What a group inherits and may change: where its text goes and how its characters are shown."""

    sink: str = "body"  # body | header | note | comment | author | title | doc_author | style | skip
    hidden: bool = False  # \v hidden text or a tracked deletion (\deleted)
    uc: int = 1  # characters that stand in for a \u character in readers without Unicode


@dataclass
class _Paragraph:
    style: int = 0
    outline: int | None = None
    in_list: bool = False
    in_table: bool = False
    pieces: list[str] = field(default_factory=list)


def parse_rtf(path: Path, data: bytes, sha256: str) -> Document:
    reader = _Reader(data)
    if not reader.builder.blocks:
        raise errors.EmptyDocument("RTF-filen innehåller ingen text.")
    notes = list(dict.fromkeys(reader.notes))
    comments = list(dict.fromkeys(reader.comments))
    return Document(
        path=str(path),
        sha256=sha256,
        format="rtf",
        pages=None,
        text=reader.builder.text,
        blocks=reader.builder.blocks,
        metadata={"title": reader.meta.get("title"), "author": reader.meta.get("doc_author"),
                  "created": None, "modified": None},
        warnings=[
            "RTF-filen saknar sidindelning; sidnummer kan inte anges.",
            *([notices.TRACKED_CHANGES] if reader.tracked else []),
            *notices.kept_apart(comments, notes),
        ],
        headers_footers=list(dict.fromkeys(reader.headers_footers)),
        notes=notes,
        comments=comments,
    )


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.builder = DocumentBuilder()
        self.notes: list[str] = []
        self.comments: list[str] = []
        self.headers_footers: list[str] = []
        self.meta: dict[str, str] = {}
        self.tracked = False
        self._styles: dict[int, str] = {}
        self._codepage = "cp1252"
        self._paragraph = _Paragraph()
        self._cells: list[str] = []
        self._separate: list[str] = []  # the text of the note, comment or header being read
        self._author = ""
        self._style: tuple[int, list[str]] | None = None  # the stylesheet entry being read
        self._read(data.decode("latin-1"))  # RTF is 7-bit: other bytes arrive as \'hh escapes or \u
        self._end_paragraph(_State())
        self._end_row()  # a last row without its \row

    def _read(self, source: str) -> None:
        state = _State()
        stack: list[_State] = []
        skip = 0  # fallback characters after \uN still to skip
        ignorable = False  # "\*": the group is a destination to skip unless it is known
        position = 0
        while match := _TOKEN.search(source, position):
            position = match.end()
            word, number, hexa, symbol, brace, text = match.groups()
            if word == "bin" and number:
                position += max(0, int(number))  # raw bytes (a picture) that may hold anything, braces too
                continue
            if brace == "{":
                stack.append(state)
                state = replace(state)
                continue
            if brace == "}":
                self._close(state, stack[-1] if stack else _State())
                state = stack.pop() if stack else _State()
                continue
            if word:
                if skip and word not in ("par", "cell", "row"):
                    skip -= 1  # a control word standing in for a \u character
                    continue
                if ignorable and word not in _SEPARATE and word != "shptxt":
                    state.sink = "skip"
                ignorable = False
                skip = self._control(word, number, state)
                continue
            if symbol == "*":
                ignorable = True
                continue
            ignorable = False
            if hexa or symbol or text:
                if hexa:
                    chars = bytes([int(hexa, 16)]).decode(self._codepage, errors="replace")
                elif symbol:
                    chars = _ESCAPES.get(symbol, "")
                else:
                    chars = text or ""
                if skip:
                    dropped = min(skip, len(chars) if not hexa else 1)
                    chars, skip = chars[dropped:], skip - dropped
                self._text(chars, state)

    def _control(self, word: str, number: str | None, state: _State) -> int:
        """Apply one control word; return how many fallback characters follow it (\\uN)."""
        value = int(number) if number else None
        if word in _SKIPPED:
            state.sink = "style" if word == "stylesheet" else "skip"
        elif word in _SEPARATE:
            state.sink = _SEPARATE[word]
            if state.sink in ("header", "note", "comment"):
                self._separate = []
        elif word == "shptxt":
            state.sink = "body"  # a text box's text, inside the shape's skipped properties
        elif word == "uc":
            state.uc = max(0, value or 0)
        elif word in ("v", "deleted"):
            state.hidden = value != 0
            self.tracked = self.tracked or (word == "deleted" and value != 0)
        elif word == "revised" and value != 0:
            self.tracked = True
        elif word == "plain":
            state.hidden = False
        elif word == "ansicpg" and value and _known_codepage(f"cp{value}"):
            self._codepage = f"cp{value}"
        elif state.sink == "style":
            if word == "s" and value is not None:
                self._style = (value, [])
        elif state.sink == "skip":
            pass
        elif word == "u" and value is not None:
            if not 0xD800 <= value % 65536 < 0xE000:
                self._text(chr(value % 65536), state)
            return min(state.uc, _MAX_UNICODE_SKIP)
        elif word in _SYMBOLS:
            self._text(_SYMBOLS[word], state)
        elif word in ("par", "sect", "page"):
            self._end_paragraph(state)
        elif state.sink != "body":
            pass  # the paragraph properties below are the body's
        elif word == "pard":
            self._paragraph = _Paragraph(pieces=self._paragraph.pieces)
        elif word == "s" and value is not None:
            self._paragraph.style = value
        elif word == "outlinelevel" and value is not None:
            self._paragraph.outline = value
        elif word in ("ls", "ilvl", "listtext", "pnlvl", "pnlvlblt", "pnlvlbody"):
            self._paragraph.in_list = True
            if word == "listtext":
                state.sink = "skip"  # the list marker: dropped, as the other parsers drop it
        elif word in ("intbl", "itap") and (value is None or value > 0):
            self._paragraph.in_table = True
        elif word in ("cell", "nestcell"):
            self._cells.append(" ".join("".join(self._paragraph.pieces).split()))
            self._paragraph.pieces = []
        elif word in ("row", "nestrow"):
            self._end_row()
        return 0

    def _text(self, chars: str, state: _State) -> None:
        if state.hidden or not chars or state.sink == "skip":
            return
        if state.sink == "body":
            self._paragraph.pieces.append(chars)
        elif state.sink == "style":
            if self._style is None:
                self._style = (0, [])
            self._style[1].append(chars)
        elif state.sink in ("title", "doc_author", "author"):
            self.meta[state.sink] = self.meta.get(state.sink, "") + chars
        else:
            self._separate.append(chars)

    def _close(self, state: _State, outer: _State) -> None:
        """A group ends: finish what it was the destination of."""
        if state.sink == "style" and outer.sink == "style" and self._style is not None:
            number, name = self._style
            self._styles[number] = "".join(name).strip().rstrip(";").strip()
            self._style = None
        elif state.sink != outer.sink and state.sink in ("header", "note", "comment"):
            text = " ".join("".join(self._separate).split())
            if state.sink == "header" and text:
                self.headers_footers.append(text)
            elif state.sink == "note" and text:
                self.notes.append(text)
            elif state.sink == "comment" and text:
                author = " ".join(self.meta.pop("author", "").split())
                self.comments.append(f"{author}: {text}" if author else text)
            self._separate = []

    def _end_paragraph(self, state: _State) -> None:
        if state.sink in ("header", "note", "comment"):
            self._separate.append(" ")
            return
        paragraph = self._paragraph
        if state.sink != "body":
            return
        if paragraph.in_table:  # a paragraph in a cell goes on until the \cell
            paragraph.pieces.append(" ")
            return
        text = "".join(paragraph.pieces)
        paragraph.pieces = []
        level = _heading_level(self._styles.get(paragraph.style, ""), paragraph.outline)
        if level is not None:
            self.builder.add("heading", text, None, level=level)
        else:
            self.builder.add("list_item" if paragraph.in_list else "paragraph", text, None)

    def _end_row(self) -> None:
        cells = self._cells
        self._cells = []
        if any(cells):
            self.builder.add("table_row", " | ".join(cells), None, cells=tuple(cells))


def _heading_level(style_name: str, outline: int | None) -> int | None:
    lowered = style_name.lower()
    if match := _HEADING_STYLE.match(lowered):
        return min(int(match.group(1)), 3) or 1
    if lowered in _TITLE_STYLES:
        return _TITLE_STYLES[lowered]
    if outline is not None and 0 <= outline < 9:
        return min(outline + 1, 3)
    return None


def _known_codepage(name: str) -> bool:
    import codecs

    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True
