"""The stored documents found by a search and filters, for the document list (drafts are never listed)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from auditor.document import fold


@dataclass(frozen=True)
class DocumentFilter:
    text: str = ""  # in the title or file name, case and diacritics ignored
    kommun: str = ""
    lan: str = ""
    doc_type: str = ""
    year: int | None = None  # within the period (or the year of the date)
    min_percent: int | None = None  # of the applicable maximum
    max_percent: int | None = None
    reviewed: bool | None = None  # some item reviewed by staff, or none


def find_documents(db: sqlite_utils.Database, wanted: DocumentFilter, *, limit: int = 500) -> list[dict]:
    """Matching published documents (no drafts, submissions or unpublished rounds), by län, kommun and period; each with `reviewed` (how many reviews changed or
    confirmed a score) and `percent`."""
    sql = ["SELECT d.*, (SELECT count(*) FROM review v WHERE v.document_id = d.id AND v.kind = 'granskning') "
           "AS reviewed FROM document_overview d WHERE d.id IN (SELECT id FROM published_document)"]
    params: list = []
    for column, value in (("d.kommun", wanted.kommun), ("d.lan", wanted.lan), ("d.doc_type", wanted.doc_type)):
        if value:
            sql.append(f"AND {column} = ? COLLATE NOCASE")
            params.append(value)
    if wanted.year is not None:
        date_year = "CAST(substr(d.document_date, 1, 4) AS INTEGER)"
        sql.append(f"AND coalesce(d.period_from, {date_year}) <= ? "
                   f"AND coalesce(d.period_to, 9999) >= ?")  # an open-ended period runs on
        params += [wanted.year, wanted.year]
    for bound, operator in ((wanted.min_percent, ">="), (wanted.max_percent, "<=")):
        if bound is not None:
            sql.append(f"AND d.max_total > 0 AND 100.0 * d.total / d.max_total {operator} ?")
            params.append(bound)
    if wanted.reviewed is not None:
        sql.append(f"AND {'' if wanted.reviewed else 'NOT '}EXISTS (SELECT 1 FROM review v "
                   "WHERE v.document_id = d.id AND v.kind = 'granskning')")
    sql.append("ORDER BY d.lan, d.kommun, d.period_from, d.id")
    rows = list(db.query(" ".join(sql), params))
    if wanted.text:
        needle = fold(wanted.text.strip())
        rows = [row for row in rows if needle in fold(f"{row['title'] or ''} {row['file_name']}")]
    for row in rows:
        row["percent"] = round(100 * row["total"] / row["max_total"]) if row["max_total"] else None
    return rows[:limit]
