"""Every page checked by axe-core in Debian's chromium (zero serious or critical violations), and the
full text used by keyboard: reachable, its highlights naming their item, focus on the passage after
"visa i texten".

axe-core is installed by the test setup (`make test`: npm into .venv/node) and injected into each page
through the browser's debugging protocol, which the pages' Content-Security-Policy does not govern.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import CHROMIUM
from web_support import PASSWORD, agreement_text

sync_api = pytest.importorskip("playwright.sync_api")

AXE = Path(__file__).resolve().parent.parent / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium saknas (kör scripts/system-deps.sh)"),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core saknas (kör make test, som installerar det med npm)"),
]
SERIOUS = ("serious", "critical")
PUBLIC_PAGES = ["/lan", "/lan?visa=omraden", "/lan?version=forandring", "/kommun/Lund", "/kommun/Ystad",
                "/dokument/2", "/jamfor/1/2", "/sjalvtest", "/checklistan", "/dokument", "/logga-in", "/docs",
                "/finns-inte"]
STAFF_PAGES = ["/import", "/granska", "/dokument/2", "/dokument/2/andra", "/kommun/Lund"]


def violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as loaded."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map(n => n.target)}))""")
    return [v for v in found if v["impact"] in SERIOUS]


def logged_in(browser, url: str, name: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{url}/logga-in")
    page.get_by_label("Användarnamn").fill(name)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    sync_api.expect(page.get_by_text("Inloggad som")).to_be_visible()
    return context, page


def test_no_serious_violations_on_any_page(browser, live_server, tmp_path):
    found = {}
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    for path in PUBLIC_PAGES:
        page.goto(f"{live_server}{path}")
        found[path] = violations(page)
    draft = tmp_path / "utkast.txt"
    draft.write_text(agreement_text("Ystad", 2026, revised=True), encoding="utf-8")
    page.goto(f"{live_server}/sjalvtest")
    page.get_by_label("Fil (PDF, Word, OpenDocument, RTF eller text)").set_input_files(str(draft))
    page.get_by_role("button", name="Granska utkastet").click()
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text("Resultat: utkast.txt")
    found["självtestets resultat"] = violations(page)
    page.set_viewport_size({"width": 390, "height": 844})  # at phone width tables scroll in their own box
    for path in ("/dokument/2", "/lan"):
        page.goto(f"{live_server}{path}")
        found[f"{path} (390 px)"] = violations(page)
    context.close()

    context, page = logged_in(browser, live_server, "granskare1")
    for path in STAFF_PAGES:
        page.goto(f"{live_server}{path}")
        found[f"{path} (granskare)"] = violations(page)
    page.goto(f"{live_server}/import")
    page.get_by_label("Dokumentfiler").set_input_files(str(draft))
    page.get_by_role("button", name="Importera").click()
    sync_api.expect(page.get_by_text("Importen är klar")).to_be_visible(timeout=60_000)
    found["importjobbet"] = violations(page)
    context.close()
    context, page = logged_in(browser, live_server, "admin1")
    page.goto(f"{live_server}/dokument/3/radera")
    found["/dokument/3/radera (admin)"] = violations(page)
    context.close()
    assert {path: v for path, v in found.items() if v} == {}


def test_the_full_text_by_keyboard(browser, live_server):
    # at phone width the text is taller than its box, which then scrolls
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{live_server}/dokument/2")
    fulltext = page.locator(".fulltext")
    assert fulltext.get_attribute("tabindex") == "0" and fulltext.get_attribute("aria-label")
    fulltext.focus()
    sync_api.expect(fulltext).to_be_focused()
    assert fulltext.evaluate("element => element.scrollHeight > element.clientHeight")
    assert fulltext.evaluate("element => element.scrollTop") == 0
    page.keyboard.press("PageDown")
    # it scrolls by keyboard; Chromium scrolls smoothly, so wait until the scrolling has come to rest
    page.wait_for_function("""element => new Promise(resolve => {
        const first = element.scrollTop;
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(first > 0 && element.scrollTop === first)));
    })""", arg=fulltext.element_handle())
    label = page.locator(".fulltext .mark-label").first
    sync_api.expect(label).to_be_visible()
    assert label.inner_text() in {item for item in ("R1", "R2", "R3", "L1", "L2", "L3", "O1", "O2", "M1", "M2",
                                                    "M3", "A1", "A2", "A3", "U1", "U2", "U3")}
    link = page.locator("#punkt-L1").get_by_role("link", name="visa i texten").first
    link.focus()
    page.keyboard.press("Enter")
    target = page.locator("#belagg-L1-1")
    sync_api.expect(target).to_be_focused()
    shown = target.evaluate("""element => {
        const box = element.closest('.fulltext').getBoundingClientRect(), own = element.getBoundingClientRect();
        return (own.top >= Math.max(0, box.top) && own.bottom <= Math.min(innerHeight, box.bottom))
            || JSON.stringify([own.top, own.bottom, box.top, box.bottom, innerHeight, scrollY]);
    }""")
    assert shown is True, shown
    assert target.inner_text() == "L1"
    context.close()
