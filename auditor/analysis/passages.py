"""Turn a short example passage (as written in checklist_17.yaml) into a Document.

A line starting with "#" is a heading (one "#" per level), "| a | b |" a table row, "- " a list item;
blank lines separate paragraphs. Everything lands on page 1.
"""

from __future__ import annotations

import hashlib

from auditor.document import Document, DocumentBuilder


def passage_document(text: str, path: str = "<exempel>") -> Document:
    builder = DocumentBuilder()
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            builder.add("paragraph", " ".join(paragraph), 1)
            paragraph.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#"):
            flush()
            builder.add("heading", line.lstrip("#").strip(), 1, level=len(line) - len(line.lstrip("#")))
        elif line.startswith("|"):
            flush()
            cells = tuple(c.strip() for c in line.strip("|").split("|"))
            builder.add("table_row", " | ".join(cells), 1, cells=cells)
        elif line.startswith("- "):
            flush()
            builder.add("list_item", line[2:], 1)
        else:
            paragraph.append(line)
    flush()
    body = builder.text
    return Document(path=path, sha256=hashlib.sha256(body.encode()).hexdigest(), format="txt", pages=1,
                    text=body, blocks=builder.blocks)
