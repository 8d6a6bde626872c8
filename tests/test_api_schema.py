"""Schemathesis against the service's own OpenAPI description, through the ASGI app (no network): no
500s, and every response matches the schema the route declares."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from web_support import make_app, seed

from auditor.store.db import open_db


def seeded_app():
    """The app on a seeded database of its own (schemathesis needs the app when the module is collected)."""
    path = Path(tempfile.mkdtemp(prefix="granskaren-schema-")) / "schema.db"
    db = open_db(path)
    seed(db)
    db.conn.close()
    return make_app(path)


schema = schemathesis.openapi.from_asgi("/openapi.json", seeded_app())


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
