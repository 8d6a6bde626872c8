"""Hostile and broken files through every door: `auditor score`, the web self-check and the web import.

Each case either gives a clear Swedish error (exit 2 / a 4xx / "misslyckad" with its reason, nothing
stored) or a valid result; never a 500, a traceback or a half-stored document.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import time
import zipfile

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from fpdf import FPDF
from web_support import agreement_text, api_login, make_app, small_pdf

from auditor.cli import cli
from auditor.jobs import parse_isolated, run_limited
from auditor.parsers import Limits, errors

AGREEMENT = agreement_text("Lund", 2024, revised=True)
SCRIPT = '<script>alert("x")</script> & \'citat\' "dubbelcitat"'
SWEDISH = ("inte", "kan", "Filen", "Dokumentet", "Formatet", "PDF")


def _pdf(pages: int = 1, *, password: str | None = None, size: tuple[float, float] | None = None) -> bytes:
    pdf = FPDF(format=size or "A4")
    pdf.set_font("helvetica", size=12)
    for number in range(pages):
        pdf.add_page()
        if size is None:
            pdf.cell(text=f"Samverkan mellan kommun och polis, sida {number + 1}")
    if password is not None:
        pdf.set_encryption(owner_password="agare", user_password=password)
    return bytes(pdf.output())


def _zero_page_pdf() -> bytes:
    buffer = io.BytesIO()
    pdfium.PdfDocument.new().save(buffer)
    return buffer.getvalue()


def _docx(text: str) -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    document.save(buffer)
    return buffer.getvalue()


def _zip_bomb(docx: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with dst.open("word/media/padding.bin", "w") as padding:
            for _ in range(21):  # 210 MB of zeros, under a megabyte compressed
                padding.write(b"\0" * 10_000_000)
    return buffer.getvalue()


# name -> (file name, bytes, expected): "result", or a phrase of the Swedish error
def _cases() -> dict[str, tuple[str, bytes, str]]:
    pdf = small_pdf(AGREEMENT)
    docx = _docx(AGREEMENT)
    return {
        "korrupt": ("korrupt.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> trunkerad", "skadad"),
        "trunkerad": ("trunkerad.pdf", pdf[: len(pdf) // 3], "skadad"),
        "krypterad": ("krypterad.pdf", _pdf(password="hemligt"), "lösenordsskyddad"),
        "nollsidor": ("noll.pdf", _zero_page_pdf(), "inga sidor"),
        "tusensidor": ("tusen.pdf", _pdf(1000), "1000 sidor"),
        "jattesida": ("jattesida.pdf", _pdf(size=(14_000, 14_000)), "result"),  # no text: OCR of a huge page
        "zipbomb": ("bomb.docx", _zip_bomb(docx), "packas upp"),
        "fel_filandelse_docx": ("utkast.pdf", docx, "result"),
        "fel_filandelse_pdf": ("utkast.txt", small_pdf(AGREEMENT + "\n\nBilaga."), "result"),
        "html": ("html.txt", f"# Rubrik {SCRIPT}\n\n{AGREEMENT}\n\n{SCRIPT}\n".encode(), "result"),
        "langa_rader": ("lang.txt", ("Samverkan och trygghet " * 20_000).encode(), "result"),
        "styrtecken": ("styr.txt", "".join(chr(c) for c in range(32) if c not in (9, 10, 13)).encode() * 40,
                       "binärdata"),  # NUL and other control characters: binary content, refused
        "styrtecken_i_text": ("styr2.txt", (AGREEMENT + "\x07\x1b[31m\x0c").encode(), "result"),
        "icke_svensk": ("zh.txt", ("这是一个关于城市安全的文件。 " * 200 + "\n\nمرحبا بالعالم " * 50).encode(), "result"),
        "tom": ("tom.txt", b"", "tom"),
        "blank": ("blank.txt", b"  \n\t\n", "blanktecken"),
    }


@pytest.fixture(scope="module")
def cases():
    return _cases()


def _check_error(message: str, expected: str) -> None:
    assert expected in message and "Traceback" not in message
    assert any(word in message for word in SWEDISH), message


def _check_result(payload: dict) -> None:
    assert [item["id"] for item in payload["items"]][:3] == ["R1", "R2", "R3"] and len(payload["items"]) == 17
    assert 0 <= payload["total"] <= payload["max_total"]


@pytest.mark.parametrize("case", sorted(_cases()))
def test_cli_score(case, cases, tmp_path):
    name, data, expected = cases[case]
    path = tmp_path / name
    path.write_bytes(data)
    outcome = CliRunner().invoke(cli, ["score", str(path), "--format", "json"])
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.exception
    if expected == "result":
        assert outcome.exit_code == 0, outcome.output
        _check_result(json.loads(outcome.stdout))
    else:
        assert outcome.exit_code == 2
        _check_error(outcome.stderr, expected)


@pytest.fixture(scope="module")
def web(seeded_db_path):
    with TestClient(make_app(seeded_db_path)) as client:
        yield client


@pytest.mark.parametrize("case", sorted(_cases()))
def test_web_selfcheck(case, cases, web):
    name, data, expected = cases[case]
    api = web.post("/api/self-check", files={"file": (name, data, "application/octet-stream")})
    token = web.get("/api/session").json()["csrf_token"]
    page = web.post("/sjalvtest", data={"csrf_token": token}, files={"file": (name, data, "application/octet-stream")})
    assert "<script>alert" not in page.text and "Traceback" not in page.text
    if expected == "result":
        assert api.status_code == 200 and page.status_code == 200
        _check_result(api.json())
    else:
        assert 400 <= api.status_code < 500 and api.status_code == page.status_code
        _check_error(api.json()["detail"], expected)
        assert expected in page.text


def _rows(db_path) -> dict[str, int]:
    with sqlite3.connect(db_path) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("document", "file_blob", "scoring_run", "item_score")}


def test_web_import_stores_the_good_and_reports_the_bad(cases, fresh_db_path):
    before = _rows(fresh_db_path)
    with TestClient(make_app(fresh_db_path)) as client:
        token = api_login(client, "granskare1").json()["csrf_token"]
        files = [("files", (name, data, "application/octet-stream")) for name, data, _ in cases.values()]
        response = client.post("/api/import", files=files, headers={"X-CSRF-Token": token})
    assert response.status_code == 200, response.text
    summary = response.json()
    good = {name for name, _, expected in cases.values() if expected == "result"}
    failed = {entry["file"]: entry["reason"] for entry in summary["failed"]}
    assert set(summary["imported"]) == good
    for name, _, expected in cases.values():
        if expected != "result":
            _check_error(failed[name], expected)
    after = _rows(fresh_db_path)
    assert after["document"] == after["file_blob"] - before["file_blob"] + before["document"] == before["document"] + len(good)
    assert after["item_score"] - before["item_score"] == 17 * len(good)


# --- the worker limits ---------------------------------------------------------------------------------


def _slow(*args, limits):
    import time

    time.sleep(30)


def _greedy(*args, limits):
    return bytearray(limits.max_memory * 2)


def test_a_parse_over_the_time_limit_is_stopped():
    with pytest.raises(errors.ParseTimeout, match="tidsgränsen på 0.5 sekunder"):
        run_limited(_slow, limits=Limits(max_seconds=0.5))


def test_a_parse_over_the_memory_cap_is_stopped():
    with pytest.raises(errors.TooComplex, match="mer minne än tillåtet"):
        run_limited(_greedy, limits=Limits(max_memory=300_000_000))


# The reuse of a parse child is observed from a separate, single-threaded Python (pytest's own process may
# be running threads, and then every parse gets a fresh child): it prints the pid that served each call.
_REUSE_SCRIPT = """
import os, sys
from auditor.parsers import Limits, errors
from auditor.jobs import run_limited

