"""Hostile files, made here: each is answered within 10 s and under 1 GB of memory in total (the command
and everything it starts), with a result or a Swedish refusal (CLI exit 2, web 4xx), never a traceback."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from process_support import session_processes
from web_support import make_app

AUDITOR = str(Path(sys.executable).parent / "auditor")
SECONDS, MEMORY = 10, 1_000_000_000
pytestmark = pytest.mark.slow  # making the hostile files alone takes tens of seconds


def _self_referencing_pdf() -> bytes:
    # the page tree's only kid is the page tree itself
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def _giant_page_pdf(points: int, pixels: int) -> bytes:
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF(unit="pt", format=(points, points))
    pdf.add_page()
    pdf.image(Image.new("L", (pixels, pixels), 255), x=0, y=0, w=points, h=points)  # a blank "scan"
    return bytes(pdf.output())


def _many_paragraphs_docx() -> bytes:
    import io

    import docx

    document = docx.Document()
    for number in range(60_000):
        document.add_paragraph("Mål" if number % 2 else "")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


HOSTILE = {
    "sidtrad-i-sig-sjalv.pdf": _self_referencing_pdf,
    "jattesida.pdf": lambda: _giant_page_pdf(12_000, 3_000),
    "jattesida-liten-bild.pdf": lambda: _giant_page_pdf(14_400, 50),
    "parenteser.txt": lambda: ("Samverkansöverenskommelse. Mål: " + "(" * 16_000).encode(),
    "ett-block-over-en-miljon-tecken.txt": lambda: ("Samverkansöverenskommelse. " + "mål " * 300_000).encode(),
    "ord-utan-mellanrum.txt": lambda: ("Mål: " + "a" * 400_000).encode(),
    "sextiotusen-stycken.docx": _many_paragraphs_docx,
}


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("fientliga")
    files = {}
    for name, make in HOSTILE.items():
        files[name] = folder / name
        files[name].write_bytes(make())
    return files


def _run_measured(args: list[str]) -> tuple[subprocess.CompletedProcess, float, int]:
    """Run the command in its own session; (result, seconds, peak resident bytes of the whole session)."""
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:  # a pipe could fill
        started = time.monotonic()
        process = subprocess.Popen(args, stdout=stdout, stderr=stderr, text=True, start_new_session=True)
        peak = 0
        while process.poll() is None and time.monotonic() - started < 60:
            peak = max(peak, sum(session_processes(process.pid).values()))
            time.sleep(0.05)
        process.wait(timeout=60)
        seconds = time.monotonic() - started
        stdout.seek(0), stderr.seek(0)
        return subprocess.CompletedProcess(args, process.returncode, stdout.read(), stderr.read()), seconds, peak


@pytest.mark.parametrize("name", list(HOSTILE))
def test_the_cli_answers_a_hostile_file_quickly_within_memory_and_without_a_traceback(name, hostile_files):
    done, seconds, peak = _run_measured([AUDITOR, "score", str(hostile_files[name]), "--format", "json"])
    assert done.returncode in (0, 2), done.stderr
    assert "Traceback" not in done.stderr
    if done.returncode == 2:  # "<file>: <Swedish reason>"
        assert done.stderr.startswith(f"{hostile_files[name]}: ") and "Error" not in done.stderr
    assert seconds < SECONDS, f"{name}: {seconds:.1f} s"
    assert peak < MEMORY, f"{name}: {peak / 1e6:.0f} MB"


def test_the_web_self_check_answers_every_hostile_file_with_a_result_or_a_4xx(hostile_files, seeded_db_path):
    with TestClient(make_app(seeded_db_path)) as client:
        for name, path in hostile_files.items():
            started = time.monotonic()
            response = client.post("/api/self-check", files={"file": (name, path.read_bytes())})
            assert response.status_code == 200 or 400 <= response.status_code < 500, (name, response.text)
            if response.status_code != 200:
                assert response.json()["detail"][0].isupper()  # a sentence for the user, in Swedish
            assert time.monotonic() - started < SECONDS, name


@pytest.fixture(scope="module")
def seeded_db_path(tmp_path_factory):
    from auditor.store.db import open_db

    path = tmp_path_factory.mktemp("fientlig-webb") / "web.db"
    open_db(path).conn.close()
    return path
