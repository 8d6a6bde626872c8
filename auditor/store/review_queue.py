"""The review queue: the scores the scorer is unsure of, across a län (or every län), that no reviewer has
looked at yet, in the order a länsstyrelse should read them.

Order: first the items the län inventory's figures rest on (R1 for a jointly signed löfte, O1, M2, U1, U3:
an unsure score there can change what the länsstyrelse reports and which kommuner get support), then the
least sure, then the documents with the lowest total (those the support needs are read from). A review of
the item (a changed score or a confirmation) takes it out of the queue.
"""

from __future__ import annotations

import json

import sqlite_utils

from auditor.labels import page_label
from auditor.store.inventory import QUALITY_CRITERIA
from auditor.store.places import require_lan

DECIDING = {"R1", *(item for _, item, _, _ in QUALITY_CRITERIA)}


def review_queue(db: sqlite_utils.Database, lan: str | None = None, limit: int | None = None) -> list[dict]:
    """Unsure, unreviewed items of the latest runs of published documents, each with its first evidence."""
    lan_name = require_lan(db, lan) if lan else None
    rows = list(db.query(
        """SELECT o.id AS document_id, o.file_name, o.title, o.kommun, o.lan, o.doc_type, o.total, o.max_total,
                  i.item_id, i.title AS item_title, i.score, i.confidence, i.review_reason, r.result_json
           FROM document_overview AS o
           JOIN latest_run AS r ON r.document_id = o.id
           JOIN item_score AS i ON i.run_id = r.id
           WHERE i.needs_review AND i.applicable AND NOT o.is_draft AND o.status = 'bekräftad' AND (:lan IS NULL OR o.lan = :lan)
             AND NOT EXISTS (SELECT 1 FROM review AS v WHERE v.document_id = o.id AND v.item_id = i.item_id
                             AND v.kind = 'granskning' AND v.created_at >= r.created_at)""",
        {"lan": lan_name},
    ))
    rows.sort(key=lambda row: (row["item_id"] not in DECIDING, row["confidence"] or 0,
                               (row["total"] or 0) / (row["max_total"] or 1), row["document_id"], row["item_id"]))
    queue = []
    for row in rows[:limit]:
        items = {item["id"]: item for item in json.loads(row.pop("result_json"))["items"]}
        evidence = items[row["item_id"]]["evidence"]
        queue.append({**row, "deciding": row["item_id"] in DECIDING,
                      "evidence": evidence[0] if evidence else None, "missing": items[row["item_id"]]["missing"]})
    return queue


def format_queue(queue: list[dict]) -> str:
    if not queue:
        return "Inga osäkra punkter väntar på granskning."
    lines = [f"{len(queue)} osäkra punkter att granska (först de som länets siffror vilar på):"]
    for entry in queue:
        where = f"{entry['kommun'] or 'okänd kommun'}, {entry['title'] or entry['file_name']} (dokument {entry['document_id']})"
        lines.append(f"\n{entry['item_id']} {entry['item_title']}: {entry['score']} p, säkerhet "
                     f"{(entry['confidence'] or 0):.0%}{' – avgör länets siffror' if entry['deciding'] else ''}")
        lines.append(f"  {where}")
        lines.append(f"  Varför osäker: {entry['review_reason']}")
        if entry["evidence"]:
            page = f" ({page_label(entry['evidence']['page'])})" if entry["evidence"]["page"] else ""
            lines.append(f"  Belägg: ”{entry['evidence']['quote']}”{page}")
        elif entry["missing"]:
            lines.append(f"  Saknas: {entry['missing'][0]}")
    return "\n".join(lines)
