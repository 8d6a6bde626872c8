"""Helpers for the web tests: real scored documents to seed a database with, an app, logging in (the fixtures
that use them are in conftest.py)."""

from __future__ import annotations

import hashlib
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi.testclient import TestClient

from auditor.engine.scoring import score_document
from auditor.parsers import parse_bytes
from auditor.store.accounts import add_user
from auditor.store.db import open_db
from auditor.store.documents import StoredFile, store_scored_document
from auditor.store.manifest import ManifestEntry
from auditor.web.app import create_app
from auditor.web.settings import Settings

PASSWORD = "hemligt-lösenord-1"
LAN = "Skåne län"


def agreement_text(kommun: str, start: int, *, revised: bool) -> str:
    """A samverkansöverenskommelse; the revised one adds causes, SMART goals, responsibility and follow-up."""
    parts = [
        f"Samverkansöverenskommelse mellan {kommun} kommun och lokalpolisområde {kommun} {start}–{start + 2}",
        f"Överenskommelsen gäller från 1 januari {start} till 31 december {start + 2}. Syftet är att minska "
        "brottsligheten och öka tryggheten. Prioriterade fokusområden är bostadsinbrott och otrygghet i centrum.",
        "Lägesbild: Polisens och kommunens lägesbilder har sammanförts till en gemensam problembild, baserad på "
        "anmälda brott, trygghetsmätningen och medborgardialoger.",
    ]
    if revised:
        parts += [
            "Antalet anmälda bostadsinbrott ökade med 25 procent mellan 2019 och 2021, främst i Norra området "
            "kvällstid. 38 procent av de svarande i trygghetsmätningen känner sig otrygga i centrum.",
            "Orsaksanalys: Troliga orsaker är bristande belysning, få vuxna i rörelse kvällstid och låg "
            "grannsamverkan. Åtgärderna bygger på situationell prevention och grannsamverkan, utvärderade metoder.",
            f"Mål: Bostadsinbrotten i Norra området ska minska med 20 procent till och med {start + 2} jämfört med "
            "2021, mätt med anmälda brott.",
            "Kommunen åtar sig att förbättra belysningen. Polisen åtar sig att genomföra riktade insatser. "
            "Brottsförebyggande samordnaren ansvarar för samordningen och styrgruppen sammanträder fyra gånger per år.",
            "Uppföljning: Nyckeltal följs upp varje tertial av samordnaren och kommunpolisen och rapporteras till "
            "styrgruppen och kommunstyrelsen. Överenskommelsen revideras årligen utifrån uppföljningen och "
            "resultaten återkopplas till medborgarna.",
        ]
    parts.append(f"Undertecknat av kommunstyrelsens ordförande i {kommun} och lokalpolisområdeschefen.")
    return "\n\n".join(parts) + "\n"


def store_text(db, name: str, text: str, *, kommun: str, version: str | None, period: str) -> int:
    data = text.encode("utf-8")
    result = score_document(parse_bytes(data, name), doc_type="samverkansoverenskommelse")
    entry = ManifestEntry(name, None, kommun, LAN, "samverkansoverenskommelse", version, period, None)
    file = StoredFile(hashlib.sha256(data).hexdigest(), name, data)
    return store_scored_document(db, file, result, entry=entry, actor="test")


def seed(db) -> dict[str, int]:
    """Lund: baseline and revised; Ystad: one document; Admin and a granskare account."""
    ids = {
        "lund_baseline": store_text(db, "lund_2019.txt", agreement_text("Lund", 2019, revised=False),
                                    kommun="Lund", version="baseline", period="2019-2021"),
        "lund_revised": store_text(db, "lund_2022.txt", agreement_text("Lund", 2022, revised=True),
                                   kommun="Lund", version="revised", period="2022-2024"),
        "ystad": store_text(db, "ystad_2022.txt", agreement_text("Ystad", 2022, revised=True),
                            kommun="Ystad", version=None, period="2022-2024"),
    }
    add_user(db, "granskare1", "granskare", PASSWORD, actor="test")
    add_user(db, "admin1", "admin", PASSWORD, actor="test")
    return ids


def make_app(db_path, **overrides):
    settings = Settings(db_path=db_path, secret="test-secret", **overrides)
    return create_app(settings=settings)


def form_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


def log_in(client: TestClient, name: str = "granskare1", password: str = PASSWORD):
    token = form_token(client.get("/logga-in").text)
    return client.post("/logga-in", data={"csrf_token": token, "name": name, "password": password, "nasta": "/lan"},
                       follow_redirects=False)


def api_login(client: TestClient, name: str = "granskare1", password: str = PASSWORD):
    """POST /api/session with the CSRF token of the anonymous session, as an API client must."""
    token = client.get("/api/session").json()["csrf_token"]
    return client.post("/api/session", data={"name": name, "password": password}, headers={"X-CSRF-Token": token})


def document_ids(db_path) -> dict[str, int]:
    db = open_db(db_path, migrate=False)
    rows = {row["file_name"]: row["id"] for row in db.query("SELECT id, file_name FROM document")}
    db.conn.close()
    return rows


def small_pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    for paragraph in text.split("\n\n"):
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(4)
    return bytes(pdf.output())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def seeded_server(folder: Path) -> Iterator[str]:
    """A live uvicorn server, in a thread, on a seeded database in `folder`; yields its base URL."""
    path = folder / "granskaren.db"
    db = open_db(path)
    seed(db)
    db.conn.close()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(make_app(path), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def wait_for_job(client, location: str, seconds: float = 90) -> str:
    """Follow an import job's page (as its refresh does) until it says the import is done; its text."""
    deadline = time.monotonic() + seconds
    while "Importen är klar" not in (page := client.get(location)).text:
        assert page.status_code == 200 and "avbröts" not in page.text, page.text
        assert time.monotonic() < deadline, "the import job did not finish"
        time.sleep(0.2)
    return page.text
