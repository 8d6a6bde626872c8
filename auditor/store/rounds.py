"""Review rounds ("Inventering 2026"): the documents of a round are published on the round's date; until then
their results are for staff and the document's own kommun only (see the `published_document` view)."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from auditor.store.audit_log import log_change
from auditor.store.notifications import kommun_accounts, notify
from auditor.store.sql import StoreError, insert, now, transaction


def create_round(db: sqlite_utils.Database, name: str, publish_on: str, *, actor: str) -> int:
    name = name.strip()
    if not name:
        raise StoreError("Ge omgången ett namn, t.ex. ”Inventering 2026”.")
    try:
        day = date.fromisoformat(publish_on.strip())
    except ValueError as err:
        raise StoreError(f"Publiceringsdatumet ”{publish_on}” är inget datum; skriv det som ÅÅÅÅ-MM-DD.") from err
    with transaction(db):
        if db.execute("SELECT 1 FROM review_round WHERE name = ?", [name]).fetchone():
            raise StoreError(f"Omgången ”{name}” finns redan.")
        round_id = insert(db, "review_round", {"name": name, "publish_on": day.isoformat(), "created_by": actor,
                                               "created_at": now()})
        log_change(db, actor, "skapa omgång", "review_round", round_id, {"namn": name, "publiceras": day.isoformat()})
        notify(db, kommun_accounts(db), f"Granskningsomgången ”{name}” har öppnats; resultaten publiceras "
               f"{day.isoformat()}. Till dess ser bara ni och länsstyrelsen dem, och ni kan skriva genmälen.",
               "/min-kommun")
    return round_id


def review_rounds(db: sqlite_utils.Database) -> list[dict]:
    """Every round, newest publication first, with its number of documents and whether it is published."""
    return list(db.query(
        """SELECT r.*, r.publish_on <= date('now', 'localtime') AS published,
                  (SELECT count(*) FROM document d WHERE d.round_id = r.id) AS documents
           FROM review_round r ORDER BY r.publish_on DESC, r.id DESC"""))


def get_round(db: sqlite_utils.Database, round_id: int) -> dict:
    rows = list(db.query("SELECT r.*, r.publish_on <= date('now', 'localtime') AS published FROM review_round r "
                         "WHERE id = ?", [round_id]))
    if not rows:
        raise StoreError(f"Omgång {round_id} finns inte.")
    return rows[0]


def add_to_round(db: sqlite_utils.Database, round_id: int, document_ids: list[int], *, actor: str) -> None:
    """Put documents (never drafts) in the round; a document belongs to one round at a time."""
    get_round(db, round_id)
    if not document_ids:
        raise StoreError("Välj minst ett dokument att lägga till i omgången.")
    with transaction(db):
        for document_id in document_ids:
            if not db.execute("UPDATE document SET round_id = ? WHERE id = ? AND NOT is_draft",
                              [round_id, document_id]).rowcount:
                raise StoreError(f"Dokument {document_id} finns inte (eller är ett utkast).")
        log_change(db, actor, "lägg till i omgång", "review_round", round_id, {"dokument": document_ids})


def round_documents(db: sqlite_utils.Database, round_id: int) -> list[dict]:
    """The round's documents by kommun, each with its genmälen and how many still wait for an answer."""
    return list(db.query(
        """SELECT o.id, o.file_name, o.title, o.kommun, o.doc_type, o.status, o.total, o.max_total,
                  (SELECT count(*) FROM review g WHERE g.document_id = o.id AND g.kind = 'genmäle') AS replies,
                  (SELECT count(*) FROM review g WHERE g.document_id = o.id AND g.kind = 'genmäle'
                     AND NOT EXISTS (SELECT 1 FROM review a WHERE a.answers_id = g.id)) AS unanswered
           FROM document_overview o WHERE o.round_id = ? ORDER BY o.kommun, o.id""", [round_id]))


def documents_outside_rounds(db: sqlite_utils.Database) -> list[dict]:
    """Documents that may still be put in a round: stored for real and in no round yet."""
    return list(db.query("SELECT id, file_name, kommun, status FROM document_overview "
                         "WHERE NOT is_draft AND round_id IS NULL ORDER BY kommun, id"))
