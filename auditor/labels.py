"""The fixed vocabulary shared by scoring, store, reports and web: the checklist's item ids, document types,
levels and goal kinds with their Swedish labels, and the one way a page is written.

Imports nothing from the project, so every layer may use it.
"""

from __future__ import annotations

ITEM_IDS = ("R1", "R2", "R3", "L1", "L2", "L3", "O1", "O2", "M1", "M2", "M3", "A1", "A2", "A3", "U1", "U2", "U3")

DOC_TYPE_LABELS = {
    "samverkansoverenskommelse": "samverkansöverenskommelse",
    "medborgarlofte": "medborgarlöfte",
    "atgardsplan": "åtgärdsplan",
    "strategi_program": "strategi/program",
    "annat": "annat dokument",
}
DOC_TYPES = tuple(DOC_TYPE_LABELS)
# the same labels at the start of a heading, a table cell or a choice in a form
DOC_TYPE_TITLES = {doc_type: label.capitalize() for doc_type, label in DOC_TYPE_LABELS.items()}

LEVEL_LABELS = {0: "saknas", 1: "delvis", 2: "uppfyllt"}
NOT_APPLICABLE = "ej tillämplig"

GOAL_KIND_LABELS = {
    "vision": "vision", "effektmal": "effektmål", "processmal": "processmål",
    "produktionsmal": "produktionsmål", "aktivitet": "aktivitet",
}
GOAL_KINDS = tuple(GOAL_KIND_LABELS)

NO_PAGE = "sida okänd"  # where a sentence needs words for a passage without a page (a text file has none)


def doc_type_label(doc_type: str) -> str:
    return DOC_TYPE_LABELS.get(doc_type, doc_type)


def level_label(score: int, applicable: bool) -> str:
    return LEVEL_LABELS[score] if applicable else NOT_APPLICABLE


def page_label(first: int | None, last: int | None = None, *, missing: str = "") -> str:
    """"s. 3", or "s. 3–4" for a span; `missing` (by default nothing) when there is no page, never "s. None"."""
    if not first:
        return missing
    return f"s. {first}–{last}" if last and last != first else f"s. {first}"
