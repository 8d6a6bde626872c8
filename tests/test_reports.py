"""Kvalitetsrapporter: the model, the three formats, `auditor report` and the download routes.

The database holds real documents scored by the rule engine (tests/web_support.seed: Lund with a baseline
and a revised agreement, Ystad with one), plus a reviewer's override on Lund's revised version.
"""

from __future__ import annotations

import io
import re
import subprocess

import docx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from PIL import Image
from web_support import LAN, log_in, make_app, seed

from auditor.cli import cli
from auditor.labels import ITEM_IDS
from auditor.reports import build_report
from auditor.reports.model import kommun_report, lan_report
from auditor.store.compare import compare_kommun
from auditor.store.db import open_db
from auditor.store.documents import current_scores
from auditor.store.reviews import add_review
from auditor.store.sql import StoreError

SKANE_KOMMUNER = 33


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("reports") / "reports.db"
    db = open_db(path)
    ids = seed(db)
    automatic = current_scores(db, ids["lund_revised"])["O2"]["score"]
    add_review(db, ids["lund_revised"], item_id="O2", score=(automatic + 1) % 3, reviewer="Eva Ek",
               comment="Metoden är namngiven i bilagan.")
    confirmed = current_scores(db, ids["lund_revised"])["R1"]["score"]
    add_review(db, ids["lund_revised"], item_id="R1", score=confirmed, reviewer="Eva Ek")  # confirmed as it stands
    db.conn.close()
    return path


@pytest.fixture
def db(db_path):
    connection = open_db(db_path, migrate=False)
    yield connection
    connection.conn.close()


@pytest.fixture(scope="module")
def rendered(db_path):
    """Every report once: rendered[("kommun" | "lan", format)] -> bytes."""
    db = open_db(db_path, migrate=False)
    out = {}
    for kind, name in (("kommun", "Lund"), ("lan", LAN)):
        for fmt in ("html", "docx", "pdf"):
            out[(kind, fmt)] = build_report(db, fmt=fmt, **{kind: name}).content
    db.conn.close()
    return out


# --- the model -----------------------------------------------------------------------------------


def test_kommun_model_uses_the_stores_verdict_and_effective_scores(db):
    report = kommun_report(db, "lund")
    [section] = report.sections
    [comparison] = compare_kommun(db, "Lund")
    assert [v.role for v in section.versions] == ["Baslinje", "Reviderad"]
    assert section.verdict == comparison["verdict"]
    assert [v.total for v in section.versions] == [comparison["total"]["baseline"], comparison["total"]["revised"]]
    assert [item.id for item in section.items] == list(ITEM_IDS)
    o2 = next(item for item in section.items if item.id == "O2")
    override = o2.latest.override
    assert override.reviewer == "Eva Ek" and o2.latest.score == override.score != override.automatic_score
    assert o2.delta == next(i["delta"] for i in comparison["items"] if i["id"] == "O2")
    assert o2.versions[0].override is None


def test_a_kommun_with_one_document_is_reported_without_comparison(db):
    [section] = kommun_report(db, "Ystad").sections
    assert [v.role for v in section.versions] == ["Senaste"] and section.comparison is None
    assert all(item.delta is None for item in section.items)


@pytest.mark.parametrize(("build", "name", "message"), [
    (kommun_report, "Atlantis", "finns inte i databasen"),
    (kommun_report, "Malmö", "inget att rapportera"),  # known kommun, no documents
    (lan_report, "Gotlands län", "inget att rapportera"),
])
def test_nothing_to_report_is_a_swedish_error(db, build, name, message):
    with pytest.raises(StoreError, match=message):
        build(db, name)


def test_lan_model_follows_the_inventory(db):
    report = lan_report(db, "Skåne")
    assert report.lan == LAN and report.inventory["kommuner"] == SKANE_KOMMUNER
    rows = report.heatmaps["samverkansoverenskommelse"]
    assert [row.kommun for row in rows] == ["Lund", "Ystad"]
    lund = rows[0]
    assert lund.verdict == compare_kommun(db, "Lund")[0]["verdict"]
    assert "medborgarlofte" not in report.heatmaps


# --- HTML ----------------------------------------------------------------------------------------


