"""Inventory of a län: the figures the 2018 Skåne inventory reported, computed from the store.

Definitions (all on effective scores: a reviewer's override wins over the automatic score):
- scope: every kommun of the län (`lan`), or of every län with at least one imported document;
- a kommun's *latest* document of a type is the last by period start, else date; drafts never count;
- *current*: the latest document of the type, unless its period has ended (period end < this year;
  a document without a period end counts as current); "this year" comes from `today`, injectable;
- *current jointly signed medborgarlöfte*: the current medborgarlöfte has R1 = 2;
- the quality shares (orsaksanalys, measurable goals, follow-up, revision) are taken over each kommun's
  latest samverkansöverenskommelse, current or not, and report their base;
- support needs: kommuner without a samverkansöverenskommelse first, then the lowest share of the maximum.
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from auditor.labels import DOC_TYPE_LABELS, ITEM_IDS
from auditor.store.compare import VERDICTS, compare_documents
from auditor.store.documents import current_scores, documents_for_kommun
from auditor.store.places import kommuner_in, require_lan
from auditor.store.versions import version_pair

SO, ML = "samverkansoverenskommelse", "medborgarlofte"
QUALITY_CRITERIA = (  # (key, item, minimum score, Swedish label)
    ("orsaksanalys", "O1", 1, "med orsaksanalys (O1 ≥ 1)"),
    ("matbara_mal", "M2", 2, "med mätbara mål (M2 = 2)"),
    ("uppfoljning", "U1", 2, "med specificerad uppföljning (U1 = 2)"),
    ("revidering", "U3", 1, "med revideringsklausul (U3 ≥ 1)"),
)


def is_current(document: dict | None, today: date) -> bool:
    return document is not None and (document["period_to"] is None or document["period_to"] >= today.year)


def kommun_status(db: sqlite_utils.Database, kommun: dict, today: date) -> dict:
    """One kommun's latest documents, their effective scores and their version verdicts."""
    status = {"kommun": kommun["name"], "lan": kommun["lan"], "documents": 0, "verdicts": {}}
    for doc_type in (SO, ML):
        documents = documents_for_kommun(db, kommun["id"], doc_type)
        latest = documents[-1] if documents else None
        scores = current_scores(db, latest["id"]) if latest else {}
        status["documents"] += len(documents)
        status[doc_type] = {
            "document_id": latest["id"] if latest else None,
            "file_name": latest["file_name"] if latest else None,
            "current": is_current(latest, today),
            "scores": {item_id: row["score"] for item_id, row in scores.items() if row["applicable"]},
            "total": sum(row["score"] for row in scores.values() if row["applicable"]),
            "max": sum(row["max"] for row in scores.values() if row["applicable"]),
        }
        pair = version_pair(db, kommun["id"], doc_type)
        if pair:
            status["verdicts"][doc_type] = compare_documents(db, *pair)["verdict"]
    so, ml = status[SO], status[ML]
    status["current_so"] = so["current"]
    status["current_joint_ml"] = ml["current"] and ml["scores"].get("R1") == 2
    return status


def inventory(db: sqlite_utils.Database, lan: str | None = None, *, today: date | None = None, gaps: int = 5) -> dict:
    today = today or date.today()
    lan = require_lan(db, lan) if lan else None
    statuses = [kommun_status(db, kommun, today) for kommun in kommuner_in(db, lan)]
    with_so = [s for s in statuses if s[SO]["document_id"]]
    return {
        "lan": lan,
        "today": today.isoformat(),
        "kommuner": len(statuses),
        "kommuner_with_documents": sum(1 for s in statuses if s["documents"]),
        "current_so": _names(s for s in statuses if s["current_so"]),
        "current_joint_ml": _names(s for s in statuses if s["current_joint_ml"]),
        "neither": _names(s for s in statuses if not s["current_so"] and not s["current_joint_ml"]),
        "quality": {
            key: {
                "label": label,
                "count": sum(1 for s in with_so if s[SO]["scores"].get(item_id, 0) >= minimum),
                "base": len(with_so),
            }
            for key, item_id, minimum, label in QUALITY_CRITERIA
        },
        "distribution": {
            doc_type: {
                item_id: {str(level): sum(1 for s in statuses if s[doc_type]["scores"].get(item_id) == level) for level in (0, 1, 2)}
                for item_id in ITEM_IDS
                if any(item_id in s[doc_type]["scores"] for s in statuses)
            }
            for doc_type in (SO, ML)
        },
        "support_needs": [_gap(s) for s in sorted(statuses, key=_need)[:gaps]],
        "versions": {
            doc_type: {v: sum(1 for s in statuses if s["verdicts"].get(doc_type) == v) for v in VERDICTS}
            for doc_type in (SO, ML)
        },
        "per_kommun": statuses,
    }


