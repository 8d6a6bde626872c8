"""A reviewer's corrections of a stored document's details (kommun, type, version, period, title), and the
deletion of a document; each in one transaction with its row in the audit log."""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from auditor.labels import DOC_TYPES
from auditor.store.audit_log import log_change
from auditor.store.documents import get_document, period_label
from auditor.store.manifest import VERSION_LABELS, year_span
from auditor.store.places import find_kommun
from auditor.store.sql import StoreError, now, transaction

# fields whose change alters the scores: the type decides which items apply (A2, A3 not for a löfte)
SCORED_FIELDS = ("doc_type",)
SOURCE_WORDS = {"manifestet": "från manifestet", "filens egenskaper": "från filens egenskaper"}


@dataclass(frozen=True)
class DocumentDetails:
    """What a reviewer may state about a document; `version` None is 'övrigt' (neither baseline nor revised)."""

    kommun: str
    doc_type: str
    version: str | None
    period: str
    title: str


def edit_document(db: sqlite_utils.Database, document_id: int, details: DocumentDetails, *, actor: str) -> list[str]:
    """Store the details that differ from the document's; the names of the changed fields."""
    document = get_document(db, document_id)
    if details.doc_type not in DOC_TYPES:
        raise StoreError(f"Okänd dokumenttyp ”{details.doc_type}”.")
    if details.version is not None and details.version not in VERSION_LABELS:
        raise StoreError("Versionen måste vara baslinje, reviderad eller övrigt.")
    fields: dict = {}
    kommun = details.kommun.strip()
    if kommun != (document["kommun"] or ""):
        known = find_kommun(db, kommun) if kommun else None
        if kommun and known is None:
            raise StoreError(f"Kommunen ”{kommun}” finns inte i kommunregistret. Ange en av Sveriges kommuner.")
        fields["kommun_id"] = known["id"] if known else None
    if details.doc_type != document["doc_type"]:
        # 'manifest': stated by a person, so a re-scoring after a checklist change keeps it
        fields |= {"doc_type": details.doc_type, "doc_type_source": "manifest", "doc_type_confidence": 1.0}
    if details.version != document["version_label"]:
        fields["version_label"] = details.version
    period = details.period.strip()
    if period != _period_text(document):
        start, end = year_span(period)
        if period and start is None:
            raise StoreError("Perioden måste innehålla ett eller två årtal, t.ex. 2022–2024.")
        fields |= {"period_from": start, "period_to": end, "period_text": period or None}
    title = details.title.strip()
    if title != (document["title"] or ""):
        fields["title"] = title or None
    if not fields:
        return []
    changed = [_FIELD_NAMES.get(name, name) for name in fields if name in _FIELD_NAMES]
    sources = json.loads(document["field_sources_json"] or "{}")
    sources |= {name: f"ändrad av {actor} {now()[:10]}" for name in changed}
    fields["field_sources_json"] = json.dumps(sources, ensure_ascii=False)
    with transaction(db):
        assignments = ", ".join(f"[{name}] = ?" for name in fields)
        db.execute(f"UPDATE document SET {assignments} WHERE id = ?", [*fields.values(), document_id])
        after = get_document(db, document_id)
        log_change(db, actor, "ändra uppgifter", "document", document_id, {
            name: [_shown(document, name), _shown(after, name)] for name in changed})
    return changed


def delete_document(db: sqlite_utils.Database, document_id: int, *, actor: str) -> dict:
    """Delete the document, its scoring runs, reviews and stored file; the deleted row."""
    document = get_document(db, document_id)
    with transaction(db):
        db.execute("DELETE FROM document WHERE id = ?", [document_id])
        db.execute("DELETE FROM file_blob WHERE sha256 = ? AND sha256 NOT IN (SELECT sha256 FROM document)",
                   [document["sha256"]])
        log_change(db, actor, "radera", "document", document_id,
                   {"fil": document["file_name"], "kommun": document["kommun"], "titel": document["title"]})
    return document


def field_sources(document: dict) -> dict[str, str]:
    """Per detail, where it came from, in words: "från titeln", "från manifestet", "ändrad av anna …"."""
    sources = json.loads(document.get("field_sources_json") or "{}")
    if "doc_type" not in sources:
        sources["doc_type"] = "manifestet" if document["doc_type_source"] == "manifest" else "bedömd från texten"
    return {name: source if source.startswith(("ändrad", "bedömd")) else SOURCE_WORDS.get(source, f"från {source}")
            for name, source in sources.items()}


_FIELD_NAMES = {"kommun_id": "kommun", "doc_type": "doc_type", "version_label": "version", "period_text": "period",
                "title": "title"}


def _period_text(document: dict) -> str:
    return document["period_text"] or (period_label(document) if document["period_from"] else "")


def _shown(document: dict, name: str) -> str | None:
    return {"kommun": document["kommun"], "doc_type": document["doc_type"], "version": document["version_label"],
            "period": document["period_text"], "title": document["title"]}[name]