def test_kommun_html_has_every_item_evidence_override_and_method(rendered):
    html = rendered[("kommun", "html")].decode()
    for item_id in ITEM_IDS:
        assert f'id="samverkansoverenskommelse-{item_id}"' in html
    assert "Manuellt ändrad av Eva Ek" in html and "Metoden är namngiven i bilagan." in html
    # how many items a person reviewed, and each machine-only score marked as such
    assert re.search(r"2 av 17 punkter i den senaste versionen är granskade av en person \(ändrade: O2; "
                     r"bekräftade: R1\); övriga 15 är maskinbedömningar", html)
    item = html[html.index('id="samverkansoverenskommelse-L1"'):html.index('id="samverkansoverenskommelse-L2"')]
    assert "(maskinbedömd)" in item and "(granskad)" not in item
    item = html[html.index('id="samverkansoverenskommelse-O2"'):html.index('id="samverkansoverenskommelse-M1"')]
    assert "(granskad)" in item
    assert re.search(r"<blockquote>”[^<]+” <span class=\"muted\">\((s\. \d+|sida okänd)\)", html)
    for heading in ("Sammanfattning", "målen och SMART", "Metod", "Begränsningar"):
        assert heading in html
    assert html.count('src="data:image/png;base64,') == 1
    assert not re.search(r'(?:src|href)="(?!data:|#)', html), "the report must be self-contained"


def test_lan_html_has_every_item_and_one_line_per_kommun(rendered):
    html = rendered[("lan", "html")].decode()
    distribution = html.split("Fördelning per punkt", 1)[1]
    for item_id in ITEM_IDS:
        assert f">{item_id}</th>" in distribution
    appendix = html.split("Bilaga: en rad per kommun", 1)[1]
    assert appendix.count("<tr>") == SKANE_KOMMUNER + 1  # header + one per kommun
    assert "Kommuner med störst stödbehov" in html and html.count("data:image/png;base64,") == 2


# --- DOCX ----------------------------------------------------------------------------------------


def headings(document) -> list[tuple[str, str]]:
    return [(p.style.style_id, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def test_kommun_docx_has_swedish_headings_tables_and_chart(rendered):
    document = docx.Document(io.BytesIO(rendered[("kommun", "docx")]))
    found = headings(document)
    assert found[0] == ("Rubrik", "Kvalitetsrapport: Lund")
    assert ("Rubrik1", "Sammanfattning") in found and ("Rubrik1", "Metod") in found
    item_headings = [text for style, text in found if style == "Rubrik2" and text[:2] in ITEM_IDS]
    assert [text[:2] for text in item_headings] == list(ITEM_IDS)
    assert len(document.inline_shapes) == 1
    summary = document.tables[0]
    assert [c.text for c in summary.rows[0].cells] == ["Version", "Dokument", "Period", "Poäng"]
    assert [r.cells[0].text for r in summary.rows[1:]] == ["Baslinje", "Reviderad"]
    assert any("Manuellt ändrad av Eva Ek" in p.text for p in document.paragraphs)
    assert document.core_properties.language == "sv-SE"
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer


def test_lan_docx_has_heatmap_distribution_and_appendix(rendered):
    document = docx.Document(io.BytesIO(rendered[("lan", "docx")]))
    texts = [text for _, text in headings(document)]
    assert "Samverkansöverenskommelse: poäng per kommun och punkt" in texts
    assert "Bilaga: en rad per kommun" in texts
    assert len(document.inline_shapes) == 2  # heatmap and item distribution
    appendix = document.tables[-1]
    assert len(appendix.rows) == SKANE_KOMMUNER + 1
    distribution = next(t for t in document.tables if t.rows[0].cells[0].text == "Punkt")
    assert [c.text for c in distribution.rows[0].cells[1:]] == list(ITEM_IDS)


def test_our_parser_reads_the_docx_headings(rendered, tmp_path):
    from auditor.parsers import parse

    path = tmp_path / "rapport.docx"
    path.write_bytes(rendered[("kommun", "docx")])
    parsed = [b.text for b in parse(path).blocks if b.kind == "heading"]
    assert "Sammanfattning" in parsed and "Metod" in parsed


# --- PDF -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["kommun", "lan"])
def test_pdf_pages_are_not_blank_and_text_is_extractable(rendered, tmp_path, kind):
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(rendered[(kind, "pdf")])
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "sida")], check=True)
    pages = sorted(tmp_path.glob("sida-*.png"))
    assert len(pages) >= 2
    for page in pages:
        grey = Image.open(page).convert("L")
        body = grey.crop((0, 0, grey.width, int(grey.height * 0.9)))  # above the footer's page number
        assert sum(body.histogram()[:128]) > 40, f"{page.name} is blank"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    title = "Kvalitetsrapport: Lund" if kind == "kommun" else f"Kvalitetsrapport: {LAN}"
    assert title in text
    assert f"Sida 1 av {len(pages)}" in text
    assert "Metod" in text


