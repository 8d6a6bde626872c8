"""Documents and their scoring runs: writing a scored document in one transaction, and reading it back."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import sqlite_utils

from auditor import __version__
from auditor.document import fold
from auditor.engine.result import AuditResult
from auditor.store.audit_log import log_change
from auditor.store.manifest import ManifestEntry, year_span
from auditor.store.places import ensure_kommun, find_kommun
from auditor.store.sql import StoreError, insert, now, transaction


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    file_name: str
    content: bytes


def store_scored_document(
    db: sqlite_utils.Database,
    file: StoredFile,
    result: AuditResult,
    *,
    entry: ManifestEntry | None = None,
    default_lan: str | None = None,
    is_draft: bool = False,
    owner_id: int | None = None,
    status: str = "bekräftad",
    actor: str,
) -> int | None:
    """Store the file, its document row and its first scoring run together; None if already stored.

    The manifest (when given) wins over what the rules detected for kommun, type, period and date.
    A draft (`is_draft`, e.g. a self-check before signing) is kept out of comparisons and inventories;
    importing the same file for real turns the draft into the real document (one document per file).
    `owner_id` is the account a draft belongs to; `status` "inlämnad" keeps a kommun's submission out of
    every figure until staff confirm it.
    """
    info = result.document
    with transaction(db):
        stored = db.execute("SELECT id, is_draft FROM document WHERE sha256 = ?", [file.sha256]).fetchone()
        draft_id = stored[0] if stored and stored[1] and not is_draft else None
        if stored and draft_id is None:
            return None  # another import stored the same file meanwhile
        db.execute(
            "INSERT OR IGNORE INTO file_blob (sha256, size, content) VALUES (?, ?, ?)",
            [file.sha256, len(file.content), file.content],
        )
        period_from, period_to = _period_years(info)
        row = {
            "sha256": file.sha256,
            "file_name": file.file_name,
            "format": info.format,
            "title": info.title,
            "pages": info.pages,
            "doc_type": info.doc_type,
            "doc_type_confidence": info.doc_type_confidence,
            "doc_type_source": "automatisk",
            "kommun_id": _detected_kommun_id(db, info.kommun, default_lan),
            "lokalpolisomrade": info.lokalpolisomrade,
            "period_from": period_from,
            "period_to": period_to,
            "period_text": info.period.get("text"),
            "document_date": info.adoption_date,
            "adoption_date": info.adoption_date,
            "is_draft": is_draft,
            "owner_id": owner_id,
            "status": status,
            "imported_at": now(),
            "field_sources_json": json.dumps(info.sources, ensure_ascii=False),
        }
        if entry:
            row |= _manifest_fields(db, entry, default_lan)
            row["field_sources_json"] = json.dumps(_manifest_sources(entry, info.sources), ensure_ascii=False)
        if draft_id is None:
            document_id = insert(db, "document", row)
        else:  # its earlier runs and reviews stay with it
            document_id = draft_id
            _update_document(db, document_id, row)
        add_scoring_run(db, document_id, result)
        log_change(db, actor, "importera", "document", document_id, {"fil": file.file_name})
    return document_id


def rescore_document(
    db: sqlite_utils.Database,
    document_id: int,
    result: AuditResult,
    *,
    entry: ManifestEntry | None = None,
    default_lan: str | None = None,
    actor: str,
) -> int:
    """Add a new scoring run (after a checklist change, or with new manifest facts); earlier runs and
    reviews are kept."""
    with transaction(db):
        run_id = add_scoring_run(db, document_id, result)
        db.execute(
            "UPDATE document SET doc_type = ?, doc_type_confidence = ? "
            "WHERE id = ? AND doc_type_source = 'automatisk'",
            [result.document.doc_type, result.document.doc_type_confidence, document_id],
        )
        if entry:
            sources = json.loads(db.execute("SELECT field_sources_json FROM document WHERE id = ?",
                                            [document_id]).fetchone()[0])
            _update_document(db, document_id, _manifest_fields(db, entry, default_lan)
                             | {"field_sources_json": json.dumps(_manifest_sources(entry, sources), ensure_ascii=False)})
        log_change(
            db, actor, "omräkna", "scoring_run", run_id,
            {"dokument": document_id, "checklista": result.checklist_version, "manifest": entry.id if entry else None},
        )
    return run_id


def manifest_differs(document: dict, entry: ManifestEntry) -> bool:
    """Whether the entry states something the stored document (a document_overview row) does not say."""
    stated = {
        "manifest_id": entry.id,
        "doc_type": entry.doc_type,
        "version_label": entry.version,
        "period_text": entry.period,
        "document_date": entry.date,
    }
    if entry.kommun and fold(document["kommun"] or "") != fold(entry.kommun):
        return True
    return any(value is not None and document[key] != value for key, value in stated.items())


def _update_document(db: sqlite_utils.Database, document_id: int, fields: dict) -> None:
    assignments = ", ".join(f"[{name}] = ?" for name in fields)
    db.execute(f"UPDATE document SET {assignments} WHERE id = ?", [*fields.values(), document_id])


def _manifest_fields(db: sqlite_utils.Database, entry: ManifestEntry, default_lan: str | None) -> dict:
    """The document fields the manifest entry states; they win over what the rules detected."""
    fields: dict = {"manifest_id": entry.id}
    if entry.kommun:
        fields["kommun_id"] = _manifest_kommun_id(db, entry.kommun, entry.lan or default_lan)
    if entry.doc_type:
        fields |= {"doc_type": entry.doc_type, "doc_type_source": "manifest"}
    if entry.version:
        fields["version_label"] = entry.version
    if entry.period:
        period_from, period_to = year_span(entry.period)
        fields |= {"period_from": period_from, "period_to": period_to, "period_text": entry.period}
    if entry.date:
        fields["document_date"] = entry.date
    return fields


def _manifest_sources(entry: ManifestEntry, sources: dict[str, str]) -> dict[str, str]:
    stated = {"kommun": entry.kommun, "period": entry.period, "version": entry.version, "doc_type": entry.doc_type}
    return sources | {name: "manifestet" for name, value in stated.items() if value}


def add_scoring_run(db: sqlite_utils.Database, document_id: int, result: AuditResult) -> int:
    """Insert a run with its item scores, evidence and goals. Call inside a transaction."""
    run_id = insert(
        db,
        "scoring_run",
        {
            "document_id": document_id,
            "checklist_version": result.checklist_version,
            "tool_version": __version__,
            "doc_type": result.document.doc_type,
            "total": result.total,
            "max_total": result.max_total,
            "percent": result.percent,
            "result_json": json.dumps(result.to_dict(), ensure_ascii=False),
            "created_at": now(),
        },
    )
    for item in result.items:
        insert(
            db,
            "item_score",
            {
                "run_id": run_id,
                "item_id": item.id,
                "area": item.area,
                "title": item.title,
                "score": item.score,
                "max": item.max,
                "applicable": item.applicable,
                "missing_json": json.dumps(item.missing, ensure_ascii=False),
                "advice": item.advice,
                "confidence": item.confidence,
                "needs_review": item.needs_review,
                "review_reason": item.review_reason,
            },
        )
        for evidence in item.evidence:
            insert(db, "evidence", {"run_id": run_id, **asdict(evidence), "item_id": item.id})
    for goal in result.goals:
        row = asdict(goal)
        row["notes_json"] = json.dumps(row.pop("notes"), ensure_ascii=False)
        insert(db, "goal", {"run_id": run_id, **row})
    return run_id


def _period_years(info) -> tuple[int | None, int | None]:
    period = info.period or {}
    if period.get("from") is not None:
        return year_span(f"{period['from']} {period.get('to') or ''}")
    return year_span(period.get("text"))[0], None  # open-ended ("från 2020, tills vidare"): a start, no end


def _manifest_kommun_id(db, kommun: str, lan: str | None) -> int | None:
    if lan:
        return ensure_kommun(db, kommun, lan, "manifest")
    known = find_kommun(db, kommun)
    return known["id"] if known else None


def _detected_kommun_id(db, detected: str | None, default_lan: str | None) -> int | None:
    if not detected:
        return None
    known = find_kommun(db, detected)
    if known:
        return known["id"]
    return ensure_kommun(db, detected, default_lan, "import") if default_lan else None


# --- reading -------------------------------------------------------------------------------------


def get_document(db: sqlite_utils.Database, document_id: int) -> dict:
    rows = list(db.query("SELECT * FROM document_overview WHERE id = ?", [document_id]))
    if not rows:
        raise StoreError(f"Dokument {document_id} finns inte i databasen.")
    return rows[0]


def documents_for_kommun(db: sqlite_utils.Database, kommun_id: int, doc_type: str | None = None) -> list[dict]:
    """The kommun's published documents (`published_document`), oldest first by period, then date."""
    sql = "SELECT * FROM document_overview WHERE kommun_id = ? AND id IN (SELECT id FROM published_document)"
    params: list = [kommun_id]
    if doc_type:
        sql += " AND doc_type = ?"
        params.append(doc_type)
    return sorted(db.query(sql, params), key=chronological_key)


