"""Read queries for the web overview: the heatmap matrix of a län in a fixed number of queries.

The per-kommun functions (`documents_for_kommun`, `version_pair`) cost several queries per kommun; a län
overview with every kommun needs the same answer for all of them at once, so it reads all documents and
all effective scores in one query each and picks the versions in Python.
"""

from __future__ import annotations

import json
from itertools import groupby

import sqlite_utils

from auditor.store.places import kommuner_in
from auditor.store.versions import choose_versions

_DOCUMENT_COLUMNS = (
    "d.id, d.kommun_id, d.file_name, d.title, d.doc_type, d.period_from, d.period_to, d.document_date, "
    "d.version_label"
)


def lan_names(db: sqlite_utils.Database) -> list[dict]:
    """Every län with its number of kommuner and of published documents, by name."""
    return list(
        db.query(
            "SELECT l.name, count(DISTINCT k.id) AS kommuner, count(d.id) AS documents FROM lan l "
            "JOIN kommun k ON k.lan_id = l.id LEFT JOIN document d ON d.kommun_id = k.id "
            "AND d.id IN (SELECT id FROM published_document) "
            "GROUP BY l.id ORDER BY l.name"
        )
    )


def heatmap(db: sqlite_utils.Database, lan: str | None, doc_type: str) -> list[dict]:
    """One row per kommun of the län (or of every län with documents): its baseline and latest document of
    `doc_type` and their effective scores per item ({item_id: score}, applicable items only)."""
    kommuner = kommuner_in(db, lan)
    sql = (
        f"SELECT {_DOCUMENT_COLUMNS} FROM document d JOIN kommun k ON k.id = d.kommun_id "
        "JOIN lan l ON l.id = k.lan_id WHERE d.id IN (SELECT id FROM published_document) AND d.doc_type = ?"
    )
    params: list = [doc_type]
    if lan is not None:
        sql += " AND l.name = ?"
        params.append(lan)
    documents = sorted(db.query(sql, params), key=lambda d: d["kommun_id"])
    by_kommun = {kid: choose_versions(list(docs)) for kid, docs in groupby(documents, key=lambda d: d["kommun_id"])}
    chosen = [d["id"] for pair in by_kommun.values() for d in pair if d]
    scores = _effective_scores(db, chosen)
    rows = []
    for kommun in kommuner:
        baseline, latest = by_kommun.get(kommun["id"], (None, None))
        rows.append(
            {
                "kommun": kommun["name"],
                "lan": kommun["lan"],
                "baseline": _with_scores(baseline, scores),
                "latest": _with_scores(latest, scores),
            }
        )
    return rows


def _effective_scores(db: sqlite_utils.Database, document_ids: list[int]) -> dict[int, dict]:
    """{document_id: {"scores": {item: score}, "max": {item: max}, "areas": {item: area}}} from the
    `current_score` view (a reviewer's override wins)."""
    result: dict[int, dict] = {doc_id: {"scores": {}, "max": {}, "areas": {}} for doc_id in document_ids}
    if not document_ids:
        return result
    marks = ", ".join("?" for _ in document_ids)
    for row in db.query(
        f"SELECT document_id, item_id, area, score, max FROM current_score WHERE applicable AND document_id IN ({marks})",
        document_ids,
    ):
        entry = result[row["document_id"]]
        entry["scores"][row["item_id"]] = row["score"]
        entry["max"][row["item_id"]] = row["max"]
        entry["areas"][row["item_id"]] = row["area"]
    return result


def _with_scores(document: dict | None, scores: dict[int, dict]) -> dict | None:
    if document is None:
        return None
    return {**document, **scores[document["id"]]}


def generation(db: sqlite_utils.Database) -> int:
    """A number that grows with every change the store logs (import, re-score, review, pairing): a cache key."""
    return db.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]


def latest_result(db: sqlite_utils.Database, document_id: int) -> dict | None:
    """The full AuditResult JSON of the document's latest scoring run (automatic scores, goals, advice)."""
    row = db.execute("SELECT result_json FROM latest_run WHERE document_id = ?", [document_id]).fetchone()
    return json.loads(row[0]) if row else None