# --- CLI -----------------------------------------------------------------------------------------


def run(*args, db_path):
    return CliRunner().invoke(cli, ["report", *args, "--db", str(db_path)])


def test_cli_writes_the_report(db_path, tmp_path):
    target = tmp_path / "lund.docx"
    result = run("--kommun", "Lund", "--format", "docx", "-o", str(target), db_path=db_path)
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:2] == b"PK"
    result = run("--lan", "Skåne", "-o", str(tmp_path / "skane.html"), db_path=db_path)
    assert result.exit_code == 0 and "Kvalitetsrapport: Skåne län" in (tmp_path / "skane.html").read_text()


@pytest.mark.parametrize(("args", "message"), [
    (("--kommun", "Atlantis"), "Kommunen ”Atlantis” finns inte"),
    (("--kommun", "Malmö"), "inget att rapportera"),
    (("--lan", "Narnia"), "Länet ”Narnia” finns inte"),
    ((), "Ange antingen --kommun eller --lan"),
    (("--kommun", "Lund", "--lan", "Skåne"), "Ange antingen --kommun eller --lan"),
])
def test_cli_refuses_with_exit_code_2(db_path, tmp_path, args, message):
    result = run(*args, "-o", str(tmp_path / "x.html"), db_path=db_path)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "x.html").exists()


# --- web -----------------------------------------------------------------------------------------


@pytest.fixture
def client(db_path):
    with TestClient(make_app(db_path)) as test_client:
        yield test_client


@pytest.mark.parametrize(("url", "media_type", "file_name", "magic"), [
    ("/rapport/kommun/Lund.pdf", "application/pdf", "kvalitetsrapport-lund.pdf", b"%PDF"),
    ("/rapport/kommun/lund.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "kvalitetsrapport-lund.docx", b"PK"),
    ("/rapport/lan/Sk%C3%A5ne%20l%C3%A4n.html", "text/html; charset=utf-8", "kvalitetsrapport-skane-lan.html",
     b"<!doctype html>"),
])
def test_download_routes(client, url, media_type, file_name, magic):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    opens = "inline" if file_name.endswith(".html") else "attachment"  # the HTML report opens in the browser
    assert response.headers["content-disposition"].startswith(f'{opens}; filename="{file_name}"')
    assert response.content.startswith(magic)


def test_download_of_unknown_names_and_formats(client):
    response = client.get("/rapport/kommun/Atlantis.pdf")
    assert response.status_code == 404 and "finns inte i databasen" in response.text
    assert client.get("/rapport/kommun/Malmö.pdf").status_code == 404
    assert client.get("/rapport/kommun/Lund.odt").status_code == 422


def test_an_anonymous_download_says_a_score_was_changed_but_not_by_whom_or_why(client):
    public = client.get("/rapport/kommun/Lund.html").text
    assert "Manuellt ändrad 20" in public
    assert "Eva Ek" not in public and "Metoden är namngiven i bilagan." not in public
    log_in(client, name="admin1")
    staff = client.get("/rapport/kommun/Lund.html").text
    assert "Manuellt ändrad av Eva Ek" in staff and "Metoden är namngiven i bilagan." in staff


def test_reports_are_private_when_public_reading_is_off(db_path):
    with TestClient(make_app(db_path, public_read=False)) as client:
        response = client.get("/rapport/kommun/Lund.html", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/logga-in")


def test_kommun_and_lan_pages_link_the_reports(client):
    kommun_page = client.get("/kommun/Lund").text
    for fmt in ("pdf", "docx", "html"):
        assert f'href="/rapport/kommun/Lund.{fmt}"' in kommun_page
    assert "/rapport/kommun/" not in client.get("/kommun/Malmö").text
    lan_page = client.get("/lan", params={"lan": LAN}).text
    assert 'href="/rapport/lan/Sk%C3%A5ne%20l%C3%A4n.pdf"' in lan_page
