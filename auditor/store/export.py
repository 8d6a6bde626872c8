"""Export everything in the store as tables: CSV files in a folder, or one xlsx workbook."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import BinaryIO

import sqlite_utils

from auditor.labels import DOC_TYPES
from auditor.store.agreement import agreement_report
from auditor.store.compare import compare_documents
from auditor.store.inventory import inventory, inventory_rows
from auditor.store.versions import version_pair

Table = tuple[list[str], list[list]]


def _query_table(db: sqlite_utils.Database, sql: str, params: list | None = None) -> Table:
    cursor = db.execute(sql, params or [])
    return [column[0] for column in cursor.description], [list(row) for row in cursor.fetchall()]


def export_tables(db: sqlite_utils.Database, *, today: date | None = None) -> dict[str, Table]:
    """Sheet name -> (headers, rows)."""
    tables = {
        "dokument": _query_table(
            db,
            "SELECT id, kommun, lan AS län, file_name AS fil, format, title AS titel, doc_type AS dokumenttyp, "
            "doc_type_confidence AS typsäkerhet, doc_type_source AS typkälla, lokalpolisomrade AS lokalpolisområde, "
            "period_from AS period_från, period_to AS period_till, version_label AS version, "
            "document_date AS datum, imported_at AS importerad, checklist_version AS checklisteversion, "
            "automatic_total AS automatisk_summa, total AS summa, max_total AS max, sha256 "
            "FROM document_overview ORDER BY lan, kommun, id",
        ),
        "poäng": _scores_table(db, reviewers=True),
        "mål": _query_table(
            db,
            "SELECT r.document_id AS dokument, g.text AS mål, g.page AS sida, g.kind AS typ, "
            "g.specific AS specifikt, g.measurable AS mätbart, g.time_bound AS tidsatt, g.baseline AS utgångsläge "
            "FROM goal g JOIN latest_run r ON r.id = g.run_id ORDER BY r.document_id, g.id",
        ),
        "granskningar": _query_table(
            db,
            "SELECT v.id, v.document_id AS dokument, d.kommun, d.file_name AS fil, v.item_id AS punkt, "
            "v.kind AS typ, v.score AS poäng, v.comment AS kommentar, v.reviewer AS granskare, "
            "v.created_at AS tid FROM review v JOIN document_overview d ON d.id = v.document_id ORDER BY v.id",
        ),
        "ändringslogg": _query_table(
            db,
            "SELECT at AS tid, actor AS vem, action AS åtgärd, table_name AS tabell, row_id AS rad, "
            "details_json AS detaljer FROM audit_log ORDER BY id",
        ),
        "jämförelser": _comparison_table(db),
        "inventering": inventory_rows(inventory(db, today=today)),
    }
    agreement = agreement_report(db)
    tables["överensstämmelse"] = (
        ["punkt", "antal", "exakt_överensstämmelse", "kappa_linjär", "medelavvikelse"],
        [list(figures.values()) for figures in [*agreement["items"], agreement["overall"]]],
    )
    return tables


def _scores_table(db: sqlite_utils.Database, *, lan: str | None = None, reviewers: bool) -> Table:
    """Per document and item the automatic, reviewed and effective score; reviewers' names and comments
    only for `reviewers` (staff), as the pages show them; with `lan` that län's published documents only (what
the web offers anyone to download)."""
    who = "c.reviewer AS granskare, c.review_comment AS kommentar, " if reviewers else ""
    where, params = (("WHERE d.lan = ? AND d.id IN (SELECT id FROM published_document) ", [lan]) if lan
                     else ("", []))
    return _query_table(
        db,
        "SELECT c.document_id AS dokument, d.kommun, d.file_name AS fil, d.doc_type AS dokumenttyp, "
        "c.item_id AS punkt, c.area AS område, c.title AS rubrik, c.applicable AS tillämplig, "
        f"c.automatic_score AS automatisk, c.reviewed_score AS granskad, c.score AS poäng, c.max, {who}"
        "(SELECT group_concat('s. ' || coalesce(e.page, '–') || ': ' || e.quote, ' | ') FROM evidence e "
        " WHERE e.run_id = c.run_id AND e.item_id = c.item_id) AS belägg, i.missing_json AS saknas "
        "FROM current_score c JOIN document_overview d ON d.id = c.document_id "
        f"JOIN item_score i ON i.run_id = c.run_id AND i.item_id = c.item_id {where}"
        "ORDER BY d.lan, d.kommun, c.document_id, i.id",
        params,
    )


def lan_tables(db: sqlite_utils.Database, lan: str, *, today: date | None = None, reviewers: bool) -> dict[str, Table]:
    """A län's inventory and the per-item scores of its documents: what the web offers for download."""
    report = inventory(db, lan, today=today)
    return {"inventering": inventory_rows(report), "poäng": _scores_table(db, lan=report["lan"], reviewers=reviewers)}


def _comparison_table(db: sqlite_utils.Database) -> Table:
    headers = ["kommun", "dokumenttyp", "baslinje", "reviderad", "summa_före", "summa_efter", "förändring",
               "bedömning", "ändrade_punkter"]
    rows = []
    for kommun_id, in db.execute("SELECT DISTINCT kommun_id FROM document WHERE kommun_id IS NOT NULL ORDER BY 1"):
        for doc_type in DOC_TYPES:
            pair = version_pair(db, kommun_id, doc_type)
            if pair:
                c = compare_documents(db, *pair)
                changed = json.dumps({i["id"]: i["delta"] for i in c["items"] if i["delta"]}, ensure_ascii=False)
                rows.append([c["kommun"], doc_type, c["baseline"]["file_name"], c["revised"]["file_name"],
                             c["total"]["baseline"], c["total"]["revised"], c["total"]["delta"], c["verdict"], changed])
    return headers, rows


def write_csv_folder(tables: dict[str, Table], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        path = folder / f"{name}.csv"
        path.write_bytes(csv_bytes(table))
        written.append(path)
    return written


def csv_bytes(table: Table) -> bytes:
    """One table as CSV in UTF-8 with a BOM, so that Excel reads å/ä/ö right."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(table[0])
    writer.writerows(table[1])
    return text.getvalue().encode("utf-8-sig")


def write_xlsx(tables: dict[str, Table], path: Path | BinaryIO) -> Path | BinaryIO:
    """The tables as the sheets of one workbook, written to a file or a binary stream."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, (headers, rows) in tables.items():
        sheet = workbook.create_sheet(name[:31])
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
    if isinstance(path, Path):
        path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
