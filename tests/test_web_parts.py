"""The web's building blocks on their own: highlighting, the SVG chart, the heatmap matrix, accounts, CLI."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.store.accounts import add_user, authenticate, hash_password, verify_password
from auditor.store.db import open_db
from auditor.store.sql import StoreError
from auditor.web.chart import area_chart
from auditor.web.heatmap import matrix
from auditor.web.highlight import highlighted_text


def item(item_id, *spans, text):
    return {"id": item_id, "evidence": [{"start": s, "end": e, "quote": text[s:e]} for s, e in spans]}


def test_highlight_escapes_everything_and_anchors_each_piece_of_evidence():
    text = "Före <script>alert(1)</script> & mål: minska inbrotten."
    start = text.index("<script>")
    html = str(highlighted_text(text, [item("R1", (start, start + 8), text=text)]))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; mål" in html
    assert ('<span class="anchor" id="belagg-R1-1" tabindex="-1"><span class="mark-label">R1</span></span>'
            '<mark class="evidence" data-items="R1"') in html  # the passage says its item without a mouse


def test_overlapping_evidence_is_marked_with_every_item():
    text = "Lägesbilden visar att inbrotten ökade med 25 procent."
    html = str(highlighted_text(text, [item("L1", (0, 31), text=text), item("L3", (12, 52), text=text)]))
    assert '<mark class="evidence" data-items="L1 L3" title="Belägg för L1 L3">visar att inbrotten</mark>' in html
    assert 'id="belagg-L1-1"' in html and 'id="belagg-L3-1"' in html
    assert html.count("Lägesbilden") == 1 and html.count('<span class="mark-label">') == 2


def test_evidence_that_does_not_quote_the_text_is_not_marked():
    text = "En kort text."
    stale = {"id": "R2", "evidence": [{"start": 3, "end": 7, "quote": "annat"}, {"start": 5, "end": 99, "quote": "x"}]}
    assert str(highlighted_text(text, [stale])) == "En kort text."


def test_chart_escapes_labels_and_scales_bars():
    svg = str(area_chart([("Före", {"Mål & <x>": {"score": 3, "max": 6}})], "Titel <b>"))
    assert "&lt;x&gt;" in svg and "Titel &lt;b&gt;" in svg and "<b>" not in svg
    assert 'width="180.0"' in svg  # half of the 360-pixel plot


def row(kommun, latest=None, baseline=None):
    def doc(doc_id, scores):
        return {"id": doc_id, "scores": scores, "max": {k: 2 for k in scores},
                "areas": {k: {"R": "Ramar", "M": "Mål"}[k[0]] for k in scores}}

    return {"kommun": kommun, "lan": "Test län",
            "latest": doc(1, latest) if latest else None, "baseline": doc(2, baseline) if baseline else None}


def test_matrix_items_areas_and_change():
    rows = [row("A", {"R1": 2, "M1": 1}, {"R1": 0, "M1": 1}), row("B", {"R1": 1, "M1": 0}), row("C")]
    items = matrix(rows, by_area=False, version="senaste", sort="kommun", descending=False)
    assert [c["text"] for c in items["rows"][0]["cells"][:1]] == ["2"] and items["rows"][0]["total"] == 3
    areas = matrix(rows, by_area=True, version="senaste", sort="kommun", descending=False)
    assert areas["columns"] == ["Ramar", "Mål"] and areas["rows"][0]["cells"][0]["text"] == "2/2"
    change = matrix(rows, by_area=False, version="forandring", sort="total", descending=True)
    assert [r["kommun"] for r in change["rows"]] == ["A", "B", "C"]
    assert change["rows"][0]["cells"][0] == {"value": 2, "css": "up", "text": "+2"}
    assert change["rows"][1]["total"] is None  # one document: nothing to compare


def test_matrix_sorts_by_a_column_with_missing_values_last():
    rows = [row("A", {"R1": 1}), row("B", {"R1": 2}), row("C")]
    for descending, expected in ((False, ["A", "B", "C"]), (True, ["B", "A", "C"])):
        table = matrix(rows, by_area=False, version="senaste", sort="R1", descending=descending)
        assert [r["kommun"] for r in table["rows"]] == expected


def test_passwords_are_salted_scrypt_hashes(tmp_path):
    first, second = hash_password("ett långt lösenord"), hash_password("ett långt lösenord")
    assert first != second and first.startswith("scrypt$")
    assert verify_password("ett långt lösenord", first) and not verify_password("fel", first)
    assert not verify_password("x", "inte-en-hash")
    db = open_db(tmp_path / "u.db")
    add_user(db, "Anna", "granskare", "ett långt lösenord", actor="test")
    assert authenticate(db, "anna", "ett långt lösenord")["role"] == "granskare"
    assert authenticate(db, "Anna", "fel lösenord!") is None and authenticate(db, "Bo", "x") is None
    refused = {("Anna", "admin", "ett annat lösenord"): "finns redan", ("Bo", "chef", "ett långt lösenord"): "Okänd roll",
               ("Bo", "admin", "kort"): "minst 10 tecken"}
    for args, message in refused.items():
        with pytest.raises(StoreError, match=message):
            add_user(db, *args, actor="test")


def test_cli_user_add(tmp_path):
    runner = CliRunner()
    db_file = str(tmp_path / "cli.db")
    result = runner.invoke(cli, ["user", "add", "eva", "--role", "admin", "--password-stdin", "--db", db_file],
                           input="ett långt lösenord\n")
    assert result.exit_code == 0 and "eva (admin) är skapad" in result.output
    again = runner.invoke(cli, ["user", "add", "eva", "--role", "admin", "--password-stdin", "--db", db_file],
                          input="ett långt lösenord\n")
    assert again.exit_code == 2 and "finns redan" in again.output
    prompted = runner.invoke(cli, ["user", "add", "olle", "--role", "granskare", "--db", db_file],
                             input="ett långt lösenord\nett långt lösenord\n")
    assert prompted.exit_code == 0
    assert authenticate(open_db(db_file), "olle", "ett långt lösenord") is not None


def test_cli_serve_options():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output and "--host" in result.output


def test_auditor_serve_starts_the_app(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    auditor = Path(sys.executable).parent / "auditor"
    server = subprocess.Popen([str(auditor), "serve", "--db", str(tmp_path / "s.db"), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/lan", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "auditor serve did not start"
                time.sleep(0.2)
        assert response.status_code == 200 and "Länsöversikt" in response.text
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert f"http://127.0.0.1:{port}/" in output
