"""Helpers for the real-browser tests: Playwright drives Debian's chromium (/usr/bin/chromium, installed by
scripts/system-deps.sh; Playwright's own browser downloads are never used). The `browser` and `live_server`
fixtures are in conftest.py; screenshots go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