def chronological_key(document: dict) -> tuple:
    """Order documents by period start, else the year of their date; then date, then import order."""
    year = document["period_from"] or year_span(document["document_date"])[0] or 0
    return (year, document["document_date"] or "", document["id"])


def period_label(document: dict) -> str:
    """"2021–2023", "2022", else the document's date, else "okänd period"."""
    start, end = document["period_from"], document["period_to"]
    if start and not end:
        return f"från {start}, tills vidare"
    if start:
        return str(start) if start == end else f"{start}–{end}"
    return document["document_date"] or "okänd period"


def current_scores(db: sqlite_utils.Database, document_id: int) -> dict[str, dict]:
    """Per item of the latest run: automatic score, reviewed score (if any), effective score, evidence."""
    rows = {row["item_id"]: row for row in db.query("SELECT * FROM current_score WHERE document_id = ?", [document_id])}
    if rows:
        run_id = next(iter(rows.values()))["run_id"]
        for row in rows.values():
            row["evidence"] = []
        for evidence in db.query(
            "SELECT item_id, quote, start, [end], page, rule FROM evidence WHERE run_id = ? ORDER BY id", [run_id]
        ):
            rows[evidence.pop("item_id")]["evidence"].append(evidence)
    return rows


def ocr_marked(evidence: list[dict], ocr_pages: list[int]) -> list[dict]:
    """The evidence with "ocr" set on quotes from pages read by OCR, which the pages and reports mark."""
    return [{**quote, "ocr": quote.get("page") in ocr_pages} for quote in evidence]


def stored_blob(db: sqlite_utils.Database, sha256: str) -> bytes:
    return db.execute("SELECT content FROM file_blob WHERE sha256 = ?", [sha256]).fetchone()[0]
