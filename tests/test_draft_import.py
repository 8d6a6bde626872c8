"""A self-check saved as a draft, then the same file imported for real with `auditor import`: the draft
becomes the published document instead of making the import report the file as unchanged."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from web_support import agreement_text, form_token, log_in, make_app

AUDITOR = str(Path(sys.executable).parent / "auditor")


def test_importing_a_saved_draft_publishes_it(fresh_db_path, tmp_path):
    draft = tmp_path / "hassleby_2025.txt"
    draft.write_text(agreement_text("Hässleby", 2025, revised=True), encoding="utf-8")
    with TestClient(make_app(fresh_db_path)) as staff:
        log_in(staff)
        token = form_token(staff.get("/sjalvtest").text)
        saved = staff.post("/sjalvtest", data={"csrf_token": token, "spara": "true"},
                           files={"file": (draft.name, draft.read_bytes(), "text/plain")})
        assert "Dokumentet är sparat som utkast" in saved.text
        saved_id = int(re.search(r'href="/dokument/(\d+)"', saved.text.split("sparat som utkast")[1]).group(1))
    with TestClient(make_app(fresh_db_path)) as anonymous:
        assert anonymous.get(f"/dokument/{saved_id}").status_code == 404  # a draft is not published

    imported = subprocess.run([AUDITOR, "import", str(draft), "--db", str(fresh_db_path)],
                              capture_output=True, text=True, timeout=300)
    assert imported.returncode == 0, imported.stderr
    assert "Importerade: 1, oförändrade: 0, omräknade: 0, misslyckade: 0." in imported.stdout
    with TestClient(make_app(fresh_db_path)) as anonymous:
        page = anonymous.get(f"/dokument/{saved_id}")
        assert page.status_code == 200 and "hassleby_2025.txt" in page.text
    again = subprocess.run([AUDITOR, "import", str(draft), "--db", str(fresh_db_path)],
                           capture_output=True, text=True, timeout=300)
    assert "Importerade: 0, oförändrade: 1," in again.stdout
