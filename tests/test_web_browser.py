"""Real-browser tests: Playwright drives Debian's chromium against a live uvicorn server (see browser_support)."""

from __future__ import annotations

import re

import pytest
from browser_support import CHROMIUM, shot
from web_support import PASSWORD, agreement_text

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium saknas (kör scripts/system-deps.sh)")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    yield context.new_page()
    context.close()


def test_selfcheck_upload_shows_the_items(page, live_server, tmp_path):
    draft = tmp_path / "utkast.txt"
    draft.write_text(agreement_text("Ystad", 2026, revised=True), encoding="utf-8")
    page.goto(f"{live_server}/sjalvtest")
    assert page.get_by_text("Ditt utkast sparas inte.").is_visible()
    page.get_by_label("Fil (PDF, Word, OpenDocument, RTF eller text)").set_input_files(str(draft))
    page.get_by_role("button", name="Granska utkastet").click()
    page.wait_for_url("**/sjalvtest")
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text("Resultat: utkast.txt")
    sync_api.expect(page.locator("article.item")).to_have_count(17)
    assert page.locator("mark.evidence").count() > 0
    shot(page, "sjalvtest_resultat")


def test_navigation_lan_kommun_document(page, live_server):
    page.goto(f"{live_server}/lan")
    shot(page, "lan")
    page.get_by_role("link", name="Summa").click()  # sorted in place by the script
    page.get_by_role("link", name="Summa").click()
    first = page.locator("table.heatmap tbody tr").first.locator("th")
    assert first.inner_text() in ("Lund", "Ystad")
    assert page.locator("table.heatmap thead th").last.get_attribute("aria-sort") == "descending"
    page.get_by_role("link", name="Lund", exact=True).click()
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text("Lund")
    assert page.locator("svg.chart rect").count() == 12  # six areas, two versions
    shot(page, "kommun")
    page.get_by_role("link", name="Jämför versionerna sida vid sida").click()
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text("Jämförelse: Lund")
    shot(page, "jamforelse")
    page.go_back()
    page.get_by_role("link", name="lokalpolisområde Lund 2022–2024").click()
    sync_api.expect(page.get_by_role("heading", name="De 17 punkterna")).to_be_visible()
    page.locator("a[href^='#belagg-']").first.click()  # evidence link jumps to its anchor in the full text
    assert "#belagg-" in page.url
    shot(page, "dokument")


def test_skip_link_is_the_first_tab_stop(page, live_server):
    page.goto(f"{live_server}/lan")
    page.keyboard.press("Tab")
    # expect() waits for focus and navigation to settle: a bare read raced them on a loaded machine
    sync_api.expect(page.locator(":focus")).to_have_text("Hoppa till innehållet")
    page.keyboard.press("Enter")
    sync_api.expect(page).to_have_url(re.compile("#innehall$"))


def test_login_review_override_history(page, live_server):
    page.goto(f"{live_server}/logga-in")
    page.get_by_label("Användarnamn").fill("granskare1")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    sync_api.expect(page.get_by_text("Inloggad som")).to_be_visible()
    page.goto(f"{live_server}/kommun/Ystad")
    page.get_by_role("link", name="lokalpolisområde Ystad").click()
    item = page.locator("#punkt-M2")
    item.get_by_text("Granska M2").click()
    item.get_by_label("Ny poäng").select_option("0")
    item.get_by_role("button", name="Spara granskningen").click()  # a changed score needs a reason
    item = page.locator("#punkt-M2")
    sync_api.expect(item.get_by_role("alert")).to_contain_text("Skriv en motivering när du ändrar poängen för M2")
    sync_api.expect(item.get_by_label("Ny poäng")).to_have_value("0")  # what was chosen is kept
    item.get_by_label("Motivering eller kommentar").fill("Målet saknar tidpunkt.")
    item.get_by_role("button", name="Spara granskningen").click()
    confirmation = page.locator("#sparad-M2")
    sync_api.expect(confirmation).to_have_text("Granskningen av M2 är sparad.")
    sync_api.expect(confirmation).to_be_focused()
    sync_api.expect(confirmation).to_be_in_viewport()
    item = page.locator("#punkt-M2")
    sync_api.expect(item.get_by_text("Granskningshistorik (1)")).to_be_visible()
    sync_api.expect(item.get_by_text("Målet saknar tidpunkt.")).to_be_visible()
    sync_api.expect(item.locator(".level")).to_have_text("0 – saknas")
    item.scroll_into_view_if_needed()
    shot(page, "granskning")


