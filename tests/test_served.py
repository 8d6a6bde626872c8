"""`auditor serve` as a user starts it: a multi-file web import that answers, a hostile self-check that
neither stalls the server nor outlives its limit, and SIGTERM that stops everything and leaves nothing.

The server runs in its own session, so every process it starts (job children, the forkserver, tesseract)
can be found afterwards by its session id.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from process_support import wait_until_gone
from web_support import PASSWORD, agreement_text, free_port

AUDITOR = str(Path(sys.executable).parent / "auditor")


@pytest.fixture
def server(tmp_path):
    """A running `auditor serve` with one granskare; yields (base url, process, its temp folder)."""
    db, temp = tmp_path / "served.db", tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "AUDITOR_PARSE_SECONDS": "4"}
    subprocess.run([AUDITOR, "user", "add", "granskare1", "--role", "granskare", "--password-stdin", "--db", str(db)],
                   input=PASSWORD + "\n", text=True, check=True, env=env, capture_output=True)
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
    yield url, process, temp
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


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
    assert answer.status_code == 200 and time.monotonic() - started < 30
    assert re.search(r"<dt>Importerade</dt><dd>3</dd>", answer.text)
    assert not list(temp.glob("granskaren-*")), "the uploads were left in the temp folder"

    process.send_signal(signal.SIGTERM)
    process.wait(timeout=15)
    assert wait_until_gone(process.pid) == {}, "processes of the server outlived it"
    assert not list(temp.iterdir())


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
