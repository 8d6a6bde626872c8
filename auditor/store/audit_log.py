"""Who changed what, and when: one row per change, written in the same transaction as the change."""

from __future__ import annotations

import json

import sqlite_utils

from auditor.store.sql import insert, now


def log_change(
    db: sqlite_utils.Database, actor: str, action: str, table_name: str, row_id: int | None, details: dict
) -> None:
    insert(
        db,
        "audit_log",
        {
            "at": now(),
            "actor": actor,
            "action": action,
            "table_name": table_name,
            "row_id": row_id,
            "details_json": json.dumps(details, ensure_ascii=False),
        },
    )
