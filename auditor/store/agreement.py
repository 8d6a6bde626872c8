"""Calibration: how far reviewers' overrides differ from the automatic scores, per checklist item.

Only (document, item) pairs a reviewer has scored count; the automatic score is that of the latest run,
so the figures describe the rules as they are now.
"""

from __future__ import annotations

from collections import defaultdict

import sqlite_utils
import yaml

from auditor.evaluation.metrics import exact_agreement, weighted_kappa
from auditor.labels import ITEM_IDS, NO_PAGE, page_label


def linear_weighted_kappa(pairs: list[tuple[int, int]]) -> float | None:
    """Linear-weighted κ from auditor.evaluation.metrics, rounded to three decimals for reports."""
    kappa = weighted_kappa(pairs)
    return None if kappa is None else round(kappa, 3)


def agreement_report(db: sqlite_utils.Database, lan: str | None = None, *, examples: int = 3) -> dict:
    sql = (
        "SELECT c.document_id, c.run_id, c.item_id, c.automatic_score, c.reviewed_score, c.review_comment, "
        "c.reviewer, d.kommun, d.file_name FROM current_score c JOIN document_overview d ON d.id = c.document_id "
        "WHERE c.reviewed_score IS NOT NULL"
    )
    rows = list(db.query(sql + (" AND d.lan = ?" if lan else ""), [lan] if lan else []))
    by_item: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_item[row["item_id"]].append(row)
    items = [_figures(item_id, by_item[item_id]) for item_id in ITEM_IDS if by_item[item_id]]
    disagreements: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        if row["automatic_score"] != row["reviewed_score"]:
            disagreements[(row["item_id"], row["automatic_score"], row["reviewed_score"])].append(row)
    ranked = sorted(disagreements.items(), key=lambda pair: (-len(pair[1]), ITEM_IDS.index(pair[0][0])))
    return {
        "lan": lan,
        "overall": _figures("alla", rows),
        "items": items,
        "disagreements": [
            {
                "item_id": item_id,
                "automatic": automatic,
                "reviewed": reviewed,
                "count": len(cases),
                "examples": [_example(db, case) for case in cases[:examples]],
            }
            for (item_id, automatic, reviewed), cases in ranked
        ],
    }


def _figures(item_id: str, rows: list[dict]) -> dict:
    pairs = [(row["reviewed_score"], row["automatic_score"]) for row in rows]  # (reference, rules)
    exact = exact_agreement(pairs)
    return {
        "item_id": item_id,
        "n": len(pairs),
        "exact_agreement": None if exact is None else round(exact, 3),
        "kappa": linear_weighted_kappa(pairs),
        "mean_difference": round(sum(r - a for r, a in pairs) / len(pairs), 2) if pairs else None,
    }


def _example(db: sqlite_utils.Database, case: dict) -> dict:
    evidence = list(
        db.query(
            "SELECT quote, page, rule FROM evidence WHERE run_id = ? AND item_id = ? ORDER BY id LIMIT 2",
            [case["run_id"], case["item_id"]],
        )
    )
    return {
        "document_id": case["document_id"],
        "kommun": case["kommun"],
        "file_name": case["file_name"],
        "reviewer": case["reviewer"],
        "comment": case["review_comment"],
        "evidence": evidence,
    }


def format_agreement(report: dict) -> str:
    if not report["overall"]["n"]:
        return "Inga granskade poäng ännu: ingen jämförelse att göra."
    lines = [f"{'Punkt':<6}{'antal':>6}{'lika':>8}{'κ (linjär)':>12}{'medelavvikelse':>16}"]
    for figures in [*report["items"], report["overall"]]:
        kappa = "–" if figures["kappa"] is None else f"{figures['kappa']:.2f}"
        lines.append(
            f"{figures['item_id']:<6}{figures['n']:>6}{figures['exact_agreement']:>8.0%}{kappa:>12}"
            f"{figures['mean_difference']:>+16.2f}"
        )
    if report["disagreements"]:
        lines += ["", "Vanligaste avvikelserna (automatisk → granskad):"]
        for case in report["disagreements"][:10]:
            lines.append(f"  {case['item_id']}: {case['automatic']} → {case['reviewed']} ({case['count']} st)")
            for example in case["examples"]:
                lines.append(f"    {example['kommun'] or 'okänd kommun'}, {example['file_name']}: {example['comment'] or '(ingen kommentar)'}")
                for evidence in example["evidence"]:
                    lines.append(f"      belägg ({page_label(evidence['page'], missing=NO_PAGE)}): ”{' '.join(evidence['quote'].split())[:100]}”")
    return "\n".join(lines)


