"""The kommun report opens with a one-page summary: the verdict, the total before and after, the three most
important improvements and the three most important remaining gaps with advice; the details follow."""

from __future__ import annotations

import io
import re

import docx
import pypdfium2 as pdfium
import pytest
from web_support import seed

from auditor.reports import build_report
from auditor.reports.model import kommun_report
from auditor.store.db import open_db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    database = open_db(tmp_path_factory.mktemp("summary") / "summary.db")
    seed(database)
    return database


def test_the_summary_names_the_verdict_and_the_most_important_changes(db):
    section = kommun_report(db, "Lund").sections[0]
    comparison = section.comparison
    better, gaps = section.improvements(), section.gaps()
    assert 0 < len(better) <= 3 and len(gaps) <= 3
    assert all(item.delta > 0 for item in better)
    assert [item.delta for item in better] == sorted((item.delta for item in better), reverse=True)
    improved = [item for item in section.items if item.delta and item.delta > 0]
    assert min(item.delta for item in better) >= max(item.delta for item in improved if item not in better)
    assert all(item.latest.score < 2 for item in gaps)
    html = build_report(db, kommun="Lund").content.decode()
    first = html[html.index('<section class="first-page"'):html.index('<h2 class="chapter" id="sammanfattning">')]
    total = comparison["total"]
    assert (f"<h3>Samverkansöverenskommelse: {comparison['verdict']}, {total['baseline']} → {total['revised']} "
            f"av {total['max']} poäng.</h3>") in first
    for item in better:
        assert f"<li>{item.id} {item.title}: från {item.versions[0].score}" in first
    for item in gaps:
        assert f"<li>{item.id} {item.title} ({item.latest.score} – " in first and "<strong>Råd:</strong>" in first
    assert "checklista " not in html[:html.index('<section class="first-page"')]  # no hash in the header


def test_a_single_version_has_no_improvements_but_its_gaps(db):
    html = build_report(db, kommun="Ystad").content.decode()
    first = html[html.index('<section class="first-page"'):html.index('<h2 class="chapter"')]
    assert "(en version, ingen jämförelse)" in first and "Viktigaste förbättringarna" not in first
    assert "Viktigaste kvarstående bristerna" in first


def test_the_summary_is_the_first_page_in_pdf_and_word(db):
    pdf = pdfium.PdfDocument(build_report(db, kommun="Lund", fmt="pdf").content)
    first, second = (pdf[i].get_textpage().get_text_range() for i in (0, 1))
    assert "I korthet" in first and "Viktigaste förbättringarna" in first and "Viktigaste kvarstående" in first
    assert "punkt för punkt" not in first and "Sammanfattning" in second
    word = docx.Document(io.BytesIO(build_report(db, kommun="Lund", fmt="docx").content))
    texts = [p.text for p in word.paragraphs]
    start, details = texts.index("I korthet"), texts.index("Sammanfattning")
    assert start < texts.index("Viktigaste förbättringarna") < texts.index("Viktigaste kvarstående bristerna") < details
    body = word.element.body.xml
    assert body.index("I korthet") < body.index('w:type="page"') < body.index(">Sammanfattning<")
    assert any(re.match(r"[RLOMAU]\d .*\(\d – \w+\)\.", text) for text in texts[start:details])


def test_unlabelled_versions_are_not_called_baseline_and_revised(tmp_path):
    from web_support import agreement_text, store_text

    database = open_db(tmp_path / "unlabelled.db")
    store_text(database, "osby_2019.txt", agreement_text("Osby", 2019, revised=False), kommun="Osby", version=None,
               period="2019-2021")
    store_text(database, "osby_2022.txt", agreement_text("Osby", 2022, revised=True), kommun="Osby", version=None,
               period="2022-2024")
    section = kommun_report(database, "Osby").sections[0]
    assert [v.role for v in section.versions] == ["Äldre version", "Senaste version"]
    html = build_report(database, kommun="Osby").content.decode()
    assert "Baslinje" not in html.split('<h2 class="chapter" id="metod">')[0]