def pid(*args, limits):
    return os.getpid()

def fail(*args, limits):
    raise errors.TooManyPages(3, 2)

def grow(*args, limits):
    block = bytearray(limits.max_memory // 3)  # zero-filled, so resident: a third of the cap
    return os.getpid()

limits = Limits()
for step in sys.argv[1:]:
    if step == "fail":
        try:
            run_limited(fail, limits=limits)
        except errors.TooManyPages:
            print("fail", flush=True)
    else:
        print(step, run_limited({"pid": pid, "grow": grow}[step], limits=limits), flush=True)
if os.environ.get("WAIT"):
    import time
    time.sleep(60)
"""


def _served_by(*steps: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _REUSE_SCRIPT, *steps], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return [line.split()[-1] for line in done.stdout.splitlines()]


_ORPHAN_SCRIPT = """
import multiprocessing, time
from auditor.jobs import _serve
from auditor.parsers import Limits

def slow(*args, limits):
    time.sleep(0.5)
    return "klart"

def child_of_the_job_server(theirs, ours):
    ours.close()  # as a forkserver's child, it holds only its own end
    _serve(theirs)

ours, theirs = multiprocessing.Pipe()
child = multiprocessing.get_context("fork").Process(target=child_of_the_job_server, args=(theirs, ours))
child.start()
theirs.close()
ours.send((slow, (), Limits()))
ours.close()  # the caller is gone (a killed server) before the job ends
child.join(10)
print(child.exitcode)
"""


def test_a_parse_child_whose_caller_is_gone_ends_quietly():
    done = subprocess.run([sys.executable, "-c", _ORPHAN_SCRIPT], capture_output=True, text=True, timeout=60)
    assert (done.stdout.strip(), done.stderr) == ("0", ""), "the child died with a traceback"


def test_a_single_threaded_process_keeps_its_parse_child_for_the_next_document():
    first, second, third = _served_by("pid", "pid", "pid")
    assert first == second == third


def test_a_parse_child_is_replaced_after_an_error_and_after_growing_much():
    before, _, after_error, grown, after_growth = _served_by("pid", "fail", "pid", "grow", "pid")
    assert before != after_error
    assert after_error == grown != after_growth


def test_a_kept_parse_child_ends_when_its_process_is_killed():
    process = subprocess.Popen([sys.executable, "-c", _REUSE_SCRIPT, "pid"], stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "WAIT": "1"})
    child = int(process.stdout.readline().split()[-1])
    os.kill(child, 0)  # alive while its process waits
    process.kill()
    process.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.1)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # an exited child not yet reaped by init is a zombie
        return stat.read().split()[2] != "Z"


def test_forkserver_children_find_the_main_scripts_imports_loaded(tmp_path):
    # Each forkserver child runs the main script again; what that script imports must already be loaded in
    # the server, or every web self-check pays for importing it. The module logs each time it is imported.
    (tmp_path / "logged_import.py").write_text(
        "import os\nwith open(os.environ['IMPORT_LOG'], 'a') as log:\n    log.write(f'{os.getpid()}\\n')\n"
        "def helper():\n    pass\n"
    )
    (tmp_path / "draft.txt").write_text(AGREEMENT, encoding="utf-8")
    script = tmp_path / "server.py"
    script.write_text(
        "import threading, time\nfrom logged_import import helper\n"
        "if __name__ == '__main__':\n"
        "    from auditor.jobs import parse_isolated\n"
        "    threading.Thread(target=time.sleep, args=(30,), daemon=True).start()  # as in the web server\n"
        "    for _ in range(3):\n"
        f"        parse_isolated({str(tmp_path / 'draft.txt')!r})\n"
    )
    log = tmp_path / "imports.log"
    env = {**os.environ, "IMPORT_LOG": str(log), "PYTHONPATH": str(tmp_path)}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert len(log.read_text().split()) == 2  # the script's process and the forkserver; none per child


def test_parse_errors_come_back_as_themselves(tmp_path):
    with pytest.raises(errors.TooManyPages, match="3 sidor"):
        parse_isolated(_pdf(3), "tre.pdf", limits=Limits(max_pages=2))


@pytest.mark.parametrize("setting", [("AUDITOR_PARSE_SECONDS", "0"), ("AUDITOR_PARSE_MB", "1")])
def test_limits_reach_the_web_import_and_the_cli(setting, fresh_db_path, tmp_path, monkeypatch):
    monkeypatch.setenv(*setting)
    expected = "tidsgränsen" if setting[0] == "AUDITOR_PARSE_SECONDS" else "mer minne"
    text = AGREEMENT * 2000  # 3 MB: parsing it needs memory beyond what the child starts with
    with TestClient(make_app(fresh_db_path)) as client:
        response = client.post("/api/self-check", files={"file": ("u.txt", text.encode(), "text/plain")})
        assert response.status_code == 413 and expected in response.json()["detail"]
        before = _rows(fresh_db_path)
        token = api_login(client, "granskare1").json()["csrf_token"]
        imported = client.post("/api/import", files=[("files", ("u.txt", text.encode(), "text/plain"))],
                               headers={"X-CSRF-Token": token}).json()
        assert imported["imported"] == [] and expected in imported["failed"][0]["reason"]
        assert _rows(fresh_db_path) == before
    path = tmp_path / "u.txt"
    path.write_text(text, encoding="utf-8")
    outcome = CliRunner().invoke(cli, ["score", str(path)])
    assert outcome.exit_code == 2 and expected in outcome.stderr
