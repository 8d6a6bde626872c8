"""Fixtures for the kommun dialogue tests: the web seed (Lund baseline and revised, Ystad; admin1 and
granskare1) plus one kommun account for Lund and one for Ystad, and clients logged in as each role."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from web_support import PASSWORD, form_token, log_in, make_app, seed

from auditor.store.db import open_db
from auditor.web.accounts import add_user

ROLES = ("anonym", "kommun_egen", "kommun_annan", "granskare", "admin")
ACCOUNTS = {"kommun_egen": "lund1", "kommun_annan": "ystad1", "granskare": "granskare1", "admin": "admin1"}


@pytest.fixture(scope="module")
def dialogue_db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("dialog") / "dialog.db"
    db = open_db(path)
    seed(db)
    add_user(db, "lund1", "kommun", PASSWORD, actor="test", kommun="Lund")
    add_user(db, "ystad1", "kommun", PASSWORD, actor="test", kommun="Ystad")
    db.conn.close()
    return path


@pytest.fixture
def dialogue_path(dialogue_db_path, tmp_path):
    """A private copy per test: the tests write."""
    path = tmp_path / "dialog.db"
    path.write_bytes(dialogue_db_path.read_bytes())
    return path


@pytest.fixture
def clients(dialogue_path):
    """One client per role, each with its own session ("anonym" is not logged in)."""
    app = make_app(dialogue_path)
    opened = {role: TestClient(app) for role in ROLES}
    for role, client in opened.items():
        client.__enter__()
        if role in ACCOUNTS:
            assert log_in(client, ACCOUNTS[role]).status_code == 303
    yield opened
    for client in opened.values():
        client.__exit__(None, None, None)


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
