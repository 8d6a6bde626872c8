"""Which two documents of a kommun and type are the baseline and the revised version.

Explicit labels (from the manifest or `auditor pair`) win; otherwise the earliest document by period/date
is the baseline and the latest the revised one.
"""

from __future__ import annotations

import sqlite_utils

from auditor.store.audit_log import log_change
from auditor.store.documents import chronological_key, documents_for_kommun, get_document
from auditor.store.places import require_kommun
from auditor.store.sql import StoreError, transaction


def choose_versions(documents: list[dict]) -> tuple[dict | None, dict | None]:
    """(baseline, latest) among one kommun's documents of one type: explicit labels win, else the
    chronologically first and last. Baseline is None with fewer than two documents."""
    if not documents:
        return None, None
    ordered = sorted(documents, key=chronological_key)
    latest = next((d for d in reversed(ordered) if d["version_label"] == "revised"), ordered[-1])
    baseline = next((d for d in ordered if d["version_label"] == "baseline"), ordered[0])
    return (None if baseline["id"] == latest["id"] else baseline), latest


def chosen_by(baseline: dict, revised: dict) -> str:
    """"angiven" when both documents are labelled baseline and revised, else "period" (the order of their
    periods decided, which the pages say and a reviewer can change with `set_pair`)."""
    labelled = baseline["version_label"] == "baseline" and revised["version_label"] == "revised"
    return "angiven" if labelled else "period"


def require_comparable(baseline: dict, revised: dict) -> None:
    """Only two different documents of one kommun and one type compare: a löfte is no revision of an
    agreement, nor one kommun's agreement of another's."""
    if baseline["id"] == revised["id"]:
        raise StoreError("Välj två olika dokument att jämföra.")
    if baseline["kommun_id"] is None or baseline["kommun_id"] != revised["kommun_id"]:
        raise StoreError(
            f"Bara dokument från samma kommun kan jämföras: {baseline['file_name']} hör till "
            f"{baseline['kommun'] or 'ingen kommun'}, {revised['file_name']} till {revised['kommun'] or 'ingen kommun'}.")
    if baseline["doc_type"] != revised["doc_type"]:
        raise StoreError(
            f"Bara dokument av samma typ kan jämföras: {baseline['file_name']} är {baseline['doc_type']}, "
            f"{revised['file_name']} är {revised['doc_type']}.")


def version_pair(db: sqlite_utils.Database, kommun_id: int, doc_type: str) -> tuple[dict, dict] | None:
    baseline, revised = choose_versions(documents_for_kommun(db, kommun_id, doc_type))
    return (baseline, revised) if baseline and revised else None  # a baseline always comes with a revised


def set_pair(db: sqlite_utils.Database, kommun: str, baseline_id: int, revised_id: int, *, actor: str) -> None:
    """Mark two documents of the kommun as baseline and revised; other labels of that type are cleared."""
    kommun_row = require_kommun(db, kommun)
    if baseline_id == revised_id:
        raise StoreError("Baslinje och reviderad version måste vara två olika dokument.")
    baseline, revised = get_document(db, baseline_id), get_document(db, revised_id)
    for document in (baseline, revised):
        if document["kommun_id"] != kommun_row["id"]:
            raise StoreError(f"Dokument {document['id']} ({document['file_name']}) hör inte till {kommun_row['name']}.")
    if baseline["doc_type"] != revised["doc_type"]:
        raise StoreError(
            f"Dokumenten har olika dokumenttyp ({baseline['doc_type']}, {revised['doc_type']}) och kan inte jämföras."
        )
    with transaction(db):
        db.execute(
            "UPDATE document SET version_label = NULL WHERE kommun_id = ? AND doc_type = ?",
            [kommun_row["id"], baseline["doc_type"]],
        )
        db.execute("UPDATE document SET version_label = 'baseline' WHERE id = ?", [baseline_id])
        db.execute("UPDATE document SET version_label = 'revised' WHERE id = ?", [revised_id])
        log_change(db, actor, "para", "document", revised_id, {"baslinje": baseline_id, "reviderad": revised_id})