def _names(statuses) -> list[str]:
    return [s["kommun"] for s in statuses]


def _need(status: dict) -> tuple:
    so = status[SO]
    return (so["document_id"] is not None, so["total"] / so["max"] if so["max"] else 0, status["kommun"])


def _gap(status: dict) -> dict:
    so = status[SO]
    return {
        "kommun": status["kommun"],
        "has_so": so["document_id"] is not None,
        "total": so["total"],
        "max": so["max"],
        "missing_items": [item_id for item_id, score in so["scores"].items() if score == 0],
    }


def format_inventory(report: dict) -> str:
    n = report["kommuner"]
    lines = [
        f"Inventering {report['lan'] or 'alla län med dokument'} per {report['today']}",
        f"Kommuner: {n}, varav {report['kommuner_with_documents']} med minst ett dokument.",
        "",
        f"Aktuell samverkansöverenskommelse: {_count(report['current_so'], n)}",
        f"Aktuellt gemensamt undertecknat medborgarlöfte: {_count(report['current_joint_ml'], n)}",
        f"Varken eller: {_count(report['neither'], n)}",
        "",
        "Senaste samverkansöverenskommelse per kommun:",
    ]
    for figures in report["quality"].values():
        share = f"{figures['count'] / figures['base']:.0%}" if figures["base"] else "–"
        lines.append(f"  {figures['label']}: {figures['count']} av {figures['base']} ({share})")
    for doc_type, items in report["distribution"].items():
        if items:
            lines += ["", f"Fördelning per punkt, {DOC_TYPE_LABELS[doc_type]} (antal kommuner med 0 / 1 / 2):"]
            lines += [f"  {item_id:<3} {c['0']:>3} / {c['1']:>3} / {c['2']:>3}" for item_id, c in items.items()]
    lines += ["", "Störst stödbehov:"]
    for gap in report["support_needs"]:
        if gap["has_so"]:
            missing = ", ".join(gap["missing_items"]) or "inga"
            lines.append(f"  {gap['kommun']}: {gap['total']} av {gap['max']} poäng; saknas helt: {missing}")
        else:
            lines.append(f"  {gap['kommun']}: ingen samverkansöverenskommelse i databasen")
    for doc_type, counts in report["versions"].items():
        if any(counts.values()):
            summary = ", ".join(f"{verdict} {count}" for verdict, count in counts.items())
            lines.append(f"\nJämförelse baslinje → reviderad, {DOC_TYPE_LABELS[doc_type]}: {summary}")
    return "\n".join(lines)


def _count(names: list[str], total: int) -> str:
    listed = f" ({', '.join(names)})" if names and len(names) <= 15 else ""
    return f"{len(names)} av {total}{listed}"


def inventory_rows(report: dict) -> tuple[list[str], list[list]]:
    """One row per kommun, for CSV and the spreadsheet export."""
    headers = ["kommun", "län", "aktuell_samverkansöverenskommelse", "aktuellt_gemensamt_medborgarlöfte",
               "so_poäng", "so_max", *[f"so_{item_id}" for item_id in ITEM_IDS],
               "ml_poäng", "ml_max", "jämförelse_so", "jämförelse_ml"]
    rows = []
    for s in report["per_kommun"]:
        so, ml = s[SO], s[ML]
        rows.append([
            s["kommun"], s["lan"], _yes(s["current_so"]), _yes(s["current_joint_ml"]),
            so["total"] if so["document_id"] else None, so["max"] if so["document_id"] else None,
            *[so["scores"].get(item_id) for item_id in ITEM_IDS],
            ml["total"] if ml["document_id"] else None, ml["max"] if ml["document_id"] else None,
            s["verdicts"].get(SO), s["verdicts"].get(ML),
        ])
    return headers, rows


def _yes(flag: bool) -> str:
    return "ja" if flag else "nej"
