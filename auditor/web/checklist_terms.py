"""What the checklist's ids and the overview's signs mean in words, for tooltips and explanations."""

from __future__ import annotations

from functools import cache

from auditor.engine.checklist import load_checklist
from auditor.store.inventory import QUALITY_CRITERIA

AT_LEAST = {1: "minst 1 poäng (delvis eller uppfyllt)", 2: "full poäng (2, uppfyllt)"}


@cache
def item_titles() -> dict[str, str]:
    """Item id → "R1 Parter och förankring (Ramar)": the tooltip wherever an item id is shown."""
    return {item.id: f"{item.id} {item.title} ({item.area})" for item in load_checklist().items}


def max_total(doc_type: str) -> int:
    """The highest total a document of the type can reach: 2 for each item that applies to it."""
    return sum(2 for item in load_checklist().items if doc_type in item.applies_to)


def quality_terms() -> list[tuple[str, str]]:
    """The overview's quality figures ("O1 ≥ 1") in words."""
    titles = item_titles()
    return [(f"{item_id} {'≥' if minimum < 2 else '='} {minimum}", f"punkt {titles[item_id]} har {AT_LEAST[minimum]}")
            for _, item_id, minimum, _ in QUALITY_CRITERIA]
