"""Saved self-check drafts: private to the account that saved them (and admins), listed and deleted."""

from __future__ import annotations

import sqlite_utils

from auditor.store.audit_log import log_change
from auditor.store.sql import StoreError, transaction


def drafts_of(db: sqlite_utils.Database, owner_id: int | None) -> list[dict]:
    """The drafts one account saved, newest first; every draft, with its owner's name, for `owner_id` None."""
    return list(db.query(
        """SELECT o.id, o.file_name, o.title, o.doc_type, o.kommun, o.total, o.max_total, o.imported_at,
                  o.owner_id, u.name AS owner
           FROM document_overview o LEFT JOIN web_user u ON u.id = o.owner_id
           WHERE o.is_draft AND (:owner IS NULL OR o.owner_id = :owner) ORDER BY o.id DESC""",
        {"owner": owner_id}))


def delete_draft(db: sqlite_utils.Database, document_id: int, *, actor: str) -> None:
    """Delete a draft with its scores and reviews, and its file unless another document (or a genmäle's
    attachment) is the same file. A draft has no genmälen, so no attachments of its own."""
    with transaction(db):
        row = db.execute("SELECT sha256, file_name FROM document WHERE id = ? AND is_draft", [document_id]).fetchone()
        if row is None:
            raise StoreError(f"Utkast {document_id} finns inte.")
        db.execute("DELETE FROM document WHERE id = ?", [document_id])
        db.execute("DELETE FROM file_blob WHERE sha256 = ? AND sha256 NOT IN (SELECT sha256 FROM document) "
                   "AND sha256 NOT IN (SELECT attachment_sha256 FROM review WHERE attachment_sha256 IS NOT NULL)",
                   [row[0]])
        log_change(db, actor, "radera utkast", "document", document_id, {"fil": row[1]})
