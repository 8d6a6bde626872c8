"""Human reviews: score overrides with a comment, and a kommun's reply (genmäle). History is never edited."""

from __future__ import annotations

import sqlite_utils

from auditor.engine.checklist import load_checklist
from auditor.labels import ITEM_IDS
from auditor.store.audit_log import log_change
from auditor.store.documents import StoredFile
from auditor.store.notifications import notify_review
from auditor.store.sql import StoreError, insert, now, transaction

KINDS = ("granskning", "genmäle")


def add_review(
    db: sqlite_utils.Database,
    document_id: int,
    *,
    reviewer: str,
    item_id: str | None = None,
    score: int | None = None,
    comment: str = "",
    kind: str = "granskning",
    page: int | None = None,
    answers: int | None = None,
    attachment: StoredFile | None = None,
) -> int:
    """Record a review of the document's latest scoring run; a score overrides the automatic one.
    A genmäle may name the `page` that answers the item and carry an `attachment`; a granskning may `answer`
    a genmäle of the item."""
    if kind not in KINDS:
        raise StoreError(f"Okänd granskningstyp ”{kind}”: välj granskning eller genmäle.")
    if not reviewer.strip():
        raise StoreError("Ange vem som granskar.")
    if item_id is not None and item_id not in ITEM_IDS:
        raise StoreError(f"Okänd punkt ”{item_id}”: använd någon av {', '.join(ITEM_IDS)}.")
    if score is not None:
        if kind != "granskning":
            raise StoreError("Ett genmäle kan inte ändra poängen; lägg det som kommentar.")
        if item_id is None:
            raise StoreError("En ändrad poäng måste gälla en punkt (R1 … U3).")
        if score not in (0, 1, 2):
            raise StoreError("Poängen måste vara 0, 1 eller 2.")
    if score is None and not comment.strip():
        raise StoreError("Ange en poäng eller en kommentar.")
    if page is not None and (kind != "genmäle" or page < 1):
        raise StoreError("En sidhänvisning hör till ett genmäle och måste vara ett sidnummer (1 eller mer).")
    if attachment is not None and kind != "genmäle":
        raise StoreError("Bara ett genmäle kan ha en bilaga.")
    with transaction(db):
        if answers is not None:
            replied = db.execute("SELECT 1 FROM review WHERE id = ? AND document_id = ? AND kind = 'genmäle' "
                                 "AND item_id IS ?", [answers, document_id, item_id]).fetchone()
            if kind != "granskning" or replied is None:
                raise StoreError(f"Svaret måste gälla ett genmäle om punkt {item_id} i dokumentet.")
        run = db.execute("SELECT id FROM latest_run WHERE document_id = ?", [document_id]).fetchone()
        if run is None:
            raise StoreError(f"Dokument {document_id} finns inte i databasen.")
        if score is not None:
            current = db.execute(
                "SELECT applicable, score FROM current_score WHERE run_id = ? AND item_id = ?", [run[0], item_id]
            ).fetchone()
            if not current or not current[0]:
                raise StoreError(f"Punkt {item_id} är inte tillämplig för dokumenttypen och kan inte poängsättas.")
            # a confirmation needs no reason, a change does; accepting a genmäle takes the kommun's reason
            if score != current[1] and not comment.strip() and answers is None:
                raise StoreError(f"Skriv en motivering när du ändrar poängen för {item_id} "
                                 f"(från {current[1]} till {score}).")
        if attachment is not None:
            db.execute("INSERT OR IGNORE INTO file_blob (sha256, size, content) VALUES (?, ?, ?)",
                       [attachment.sha256, len(attachment.content), attachment.content])
        review_id = insert(
            db,
            "review",
            {
                "document_id": document_id,
                "item_id": item_id,
                "kind": kind,
                "score": score,
                "run_id": run[0],
                "comment": comment.strip(),
                "reviewer": reviewer.strip(),
                "created_at": now(),
                "page": page,
                "answers_id": answers,
                "attachment_sha256": attachment.sha256 if attachment else None,
                "attachment_name": attachment.file_name if attachment else None,
            },
        )
        log_change(db, reviewer.strip(), kind, "review", review_id, {"dokument": document_id, "punkt": item_id, "poäng": score})
        notify_review(db, document_id, item_id, kind=kind, answers=answers)
    return review_id


def review_history(db: sqlite_utils.Database, document_id: int, item_id: str | None = None) -> list[dict]:
    """Every review of the document (or one item), oldest first."""
    sql = "SELECT * FROM review WHERE document_id = ?"
    params: list = [document_id]
    if item_id is not None:
        sql += " AND item_id = ?"
        params.append(item_id)
    return list(db.query(sql + " ORDER BY id", params))


def gaps_at_level(item_id: str, score: int, automatic: int, missing: list[str], advice: str) -> tuple[list[str], str]:
    """What is missing and the advice for the item at its effective score: the automatic scoring's own
    findings at its level; a reviewed level gets the checklist's text for that level (nothing at 2)."""
    if score == automatic:
        return missing, advice
    if score >= 2:
        return [], ""
    item = next(entry for entry in load_checklist().items if entry.id == item_id)
    return [item.missing[score]], item.advice
