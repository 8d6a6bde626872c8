"""Who may read which document: the one rule every page, download and API answer of a document applies.

- a saved self-check draft: the account that saved it, and admins;
- a published document: anyone (subject to AUDITOR_PUBLIC_READ, checked by `require_reader`);
- an unpublished one (submitted and not yet confirmed, or in a review round before its publication date):
  staff, and the accounts of the document's own kommun.

The dialogue about a document (reviewers' names and comments, the kommun's genmälen) is for staff, the
document's own kommun and a draft's owner; everyone else who may read the document sees it as an anonymous
visitor does: which scores reviewers changed, and when.
"""

from __future__ import annotations

import sqlite_utils

from auditor.store.accounts import STAFF


def is_staff(user: dict | None) -> bool:
    return user is not None and user["role"] in STAFF


def of_kommun(user: dict | None, kommun_id: int | None) -> bool:
    """Whether `user` is a kommun account of that kommun."""
    return user is not None and user["role"] == "kommun" and kommun_id is not None and user["kommun_id"] == kommun_id


def is_published(db: sqlite_utils.Database, document_id: int) -> bool:
    return db.execute("SELECT 1 FROM published_document WHERE id = ?", [document_id]).fetchone() is not None


def may_read_document(db: sqlite_utils.Database, user: dict | None, document: dict) -> bool:
    if document["is_draft"]:
        return user is not None and (user["role"] == "admin" or document["owner_id"] == user["id"])
    return is_published(db, document["id"]) or is_staff(user) or of_kommun(user, document["kommun_id"])


def sees_dialogue(user: dict | None, document: dict) -> bool:
    return is_staff(user) or of_kommun(user, document["kommun_id"]) or (
        user is not None and document["owner_id"] == user["id"])
