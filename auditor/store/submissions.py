"""A kommun's own submissions: signed documents a kommun account uploads land as 'inlämnad' (scored, but
outside every figure) until staff confirm their type and version; then they count like an import."""

from __future__ import annotations

import sqlite_utils

from auditor.engine.result import AuditResult
from auditor.labels import DOC_TYPES
from auditor.store.audit_log import log_change
from auditor.store.documents import add_scoring_run, get_document
from auditor.store.manifest import VERSION_LABELS
from auditor.store.sql import StoreError, transaction


def submitted_documents(db: sqlite_utils.Database) -> list[dict]:
    """Every submission awaiting confirmation, oldest first, with who submitted it."""
    return list(db.query(
        """SELECT o.*, (SELECT a.actor FROM audit_log a WHERE a.table_name = 'document' AND a.row_id = o.id
                        AND a.action = 'importera' ORDER BY a.id DESC LIMIT 1) AS submitted_by
           FROM document_overview o WHERE o.status = 'inlämnad' AND NOT o.is_draft ORDER BY o.id"""))


def kommun_documents(db: sqlite_utils.Database, kommun_id: int) -> list[dict]:
    """All of a kommun's documents, published or not (never anyone's drafts), newest first, each marked
    `published`, with its round and publication date and its number of reviews and genmälen."""
    return list(db.query(
        """SELECT o.*, o.id IN (SELECT id FROM published_document) AS published, r.name AS round,
                  r.publish_on, (SELECT count(*) FROM review v WHERE v.document_id = o.id) AS reviews
           FROM document_overview o LEFT JOIN review_round r ON r.id = o.round_id
           WHERE o.kommun_id = ? AND NOT o.is_draft ORDER BY o.id DESC""", [kommun_id]))


def confirm_submission(db: sqlite_utils.Database, document_id: int, *, doc_type: str, version: str | None,
                       result: AuditResult | None, round_id: int | None = None, actor: str) -> None:
    """Staff confirm a submission's type and version; `result` is its new scoring when the type changed
    (the items that apply depend on it). From now on it counts in the län overview and inventory, or, in a
    review round (`round_id`), from the round's publication date: both in one transaction, so it is never
    public in between."""
    if doc_type not in DOC_TYPES:
        raise StoreError(f"Okänd dokumenttyp ”{doc_type}”.")
    if version is not None and version not in VERSION_LABELS:
        raise StoreError("Versionen måste vara baslinje, reviderad eller tom.")
    with transaction(db):
        document = get_document(db, document_id)
        if document["is_draft"] or document["status"] != "inlämnad":
            raise StoreError(f"Dokument {document_id} väntar inte på bekräftelse.")
        if round_id is not None:
            if db.execute("SELECT 1 FROM review_round WHERE id = ?", [round_id]).fetchone() is None:
                raise StoreError(f"Omgång {round_id} finns inte.")
            db.execute("UPDATE document SET round_id = ? WHERE id = ?", [round_id, document_id])
        if result is not None:
            add_scoring_run(db, document_id, result)
        if version is not None:  # as `set_pair`: one baseline and one revised per kommun and type
            db.execute("UPDATE document SET version_label = NULL WHERE kommun_id = ? AND doc_type = ? "
                       "AND version_label = ?", [document["kommun_id"], doc_type, version])
        # doc_type_source 'manifest': the type was stated by a person, so re-scoring keeps it
        db.execute("UPDATE document SET status = 'bekräftad', doc_type = ?, doc_type_source = 'manifest', "
                   "version_label = ? WHERE id = ?", [doc_type, version, document_id])
        log_change(db, actor, "bekräfta inlämning", "document", document_id,
                   {"typ": doc_type, "version": version, "omgång": round_id, "omräknad": result is not None})
