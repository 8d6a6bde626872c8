"""The web's downloads and document list as a länsstyrelse uses them: the län's inventory and scores as CSV
and XLSX, the document list with its filters."""

from __future__ import annotations

import csv
import html
import io
import json
import re

from openpyxl import load_workbook
from web_support import LAN, api_login, document_ids, form_token

from auditor.store.db import open_db
from auditor.store.inventory import inventory, inventory_rows

LAN_URL = "Sk%C3%A5ne%20l%C3%A4n"


def _csv(response) -> list[list[str]]:
    assert response.content.startswith("\ufeff".encode())  # Excel reads å/ä/ö right
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_overview_offers_the_lans_figures_as_csv_and_xlsx(client, seeded_db_path):
    page = client.get("/lan").text
    links = re.findall(r'href="(/export/[^"]+)" download', page)
    assert links == [f"/export/{LAN_URL}/inventering.csv", f"/export/{LAN_URL}/poang.csv", f"/export/{LAN_URL}.xlsx"]
    inventory_csv = client.get(links[0])
    assert inventory_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in inventory_csv.headers["content-disposition"]
    db = open_db(seeded_db_path, migrate=False)
    headers, rows = inventory_rows(inventory(db, LAN))
    table = _csv(inventory_csv)
    assert table[0] == headers and len(table) - 1 == len(rows) == 33  # Skåne's kommuner, with or without documents
    lund = next(row for row in table if row[0] == "Lund")
    assert lund[4] == str(next(r for r in rows if r[0] == "Lund")[4])
    scores = _csv(client.get(links[1]))
    assert "granskare" not in scores[0] and "kommentar" not in scores[0]  # anonymous: no reviewers
    assert len(scores) - 1 == 3 * 17 and {row[1] for row in scores[1:]} == {"Lund", "Ystad"}
    workbook = load_workbook(io.BytesIO(client.get(links[2]).content))
    assert workbook.sheetnames == ["inventering", "poäng"]
    assert [c.value for c in workbook["inventering"][1]] == headers
    assert workbook["poäng"].max_row == 1 + 3 * 17
    assert client.get("/export/Gotlands%20l%C3%A4nn.xlsx").status_code == 404


def test_staff_get_the_reviewers_in_the_scores(writable_client, fresh_db_path):
    doc_id = document_ids(fresh_db_path)["ystad_2022.txt"]
    token = api_login(writable_client).json()["csrf_token"]
    writable_client.post(f"/api/documents/{doc_id}/reviews", json={"item_id": "R1", "score": 0, "comment": "Osignerad."},
                         headers={"X-CSRF-Token": token})
    scores = _csv(writable_client.get(f"/export/{LAN_URL}/poang.csv"))
    reviewed = [dict(zip(scores[0], row, strict=True)) for row in scores[1:] if row[1] == "Ystad" and row[4] == "R1"]
    assert reviewed and reviewed[0]["granskare"] == "granskare1" and reviewed[0]["poäng"] == "0"


def test_the_document_list_searches_and_filters(writable_client, fresh_db_path):
    def listed(query: str) -> list[str]:
        page = writable_client.get(f"/dokument?{query}")
        assert page.status_code == 200, page.text
        return re.findall(r'<th scope="row"><a href="/dokument/\d+">([^<]+)</a>', page.text)

    everything = listed("")
    assert len(everything) == 3
    assert len(listed("kommun=lund")) == 2 and len(listed("kommun=Ystad&typ=medborgarlofte")) == 0
    assert len(listed(f"lan={LAN_URL}&typ=samverkansoverenskommelse")) == 3
    assert len(listed("ar=2020")) == 1 and len(listed("ar=2023")) == 2
    api = writable_client.get("/api/documents?minst=60").json()
    assert api and all(row["percent"] >= 60 for row in api)
    assert {row["file_name"] for row in api} | {row["file_name"] for row in
            writable_client.get("/api/documents?hogst=59").json()} == set(document_ids(fresh_db_path))
    assert listed("granskad=ja") == []
    doc_id = document_ids(fresh_db_path)["lund_2019.txt"]
    token = api_login(writable_client).json()["csrf_token"]
    writable_client.post(f"/api/documents/{doc_id}/reviews", json={"item_id": "R1", "comment": "Stämmer."},
                         headers={"X-CSRF-Token": token})
    assert len(listed("granskad=ja")) == 1 and len(listed("granskad=nej")) == 2
    title = writable_client.get(f"/api/documents/{doc_id}").json()["document"]["title"]
    assert listed(f"q={title.split()[0].upper()}") and listed("q=lund_2019") == [title]
    bad = writable_client.get("/dokument?ar=tjugo")
    assert bad.status_code == 400 and "Året måste vara ett heltal" in bad.text
    assert writable_client.get("/api/documents?granskad=kanske").status_code == 400


def test_a_self_check_result_can_be_downloaded_and_printed_and_is_not_stored(writable_client, fresh_db_path):
    from urllib.parse import unquote

    before = len(document_ids(fresh_db_path))
    token = form_token(writable_client.get("/sjalvtest").text)
    text = "Samverkansöverenskommelse mellan Osby kommun och lokalpolisområde Osby 2025–2027.\n\nMål: minska inbrotten."
    page = writable_client.post("/sjalvtest", data={"csrf_token": token, "text": text}).text
    link = re.search(r'<a href="data:application/json;charset=utf-8,([^"]+)" download="([^"]+)">', page)
    assert link and link.group(2).endswith(".json")
    downloaded = json.loads(unquote(html.unescape(link.group(1))))
    shown = re.search(r"<dt>Poäng</dt><dd>(\d+) av (\d+)</dd>", page)
    assert (downloaded["total"], downloaded["max_total"]) == (int(shown.group(1)), int(shown.group(2)))
    assert [item["id"] for item in downloaded["items"]][:3] == ["R1", "R2", "R3"]
    assert '<button type="button" data-print hidden>Skriv ut eller spara som PDF</button>' in page
    assert len(document_ids(fresh_db_path)) == before
