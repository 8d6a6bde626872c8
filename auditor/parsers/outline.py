"""The last step of every parser: the document's outline as a reader sees it.

    outlined(document) -> Document

- A table of contents ("Innehåll" and the chapter titles under it) is taken out of the text: its titles
  are not the chapters, and its numbers and words would otherwise count as content ("3 Syfte" is no purpose).
- In a PDF (or a scan) a numbered heading takes the level its numbering gives ("5" is a chapter, "5.2" a
  section under it), whatever font size it was set in, so a chapter's section ends at the next chapter,
  not at its first subsection. Word's heading styles and Markdown's "#" say the level themselves.
- In a PDF a paragraph cut by a column or page break ("Överenskommelsen gäller från och med" | "undertecknandet
  till och med …") is joined again: a block that ends mid-sentence and a block that goes on in lower case.
  Scanned blocks in lower case right under a lead-in ending in a colon are the items of a list whose bullets
  the scan lost, not one sentence; a list item's wrapped line that a scan set apart rejoins its item.
"""

from __future__ import annotations

import re
from dataclasses import replace

from auditor.document import Block, Document, DocumentBuilder, fold
from auditor.parsers.lines import DANGLING, heading_depth

_TOC_TITLES = {"innehall", "innehallsforteckning", "innehall och lasanvisning", "table of contents"}
# An entry's title without its numbering, dot leaders and page number: "2.1 Lägesbild ....... 4" -> "lagesbild"
_ENTRY_NOISE = re.compile(r"^[\s.]*(?:\d{1,2}(?:\.\d{1,2})*\.?)?\s*|[\s.·…_-]*\d{0,3}\s*$")
_NUMBERED_TITLE = re.compile(r"(?:^|\s)\d{1,2}(?:\.\d{1,2})*\.?\s+[A-ZÅÄÖ]")
_MAX_ENTRY = 120
_CHAPTER = re.compile(r"^\d{1,2}\.\s+[A-ZÅÄÖ]")
_SENTENCE_END = (".", ":", "!", "?", ";", "”", '"', ")")


def outlined(document: Document) -> Document:
    blocks = _without_contents(document.blocks)
    if document.format == "pdf":
        blocks = _numbered_levels(_rejoined(blocks))
    if blocks == document.blocks:
        return document
    builder = DocumentBuilder()
    for block in blocks:
        builder.add(block.kind, block.text, block.page, level=block.level, cells=block.cells, ocr=block.ocr)
    return replace(document, text=builder.text, blocks=builder.blocks)


def _title(text: str) -> str:
    return " ".join(_ENTRY_NOISE.sub("", fold(text)).split()).rstrip(":")


def _titles(text: str) -> set[str]:
    """The entry titles in a block: one, or several when the contents' lines were joined into one paragraph."""
    starts = [match.start() for match in _NUMBERED_TITLE.finditer(text)]
    if len(starts) < 2:
        return {_title(text)}
    return {_title(text[a:b]) for a, b in zip(starts, [*starts[1:], len(text)])}


def _without_contents(blocks: list[Block]) -> list[Block]:
    """The blocks without a table of contents: the block titled "Innehåll" and the entries after it, up to the
    first heading that repeats an entry (the first chapter), a change of page, or running prose."""
    for i, block in enumerate(blocks):
        if block.kind in ("heading", "paragraph") and _title(block.text) in _TOC_TITLES:
            break
    else:
        return blocks
    entries: set[str] = set()
    end = i + 1
    while end < len(blocks):
        entry = blocks[end]
        title = _title(entry.text)
        if entry.kind == "heading" and title in entries:
            break
        if block.page is not None and entry.page is not None and entry.page > block.page + 1:
            break
        if len(entry.text) > _MAX_ENTRY and len(_NUMBERED_TITLE.findall(entry.text)) < 3:
            break
        if block.page is not None and entry.page != block.page and entries and entry.kind == "heading":
            break  # the contents filled its page; a heading on the next one starts the text
        entries.update(_titles(entry.text))
        end += 1
    if not entries:
        return blocks
    return blocks[:i] + blocks[end:]


def _rejoined(blocks: list[Block]) -> list[Block]:
    joined: list[Block] = []
    unmarked = False  # the last block is an item of a list whose bullets the scan lost
    for block in blocks:
        previous = joined[-1] if joined else None
        lower = block.text[:1].islower()
        open_ended = previous is not None and not previous.text.rstrip().endswith(_SENTENCE_END)
        if previous is not None and open_ended and (
                lower and previous.kind == block.kind == "paragraph"
                # a list item's wrapped line that a scan set apart, or as a heading: "… kamerabevakning samt" /
                # "samordning med Polisen", "(ansvar: gatuenheten, tid: maj)"
                or previous.kind == "list_item" and block.kind in ("paragraph", "heading")
                and (lower and DANGLING.search(previous.text.rstrip()) or block.text.startswith("("))):
            joined[-1] = replace(previous, text=f"{previous.text.rstrip()} {block.text.lstrip()}")
            continue
        # scanned lines in lower case right under a lead-in ("… arbeta för att:" / "minska brottsligheten" / "öka
        # tryggheten …"), each set apart, are its items, not one sentence; a scan's noise may have made one of
        # them look like a heading, which never opens in lower case
        if lower and block.ocr and previous is not None and (
                unmarked and block.kind in ("paragraph", "heading")
                or block.kind == previous.kind == "paragraph" and previous.text.rstrip().endswith(":")):
            joined.append(replace(block, kind="list_item", level=None))
            unmarked = True
            continue
        unmarked = False
        joined.append(block)
    return joined


def _depth(block: Block) -> int | None:
    if block.kind != "heading":
        return None
    # "3. Syfte" reads as a list item in running text, but as a heading it is chapter 3
    return heading_depth(block.text) or (1 if _CHAPTER.match(block.text) else None)


def _numbered_levels(blocks: list[Block]) -> list[Block]:
    """Numbered headings at their numbering's depth, below a title of level 1 above the first of them."""
    first = next((i for i, block in enumerate(blocks) if _depth(block)), None)
    if first is None:
        return blocks
    below_title = any(block.kind == "heading" and block.level == 1 for block in blocks[:first])
    return [replace(block, level=depth + below_title) if (depth := _depth(block)) else block for block in blocks]