def example_candidates(db: sqlite_utils.Database, lan: str | None = None) -> tuple[dict[str, list[dict]], list[str]]:
    """Reviewed passages where a reviewer changed the automatic score, as checklist examples (item ->
    [{level, doc_type, note, text}]) for a domain expert to read, trim and add to checklist_17.yaml; and the
    changes that have no passage to quote (the rules quoted nothing: a reviewer raised a 0)."""
    sql = (
        "SELECT c.document_id, c.run_id, c.item_id, c.automatic_score, c.reviewed_score, c.review_comment, "
        "c.reviewer, c.reviewed_at, d.kommun, d.file_name, d.doc_type FROM current_score c "
        "JOIN document_overview d ON d.id = c.document_id "
        "WHERE c.reviewed_score IS NOT NULL AND c.reviewed_score != c.automatic_score"
    )
    rows = list(db.query(sql + (" AND d.lan = ?" if lan else "") + " ORDER BY c.document_id, c.item_id",
                         [lan] if lan else []))
    candidates: dict[str, list[dict]] = {item_id: [] for item_id in ITEM_IDS}
    without_passage = []
    for row in rows:
        source = f"{row['kommun'] or 'okänd kommun'}, {row['file_name']} (dokument {row['document_id']})"
        quotes = list(db.query("SELECT quote, page FROM evidence WHERE run_id = ? AND item_id = ? ORDER BY id",
                               [row["run_id"], row["item_id"]]))
        if not quotes:
            without_passage.append(f"{row['item_id']} {row['automatic_score']} → {row['reviewed_score']}: {source}")
            continue
        pages = sorted({q["page"] for q in quotes if q["page"]})
        comment = " ".join((row["review_comment"] or "").split())
        candidates[row["item_id"]].append({
            "level": row["reviewed_score"],
            "doc_type": row["doc_type"],
            "note": (f"kandidat: reglerna gav {row['automatic_score']}, {row['reviewer']} satte {row['reviewed_score']} "
                     f"({(row['reviewed_at'] or '')[:10]}){': ' + comment if comment else ''}; {source}"
                     f"{', s. ' + ', '.join(map(str, pages)) if pages else ''}"),
            "text": "\n".join(" ".join(q["quote"].split()) for q in quotes),
        })
    return {item_id: found for item_id, found in candidates.items() if found}, without_passage


def format_candidates(candidates: dict[str, list[dict]], without_passage: list[str]) -> str:
    """The candidates as YAML in the checklist's example format, with a Swedish header saying what to do."""
    header = [
        "# Kandidater till exempel i checklist_17.yaml: passager där en granskare ändrade den automatiska poängen.",
        "# Läs varje kandidat, korta texten till det som avgör nivån och flytta den till punktens examples;",
        "# checklist lint visar sedan om reglerna redan ger den nivån.",
    ]
    if without_passage:
        header.append("# Ändringar utan citerbart belägg (reglerna citerade inget; skriv själv in passagen):")
        header += [f"#   {line}" for line in without_passage]
    if not candidates:
        header.append("# Inga kandidater: ingen granskare har ändrat en poäng som har belägg.")
        return "\n".join(header) + "\n"
    body = yaml.safe_dump(candidates, allow_unicode=True, sort_keys=False, width=110)
    return "\n".join(header) + "\n" + body
