"""Schemathesis against the service's own OpenAPI description, through the ASGI app (no network): no
500s, and every response matches the schema the route declares; once anonymously and once logged in with
the session's CSRF token, so the write routes are exercised past their 401. Every example has a deadline:
a request that hangs fails the test instead of stalling it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from web_support import api_login, make_app, seed

from auditor.store.db import open_db


def seeded_app():
    """The app on a seeded database of its own (schemathesis needs the app when the module is collected)."""
    path = Path(tempfile.mkdtemp(prefix="granskaren-schema-")) / "schema.db"
    db = open_db(path)
    seed(db)
    db.conn.close()
    return make_app(path)


APP = seeded_app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
CHECKS = [not_a_server_error, response_schema_conformance]
DEADLINE_MS = 20_000  # a self-check or an import scores in a child within its own limit; this is far above


def _logged_in() -> dict:
    with TestClient(APP) as client:
        login = api_login(client, "admin1").json()
        return {"cookies": {"granskaren_session": client.cookies["granskaren_session"]},
                "headers": {"X-CSRF-Token": login["csrf_token"]}}


SESSION = _logged_in()


@schema.parametrize()
@settings(max_examples=15, deadline=DEADLINE_MS, suppress_health_check=list(HealthCheck))
def test_api(case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@settings(max_examples=15, deadline=DEADLINE_MS, suppress_health_check=list(HealthCheck))
def test_api_logged_in(case):
    case.call_and_validate(checks=CHECKS, headers=SESSION["headers"], cookies=SESSION["cookies"])
