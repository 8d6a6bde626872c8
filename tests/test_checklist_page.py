"""The checklist explained in the web: every item with its levels and examples from the YAML, linked (with a
tooltip) from every item id and heatmap header; the overview's terms in words."""

from __future__ import annotations

import hashlib
import html
import re

from web_support import LAN, document_ids

from auditor.engine.checklist import load_checklist
from auditor.engine.scoring import score_document
from auditor.parsers import parse_bytes
from auditor.store.db import open_db
from auditor.store.documents import StoredFile, store_scored_document
from auditor.store.manifest import ManifestEntry


def test_the_checklist_page_shows_every_item_from_the_yaml(client):
    page = client.get("/checklistan")
    assert page.status_code == 200
    checklist = load_checklist()
    assert len(checklist.items) == 17
    for item in checklist.items:
        article = re.search(rf'<article class="item" id="punkt-{item.id}".*?</article>', page.text, re.S)
        assert article, item.id
        for level in (0, 1, 2):
            assert item.levels[level] in html.unescape(article.group()), (item.id, level)
        for note in item.level_notes:
            assert note in html.unescape(article.group()), item.id
        assert f"Exempel ur checklistan ({len(item.examples)})" in article.group() or not item.examples
    assert "Varken eller" in page.text and "O1 ≥ 1" in page.text and "M2 = 2" in page.text


def test_item_ids_and_heatmap_headers_lead_to_the_checklist(client):
    checklist = client.get("/checklistan").text
    anchors = set(re.findall(r'id="((?:punkt|omrade)-[^"]+)"', checklist))
    overview = client.get("/lan").text
    for item in load_checklist().items:
        header = re.search(rf'<th scope="col" title="{item.id} ([^"]+)"[^>]*>.*?</th>', overview, re.S)
        assert header and item.title in header.group(1), item.id
        assert f'href="/checklistan#punkt-{item.id}"' in header.group()
    assert "Summa av 34" in overview
    by_area = client.get("/lan?visa=omraden").text
    targets = re.findall(r'href="/checklistan#((?:punkt|omrade)-[^"]+)"', overview + by_area)
    assert len(targets) == 17 + 6 and set(targets) <= anchors
    assert "4/6" in checklist and "områdets poäng av dess högsta" in by_area
    document = client.get(f"/dokument/{document_ids(client.app.state.settings.db_path)['lund_2022.txt']}").text
    assert re.search(r'<h3 id="rubrik-R1"><a href="/checklistan#punkt-R1" title="[^"]+">R1</a>', document)


def test_the_overview_explains_its_figures_in_words(client):
    page = client.get("/lan").text
    terms = re.search(r"<summary>Vad betyder siffrorna\?</summary>.*?</details>", page, re.S).group()
    assert "<dt>Varken eller</dt><dd>Kommuner som varken har en aktuell samverkansöverenskommelse" in terms
    assert "<dt>O1 ≥ 1</dt><dd>Överenskommelser där punkt O1" in terms and "minst 1 poäng (delvis eller uppfyllt)" in terms
    assert "<dt>M2 = 2</dt><dd>" in terms and "full poäng (2, uppfyllt)" in terms


def test_not_applicable_is_not_shown_as_no_document(writable_client, fresh_db_path):
    text = ("Medborgarlöfte för Lund 2024\n\nPolisen och Lunds kommun lovar invånarna att minska otryggheten i "
            "centrum genom fler trygghetsvandringar. Löftet följs upp varje tertial.\n").encode()
    result = score_document(parse_bytes(text, "lofte.txt"), doc_type="medborgarlofte")
    entry = ManifestEntry(None, None, "Lund", LAN, "medborgarlofte", None, "2024", None)
    store_scored_document(open_db(fresh_db_path), StoredFile(hashlib.sha256(text).hexdigest(), "lofte.txt", text),
                          result, entry=entry, actor="test")
    page = writable_client.get("/lan?typ=medborgarlofte").text
    lund = re.search(r'<tr>\s*<th scope="row" data-value="Lund">.*?</tr>', page, re.S).group()
    cells = re.findall(r'<td class="cell [^"]+" data-value="[^"]*">([^<]*)</td>', lund)
    assert cells[12:14] == ["ej", "ej"] and "–" not in cells  # A2, A3 do not apply to a löfte
    ystad = re.search(r'<tr>\s*<th scope="row" data-value="Ystad">.*?</tr>', page, re.S).group()
    assert set(re.findall(r'<td class="cell [^"]+" data-value="[^"]*">([^<]*)</td>', ystad)) == {"–"}
    assert "Summa av 30" in page
