"""`auditor serve` as a user starts it: a multi-file web import that answers, a hostile self-check that
neither stalls the server nor outlives its limit, and SIGTERM that stops everything and leaves nothing.

The server runs in its own session, so every process it starts (job children, the forkserver, tesseract)
can be found afterwards by its session id.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from process_support import wait_until_gone
from web_support import PASSWORD, agreement_text, free_port, wait_for_job

AUDITOR = str(Path(sys.executable).parent / "auditor")


def _serve(db: Path, temp: Path, parse_seconds: int = 4) -> tuple[str, subprocess.Popen]:
    """`auditor serve` on `db` in its own session, once it answers: (base url, process)."""
    env = {**os.environ, "TMPDIR": str(temp), "AUDITOR_PARSE_SECONDS": str(parse_seconds)}
    port = free_port()
    process = subprocess.Popen([AUDITOR, "serve", "--db", str(db), "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(url + "/api/overview", timeout=1)
            break
        except httpx.TransportError:
            assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
    return url, process


def _add_user(db: Path) -> None:
    subprocess.run([AUDITOR, "user", "add", "granskare1", "--role", "granskare", "--password-stdin", "--db", str(db)],
                   input=PASSWORD + "\n", text=True, check=True, capture_output=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture
def server(tmp_path):
    """A running `auditor serve` with one granskare; yields (base url, process, its temp folder)."""
    db, temp = tmp_path / "served.db", tmp_path / "tmp"
    temp.mkdir()
    _add_user(db)
    url, process = _serve(db, temp)
    yield url, process, temp
    _stop(process)


def _logged_in(url: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=60)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/logga-in").text).group(1)
    answer = client.post("/logga-in", data={"csrf_token": token, "name": "granskare1", "password": PASSWORD,
                                             "nasta": "/lan"})
    assert answer.status_code == 303, "the login failed"
    return client


def test_web_import_of_several_files_answers_and_sigterm_leaves_nothing(server):
    url, process, temp = server
    client = _logged_in(url)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/import").text).group(1)
    files = [("files", (f"{kommun}.txt", agreement_text(kommun, 2023, revised=True).encode(), "text/plain"))
             for kommun in ("Lund", "Ystad", "Osby")]
    started = time.monotonic()
    answer = client.post("/import", data={"csrf_token": token}, files=files)
    assert answer.status_code == 303 and time.monotonic() - started < 5, "the import did not answer at once"
    page = wait_for_job(client, answer.headers["location"])
    assert page.count("Läst och bedömd") == 3
    for kommun in ("Lund", "Ystad", "Osby"):
        assert re.search(rf'<a href="/dokument/\d+">{kommun}.txt</a></th>\s*<td>Läst och bedömd</td>\s*<td>{kommun}, ', page)
    assert not list(temp.glob("granskaren-*")), "the uploads were left in the temp folder"
    assert not list((temp.parent / "importjobb").iterdir()), "the job's uploads were left in the data folder"

    process.send_signal(signal.SIGTERM)
    process.wait(timeout=15)
    assert wait_until_gone(process.pid) == {}, "processes of the server outlived it"
    assert not list(temp.iterdir())


def test_what_a_killed_server_leaves_in_the_temp_folder_the_next_one_removes(tmp_path):
    db, temp = tmp_path / "served.db", tmp_path / "tmp"
    temp.mkdir()
    _add_user(db)
    url, process = _serve(db, temp)
    os.kill(process.pid, signal.SIGKILL)  # `kill -9 PID`: the server alone, its children die with it
    process.wait()
    assert wait_until_gone(process.pid, seconds=15) == {}, "processes of the server outlived it"
    assert list(temp.iterdir()), "a killed server cleans nothing up itself"

    url, process = _serve(db, temp)
    try:
        assert httpx.get(url + "/api/overview", timeout=10).status_code == 200
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
        assert wait_until_gone(process.pid) == {}
    finally:
        _stop(process)
    assert not list(temp.iterdir()), "the killed server's files (multiprocessing's pymp-* folder too) stayed"


@pytest.mark.slow
def test_an_import_interrupted_by_a_server_stop_is_shown_and_resumed_after_a_restart(tmp_path):
    db, temp = tmp_path / "served.db", tmp_path / "tmp"
    temp.mkdir()
    _add_user(db)
    url, process = _serve(db, temp, parse_seconds=120)
    heavy = ("Samverkansöverenskommelse. Polisen och kommunen ska minska bostadsinbrotten i Västra Ekby med "
             "20 procent till 2025 och följa upp arbetet två gånger per år. " * 30_000).encode()  # ~4.5 MB
    files = [("files", ("Lund.txt", agreement_text("Lund", 2023, revised=True).encode(), "text/plain")),
             ("files", ("tung1.txt", heavy, "text/plain")), ("files", ("tung2.txt", heavy + b" ", "text/plain"))]
    try:
        client = _logged_in(url)
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/import").text).group(1)
        job = client.post("/import", data={"csrf_token": token}, files=files).headers["location"]
        deadline = time.monotonic() + 60
        while "Läst och bedömd" not in (page := client.get(job).text):  # the small file is done, the heavy run
            assert time.monotonic() < deadline, "the first file was not imported"
            time.sleep(0.2)
        assert '<meta http-equiv="refresh"' in page and "Importen pågår: 1 av 3 filer klara" in page
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
        assert wait_until_gone(process.pid) == {}, "processes of the server outlived it"
    finally:
        _stop(process)
    assert len(list((tmp_path / "importjobb").glob("*/filer/tung*.txt"))) == 2, "the waiting uploads were lost"

    url, process = _serve(db, temp, parse_seconds=4)  # the heavy files now run into the time limit
    try:
        client = _logged_in(url)
        page = client.get(job).text
        assert "Importen avbröts" in page and "2 av 3 filer är inte granskade" in page
        assert '<meta http-equiv="refresh"' not in page
        assert f'Importjobb {job.rsplit("/", 1)[1]}</a>' in (listed := client.get("/import").text)
        assert "avbruten, kan fortsättas" in listed
        resumed = client.post(job + "/fortsatt", data={"csrf_token": re.search(
            r'name="csrf_token" value="([^"]+)"', page).group(1)})
        assert resumed.status_code == 303 and resumed.headers["location"] == job
        page = wait_for_job(client, job)
    finally:
        _stop(process)
    assert re.search(r'Lund.txt</a></th>\s*<td>Läst och bedömd</td>\s*<td>Lund, Skåne län', page)
    for name in ("tung1.txt", "tung2.txt"):
        assert re.search(rf"{name}</th>\s*<td><strong>Kunde inte läsas:</strong> [^<]*tidsgränsen på 4 sekunder", page)
    assert not list((tmp_path / "importjobb").iterdir()), "the job's uploads were left in the data folder"
    with sqlite3.connect(db) as conn:
        assert [row[0] for row in conn.execute("SELECT file_name FROM document")] == ["Lund.txt"]


def test_a_slow_self_check_is_stopped_at_its_limit_while_the_server_answers_others(server):
    url, process, _ = server
    heavy = ("Samverkansöverenskommelse. Polisen och kommunen ska minska bostadsinbrotten i Västra Ekby med "
             "20 procent till 2025 och följa upp arbetet två gånger per år. " * 30_000).encode()  # ~4.5 MB
    outcome: dict = {}

    def self_check() -> None:
        started = time.monotonic()
        response = httpx.post(url + "/api/self-check", files={"file": ("utkast.txt", heavy, "text/plain")},
                              timeout=60)
        outcome.update(status=response.status_code, detail=response.json().get("detail", ""),
                       seconds=time.monotonic() - started)

    thread = threading.Thread(target=self_check)
    thread.start()
    time.sleep(1.0)  # the job is running in its child by now
    waits = []
    while thread.is_alive() and len(waits) < 10:
        started = time.monotonic()
        assert httpx.get(url + "/api/overview", timeout=10).status_code == 200
        waits.append(time.monotonic() - started)
        time.sleep(0.2)
    thread.join(60)
    assert outcome["status"] == 413 and "tidsgränsen på 4 sekunder" in outcome["detail"]
    assert outcome["seconds"] < 10
    assert waits and max(waits) < 1.0
