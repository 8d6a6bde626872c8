"""The kommun dialogue in a real browser, three people at once: an admin creates a kommun account, a
granskare opens a review round, the kommun submits its signed agreement, the granskare confirms it into the
round, the kommun answers an item with a genmäle and a page reference, the granskare accepts it with a new
score, and the kommun sees both in the history and the notifications in the header."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from browser_support import CHROMIUM, shot
from web_support import PASSWORD, agreement_text, seeded_server

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium saknas (kör scripts/system-deps.sh)")
expect = sync_api.expect


@pytest.fixture(scope="module")
def dialogue_server(tmp_path_factory):
    with seeded_server(tmp_path_factory.mktemp("dialog-browser")) as url:
        yield url


def person(browser, server: str, name: str, password: str = PASSWORD):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE").new_page()
    page.goto(f"{server}/logga-in")
    page.get_by_label("Användarnamn").fill(name)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_text("Inloggad som")).to_be_visible()
    return page


def test_the_kommun_dialogue_from_account_to_answered_genmale(browser, dialogue_server, tmp_path):
    admin = person(browser, dialogue_server, "admin1")
    admin.get_by_role("link", name="Användare").click()
    admin.get_by_label("Användarnamn").fill("karin")
    admin.get_by_label("Roll", exact=True).select_option("kommun")
    admin.get_by_label("Kommun (bara för rollen kommun)").fill("Lund")
    admin.get_by_label("Första lösenord").fill(PASSWORD)
    admin.get_by_role("button", name="Skapa användaren").click()
    expect(admin.get_by_text("Användaren är skapad.")).to_be_visible()
    shot(admin, "anvandare")

    granskare = person(browser, dialogue_server, "granskare1")
    granskare.get_by_role("link", name="Omgångar").click()
    granskare.get_by_label("Namn").fill("Inventering 2026")
    publish_on = (date.today() + timedelta(days=30)).isoformat()
    granskare.get_by_label("Publiceringsdatum").fill(publish_on)
    granskare.get_by_role("button", name="Skapa omgången").click()
    expect(granskare.get_by_role("heading", name="Inventering 2026")).to_be_visible()

    karin = person(browser, dialogue_server, "karin")
    expect(karin.get_by_role("link", name="Notiser 1 olästa")).to_be_visible()  # the round opened
    karin.get_by_role("link", name="Min kommun").click()
    signed = tmp_path / "lund_2025_undertecknad.txt"
    signed.write_text(agreement_text("Lund", 2025, revised=False), encoding="utf-8")
    karin.get_by_label("Dokumentfiler").set_input_files(str(signed))
    karin.get_by_role("button", name="Lämna in").click()
    expect(karin.get_by_text("Inlämnade: lund_2025_undertecknad.txt")).to_be_visible()

    granskare.get_by_role("link", name="Inlämnade").click()
    shot(granskare, "inlamnade")
    granskare.get_by_label("Granskningsomgång").select_option(label=f"Inventering 2026 (publiceras {publish_on})")
    granskare.get_by_role("button", name="Bekräfta lund_2025_undertecknad.txt").click()
    expect(granskare.get_by_text("Dokumentet är bekräftat")).to_be_visible()

    karin.get_by_role("link", name="Min kommun").click()
    expect(karin.get_by_text(f"ej publicerad (Inventering 2026, publiceras {publish_on})")).to_be_visible()
    shot(karin, "min_kommun")
    karin.locator("table.documents tbody a").first.click()
    item = karin.locator("#punkt-M2")
    item.get_by_text("Skriv genmäle om M2").click()
    item.get_by_label("Kommunens genmäle om M2").fill("Målen med mätetal står i bilaga 2.")
    item.get_by_label("Sida i dokumentet som visar det (valfritt)").fill("3")
    appendix = tmp_path / "bilaga_2_matetal.txt"
    appendix.write_text("Mätetal per mål.", encoding="utf-8")
    item.get_by_label("Bilaga som visar det (valfritt)").set_input_files(str(appendix))
    item.get_by_role("button", name="Skicka genmälet").click()
    expect(karin.get_by_text("Genmälet är sparat.")).to_be_visible()

    granskare.goto(f"{dialogue_server}/notiser")
    granskare.get_by_role("link", name=re.compile("Genmäle från Lund om punkt M2")).click()
    item = granskare.locator("#punkt-M2")
    item.get_by_text("Svara på genmälet från karin").click()
    item.get_by_label("Godtas: ny poäng").check()
    item.get_by_label("Ny poäng (om genmälet godtas)").select_option("2")
    item.get_by_label("Svar till kommunen").fill("Bilaga 2 visar mätbara mål.")
    item.get_by_role("button", name="Skicka svaret").click()
    expect(granskare.locator("#punkt-M2 .level")).to_have_text("2 – uppfyllt")

    karin.reload()
    expect(karin.get_by_role("link", name="Notiser 2 olästa")).to_be_visible()  # the round and the answer
    item = karin.locator("#punkt-M2")
    expect(item.get_by_text("Målen med mätetal står i bilaga 2.")).to_be_visible()
    expect(item.get_by_text("Bilaga 2 visar mätbara mål.")).to_be_visible()
    expect(item.get_by_text("(se s. 3)")).to_be_visible()
    expect(item.get_by_role("link", name="bilaga_2_matetal.txt")).to_be_visible()
    item.scroll_into_view_if_needed()
    shot(karin, "genmale_besvarat")
    karin.get_by_role("link", name="Notiser 2 olästa").click()
    expect(karin.get_by_text("Svar på ert genmäle om punkt M2")).to_be_visible()
    expect(karin.get_by_role("link", name="Notiser", exact=True)).to_be_visible()  # all read now
    karin.set_viewport_size({"width": 390, "height": 844})  # the new pages fit a phone, menu included
    for path in ("/min-kommun", "/notiser", "/utkast"):
        karin.goto(f"{dialogue_server}{path}")
        assert karin.evaluate("document.documentElement.scrollWidth") <= 390, path
    for page in (admin, granskare, karin):
        page.context.close()
