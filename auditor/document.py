"""The one document model every parser produces and every rule reads.

A parser never builds offsets by hand: it feeds blocks to `DocumentBuilder`, which joins them into
`Document.text` and records where each block sits, so `doc.text[b.start:b.end] == b.text` always holds.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table_row"]
BLOCK_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    start: int
    end: int
    page: int | None  # 1-based; None when the format has no reliable pages (DOCX without breaks)
    level: int | None = None  # heading level, 1 = top
    cells: tuple[str, ...] | None = None  # table_row only: the cell texts, in column order
    ocr: bool = False  # text came from OCR of a page image


@dataclass
class Document:
    path: str
    sha256: str
    format: str  # "pdf" | "docx" | "doc" (read as the DOCX it converts to) | "odt" | "rtf" | "txt"
    pages: int | None
    text: str
    blocks: list[Block]
    metadata: dict[str, str | None] = field(default_factory=dict)  # title, author, created, modified
    warnings: list[str] = field(default_factory=list)  # Swedish, shown to the user
    ocr_pages: list[int] = field(default_factory=list)
    headers_footers: list[str] = field(default_factory=list)  # running text kept out of the body
    # Shown to the reader but never scored: footnotes, endnotes and PDF form-field values ...
    notes: list[str] = field(default_factory=list)
    # ... and the reviewers' comments (Word comments, PDF annotations).
    comments: list[str] = field(default_factory=list)

    @cached_property
    def folded(self) -> FoldedText:
        return FoldedText.of(self.text)

    @cached_property
    def _block_starts(self) -> list[int]:
        return [block.start for block in self.blocks]

    def block_index(self, offset: int) -> int:
        """Index of the last block starting at or before `offset` (-1 if none): blocks are in text order."""
        return bisect_right(self._block_starts, offset) - 1

    def page_at(self, offset: int) -> int | None:
        """The page of the block containing (or nearest before) `offset`."""
        i = self.block_index(offset)
        return self.blocks[i].page if i >= 0 else None

    def block_at(self, offset: int) -> Block | None:
        i = self.block_index(offset)
        return self.blocks[i] if i >= 0 and offset < self.blocks[i].end else None

    def blocks_starting_in(self, start: int, end: int) -> list[Block]:
        return self.blocks[bisect_left(self._block_starts, start):bisect_left(self._block_starts, end)]

    def to_dict(self) -> dict:
        data = asdict(self)
        for block in data["blocks"]:
            if block["cells"] is not None:
                block["cells"] = list(block["cells"])
        return data


class DocumentBuilder:
    """Collects blocks in reading order and assigns their offsets into the joined text."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []

    def add(
        self,
        kind: BlockKind,
        text: str,
        page: int | None,
        *,
        level: int | None = None,
        cells: tuple[str, ...] | None = None,
        ocr: bool = False,
    ) -> Block | None:
        text = text.strip()
        if not text:
            return None
        if self._parts:
            self._parts.append(BLOCK_SEPARATOR)
            self._length += len(BLOCK_SEPARATOR)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        block = Block(kind, text, start, self._length, page, level, cells, ocr)
        self.blocks.append(block)
        return block

    @property
    def text(self) -> str:
        return "".join(self._parts)


# --- folding -------------------------------------------------------------------------------------
# Matching runs on a folded copy of the text: lowercase, Swedish diacritics removed, ligatures
# resolved. OCR damages exactly these letters, so folding lets "Lägesbild", "LAGESBILD" and
# "lagesbild" meet one pattern; evidence is mapped back and quoted from the original.

_EXPANSIONS = {
    "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
    "æ": "ae", "Æ": "ae", "ß": "ss", "œ": "oe", "Œ": "oe",
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
}
_ONE_TO_ONE = {
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2010": "-", "\u2011": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
}
_NEEDS_SLOW_PATH = re.compile("[" + "".join(_EXPANSIONS) + "]")


def _fold_char(char: str) -> str:
    if char in _EXPANSIONS:
        return _EXPANSIONS[char]
    if char in _ONE_TO_ONE:
        return _ONE_TO_ONE[char]
    lowered = char.lower()
    if len(lowered) != 1:  # e.g. "İ" lowers to two code points; keep one
        lowered = lowered[0]
    decomposed = unicodedata.normalize("NFD", lowered)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if len(base) == 1 else lowered


class _FoldTable(dict):
    """str.translate table that folds any character, computed on first sight."""

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_char(chr(codepoint))
        self[codepoint] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Folded form of `text` (may differ in length when ligatures or soft hyphens occur)."""
    return text.translate(_TABLE)


@dataclass(frozen=True)
class FoldedText:
    """Folded text plus the way back to offsets in the original."""

    text: str
    original: str
    _index: tuple[int, ...] | None  # folded position -> original position; None when 1:1

    @classmethod
    def of(cls, original: str) -> FoldedText:
        if not _NEEDS_SLOW_PATH.search(original):
            return cls(original.translate(_TABLE), original, None)
        pieces: list[str] = []
        index: list[int] = []
        for position, char in enumerate(original):
            folded = _TABLE[ord(char)]
            pieces.append(folded)
            index.extend([position] * len(folded))
        index.append(len(original))
        return cls("".join(pieces), original, tuple(index))

    @property
    def aligned(self) -> bool:
        """Folded and original offsets are the same (no ligature or soft hyphen changed the length)."""
        return self._index is None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded span [start, end) to the original span covering the same characters."""
        if self._index is None:
            return start, end
        if end <= start:
            position = self._index[start]
            return position, position
        return self._index[start], self._index[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        ostart, oend = self.to_original(start, end)
        return self.original[ostart:oend]
