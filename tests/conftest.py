"""Fixtures shared by the tests: real files rendered by the corpus renderer (corpus_samples.render), a store
database, the seeded web database with its app and clients, the kommun dialogue's clients by role, and a live
server with a browser for the real-browser tests. Helper functions live in the *_support modules."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS
from fastapi.testclient import TestClient
from parse_support import SAMPLE
from web_support import PASSWORD, log_in, make_app, seed, seeded_server

from auditor.store.accounts import add_user
from auditor.store.db import open_db
from corpus_samples.render import parse_source, render


@pytest.fixture(scope="session")
def sample_source():
    return parse_source(SAMPLE)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory, sample_source):
    """Render the sample once per format: rendered('pdf' | 'docx' | 'scan' | 'txt', hyphenate=...)."""
    directory = tmp_path_factory.mktemp("rendered")
    cache: dict[tuple[str, bool], Path] = {}

    def make(fmt: str, *, hyphenate: bool = False) -> Path:
        if (fmt, hyphenate) not in cache:
            suffix = {"scan": ".pdf"}.get(fmt, f".{fmt}")
            out = directory / f"sample-{fmt}{'-hyph' if hyphenate else ''}{suffix}"
            cache[(fmt, hyphenate)] = render(sample_source, out, fmt=fmt, hyphenate=hyphenate)
        return cache[(fmt, hyphenate)]

    return make


# --- the store ---------------------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path):
    """A fresh database per test."""
    return open_db(tmp_path / "test.db")


# --- the web service on a seeded database (web_support.seed) ------------------------------------------


@pytest.fixture(scope="module")
def seeded_db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "web.db"
    database = open_db(path)
    seed(database)
    database.conn.close()
    return path


@pytest.fixture
def app(seeded_db_path):
    return make_app(seeded_db_path)


@pytest.fixture
def client(app):
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def fresh_db_path(seeded_db_path, tmp_path):
    """A private copy of the seeded database, for tests that write."""
    path = tmp_path / "copy.db"
    path.write_bytes(seeded_db_path.read_bytes())
    return path


@pytest.fixture
def writable_client(fresh_db_path):
    with TestClient(make_app(fresh_db_path)) as test_client:
        yield test_client


# --- the kommun dialogue: the web seed plus one kommun account for Lund and one for Ystad ---------------

ROLES = ("anonym", "kommun_egen", "kommun_annan", "granskare", "admin")
ACCOUNTS = {"kommun_egen": "lund1", "kommun_annan": "ystad1", "granskare": "granskare1", "admin": "admin1"}


@pytest.fixture(scope="module")
def dialogue_db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("dialog") / "dialog.db"
    database = open_db(path)
    seed(database)
    add_user(database, "lund1", "kommun", PASSWORD, actor="test", kommun="Lund")
    add_user(database, "ystad1", "kommun", PASSWORD, actor="test", kommun="Ystad")
    database.conn.close()
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
    for role, role_client in opened.items():
        role_client.__enter__()
        if role in ACCOUNTS:
            assert log_in(role_client, ACCOUNTS[role]).status_code == 303
    yield opened
    for role_client in opened.values():
        role_client.__exit__(None, None, None)


# --- real browsers (browser_support) ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    with seeded_server(tmp_path_factory.mktemp("browser")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