def test_pages_fit_a_phone_without_sideways_scrolling(browser, live_server, tmp_path):
    """Wide tables scroll inside their box; long compounds and file names in headings wrap."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE")
    phone = context.new_page()
    draft = tmp_path / "samverkansöverenskommelse_utkast_version_2026.txt"
    draft.write_text(agreement_text("Ystad", 2026, revised=True), encoding="utf-8")
    phone.goto(f"{live_server}/sjalvtest")
    phone.get_by_label("Fil (PDF, Word, OpenDocument, RTF eller text)").set_input_files(str(draft))
    phone.get_by_role("button", name="Granska utkastet").click()
    phone.wait_for_url("**/sjalvtest")
    widths = {"självtest": phone.evaluate("document.documentElement.scrollWidth")}
    for path in ("/lan", "/kommun/Lund"):
        phone.goto(f"{live_server}{path}")
        widths[path] = phone.evaluate("document.documentElement.scrollWidth")
    phone.get_by_role("link", name="lokalpolisområde Lund 2022–2024").click()
    phone.wait_for_load_state()  # measured once the page and its style sheet are in
    sync_api.expect(phone.get_by_role("heading", name="De 17 punkterna")).to_be_visible()
    widths["dokument"] = phone.evaluate("document.documentElement.scrollWidth")
    shot(phone, "telefon_dokument")
    context.close()
    assert all(width <= 390 for width in widths.values()), widths


def test_import_of_several_files_then_correcting_a_document(browser, live_server, tmp_path):
    """A granskare imports three files in the browser, follows the job page until it is done, corrects the
    kommun and version a document was filed under, and every page involved fits a phone's width."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{live_server}/logga-in")
    page.get_by_label("Användarnamn").fill("granskare1")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    files = []
    for kommun in ("Osby", "Höör", "Bjuv"):
        path = tmp_path / f"{kommun.lower()}_2025.txt"
        path.write_text(agreement_text(kommun, 2025, revised=kommun != "Bjuv"), encoding="utf-8")
        files.append(str(path))
    page.goto(f"{live_server}/import")
    page.get_by_label("Dokumentfiler").set_input_files(files)
    page.get_by_role("button", name="Importera").click()
    sync_api.expect(page).to_have_url(re.compile(r"/import/jobb/\d+$"))
    sync_api.expect(page.get_by_text("Importen är klar")).to_be_visible(timeout=60_000)  # the page refreshes itself
    rows = page.locator("table.import-files tbody tr")
    sync_api.expect(rows).to_have_count(3)
    for kommun in ("Osby", "Höör", "Bjuv"):
        row = rows.filter(has_text=f"{kommun.lower()}_2025.txt")
        sync_api.expect(row).to_contain_text("Läst och bedömd")
        sync_api.expect(row).to_contain_text(f"{kommun}, Skåne län")
    widths = {"importjobb": page.evaluate("document.documentElement.scrollWidth")}
    rows.filter(has_text="bjuv_2025.txt").get_by_role("link").click()
    page.get_by_role("link", name="Ändra uppgifter").click()
    widths["ändra"] = page.evaluate("document.documentElement.scrollWidth")
    page.get_by_label("Kommun", exact=True).fill("Osby")
    page.get_by_label("Baslinje", exact=True).check()
    page.get_by_role("button", name="Spara").click()
    sync_api.expect(page.get_by_text("Uppgifterna är ändrade.")).to_be_visible()
    details = page.locator("section.details")
    sync_api.expect(details).to_contain_text("Osby, Skåne län (ändrad av granskare1")
    sync_api.expect(details).to_contain_text("baslinje (ändrad av granskare1")
    page.goto(f"{live_server}/kommun/Osby")
    sync_api.expect(page.locator("table.documents").first.locator("tbody tr")).to_have_count(2)
    for path in ("/kommun/Osby", "/checklistan", "/dokument"):
        page.goto(f"{live_server}{path}")
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert all(width <= 390 for width in widths.values()), widths
