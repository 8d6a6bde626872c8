"""Baseline → revised comparison per kommun and document type, with a verdict.

Figures use the effective score (a reviewer's override wins over the automatic score). Only items that
apply to both documents count. The verdict rule, in order:
1. "oförändrad" — no item changed;
2. "försämrad" — the total went down;
3. "förbättrad i alla avseenden" — no item went down, and every area that was not already at its
   maximum in the baseline went up;
4. "delvis förbättrad" — otherwise (some items improved and the total did not go down).
"""

from __future__ import annotations

import sqlite_utils

from auditor.labels import DOC_TYPES, ITEM_IDS, NO_PAGE, page_label
from auditor.store.documents import current_scores, period_label
from auditor.store.places import require_kommun
from auditor.store.sql import StoreError
from auditor.store.versions import chosen_by, version_pair

UNCHANGED, WORSE, IMPROVED_ALL, IMPROVED_PARTLY = (
    "oförändrad",
    "försämrad",
    "förbättrad i alla avseenden",
    "delvis förbättrad",
)
VERDICTS = (IMPROVED_ALL, IMPROVED_PARTLY, UNCHANGED, WORSE)


def verdict(item_deltas: list[int], areas: list[tuple[int, int, int]]) -> str:
    """`areas` holds (baseline, revised, max) per area; see the module docstring for the rule."""
    if all(delta == 0 for delta in item_deltas):
        return UNCHANGED
    if sum(item_deltas) < 0:
        return WORSE
    if all(delta >= 0 for delta in item_deltas) and all(rev > base for base, rev, top in areas if base < top):
        return IMPROVED_ALL
    return IMPROVED_PARTLY


def compare_documents(db: sqlite_utils.Database, baseline: dict, revised: dict) -> dict:
    before, after = current_scores(db, baseline["id"]), current_scores(db, revised["id"])
    items: list[dict] = []
    areas: dict[str, dict] = {}
    for item_id in ITEM_IDS:
        old, new = before.get(item_id), after.get(item_id)
        if not (old and new and old["applicable"] and new["applicable"]):
            continue
        delta = new["score"] - old["score"]
        items.append(
            {
                "id": item_id,
                "area": new["area"],
                "title": new["title"],
                "baseline": old["score"],
                "revised": new["score"],
                "delta": delta,
                "evidence": {"baseline": old["evidence"], "revised": new["evidence"]} if delta else None,
            }
        )
        area = areas.setdefault(new["area"], {"baseline": 0, "revised": 0, "max": 0})
        area["baseline"] += old["score"]
        area["revised"] += new["score"]
        area["max"] += new["max"]
    for area in areas.values():
        area["delta"] = area["revised"] - area["baseline"]
    total = {key: sum(area[key] for area in areas.values()) for key in ("baseline", "revised", "max", "delta")}
    return {
        "kommun": revised["kommun"],
        "doc_type": revised["doc_type"],
        "baseline": _document_summary(baseline),
        "revised": _document_summary(revised),
        "chosen_by": chosen_by(baseline, revised),
        "items": items,
        "areas": areas,
        "total": total,
        "verdict": verdict(
            [item["delta"] for item in items], [(a["baseline"], a["revised"], a["max"]) for a in areas.values()]
        ),
    }


def compare_kommun(db: sqlite_utils.Database, kommun: str, doc_type: str | None = None) -> list[dict]:
    """One comparison per document type that has two versions (or only the requested type)."""
    kommun_row = require_kommun(db, kommun)
    if doc_type is not None and doc_type not in DOC_TYPES:
        raise StoreError(f"Okänd dokumenttyp ”{doc_type}”: välj någon av {', '.join(DOC_TYPES)}.")
    comparisons = []
    for kind in [doc_type] if doc_type else DOC_TYPES:
        pair = version_pair(db, kommun_row["id"], kind)
        if pair:
            comparisons.append(compare_documents(db, *pair))
    if not comparisons:
        raise StoreError(
            f"{kommun_row['name']} har inga två versioner av samma dokumenttyp att jämföra. "
            "Importera båda versionerna eller ange dem med ”auditor pair”."
        )
    return comparisons


def _document_summary(document: dict) -> dict:
    keys = ("id", "file_name", "title", "period_from", "period_to", "document_date", "version_label")
    return {key: document[key] for key in keys}


def format_comparison(comparison: dict) -> str:
    """A Swedish plain-text report of one comparison."""
    base, rev, total = comparison["baseline"], comparison["revised"], comparison["total"]
    lines = [
        f"{comparison['kommun']} – {comparison['doc_type']}",
        f"Baslinje:  [{base['id']}] {base['file_name']} ({period_label(base)})",
        f"Reviderad: [{rev['id']}] {rev['file_name']} ({period_label(rev)})",
        "",
    ]
    for item in comparison["items"]:
        lines.append(f"  {item['id']:<3} {item['title']:<45} {item['baseline']} → {item['revised']}  {_signed(item['delta'])}")
        if item["evidence"]:
            for side, label in (("baseline", "före"), ("revised", "efter")):
                for evidence in item["evidence"][side][:2]:
                    page = page_label(evidence["page"], missing=NO_PAGE)
                    lines.append(f"        {label} ({page}): ”{_short(evidence['quote'])}”")
    lines.append("")
    for name, area in comparison["areas"].items():
        lines.append(f"  {name:<14} {area['baseline']:>2} → {area['revised']:>2} av {area['max']:>2}  {_signed(area['delta'])}")
    lines.append(f"  {'Totalt':<14} {total['baseline']:>2} → {total['revised']:>2} av {total['max']:>2}  {_signed(total['delta'])}")
    lines.append(f"Bedömning: {comparison['verdict']}")
    return "\n".join(lines)


def _signed(delta: int) -> str:
    return f"{delta:+d}" if delta else "±0"


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
