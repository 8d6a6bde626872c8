"""Helpers for the kommun dialogue tests (their fixtures, one client per role, are in conftest.py)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from web_support import form_token

from auditor.store.db import open_db


def submit_form(client: TestClient, page: str, action: str, data: dict, **kwargs):
    """Post a form the way a browser does: with the CSRF token of the page it is on."""
    token = form_token(client.get(page).text)
    return client.post(action, data={"csrf_token": token, **data}, follow_redirects=False, **kwargs)


def db_rows(path, sql: str, params=()) -> list[dict]:
    db = open_db(path, migrate=False)
    try:
        return list(db.query(sql, params))
    finally:
        db.conn.close()


def ids_in(html: str, pattern: str) -> list[int]:
    return [int(found) for found in re.findall(pattern, html)]
