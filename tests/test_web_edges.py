"""Web requests at the edges of what the pages expect: pasted text over the form field limit, and a
kommun whose name holds characters that mean something in a URL."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from web_support import agreement_text, form_token, make_app, store_text

from auditor.store.db import open_db

ODD_KOMMUN = "Norr/Söder ?#%&+ 100"


def test_pasted_text_over_one_mb_gets_a_swedish_413(seeded_db_path):
    pasted = agreement_text("Lund", 2024, revised=True) * 800  # about 1.3 MB
    with TestClient(make_app(seeded_db_path)) as client:
        token = form_token(client.get("/sjalvtest").text)
        page = client.post("/sjalvtest", data={"csrf_token": token, "text": pasted},
                           files={"file": ("", b"", "application/octet-stream")})
        assert page.status_code == 413
        assert "Den inklistrade texten är större än 1 MB" in page.text and "exceeded" not in page.text
        api = client.post("/api/self-check", data={"text": pasted})
        assert api.status_code == 413 and "ladda upp filen i stället" in api.json()["detail"]


def test_kommun_page_link_works_for_any_name(fresh_db_path):
    db = open_db(fresh_db_path)
    store_text(db, "udda.txt", agreement_text("Udda", 2022, revised=True), kommun=ODD_KOMMUN, version=None,
               period="2022-2024")
    db.conn.close()
    with TestClient(make_app(fresh_db_path)) as client:
        overview = client.get("/lan").text
        link = re.search(r'<a href="([^"]+)">' + re.escape(html.escape(ODD_KOMMUN)) + "</a>", overview).group(1)
        page = client.get(html.unescape(link))
        assert page.status_code == 200 and f"› {html.escape(ODD_KOMMUN)}</nav>" in page.text
        api_link = re.search(r'<a href="(/api/kommun/[^"]+)">', page.text).group(1)
        assert client.get(html.unescape(api_link)).json()["kommun"] == ODD_KOMMUN
        report_link = re.search(r'href="(/rapport/kommun/[^"]+\.html)"', page.text).group(1)
        report = client.get(html.unescape(report_link))
        assert report.status_code == 200 and html.escape(ODD_KOMMUN) in report.text
