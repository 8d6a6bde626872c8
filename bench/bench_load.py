"""Load and soak benchmark against a real `auditor serve` on 127.0.0.1 with its own temporary database.
Targets: no errors from 50 concurrent self-checks of a 20-page PDF while a web import of 20 files runs,
none from 1,000 mixed requests, and the server's memory at the end within 10 % of that after the warm-up.

    .venv/bin/python bench/bench_load.py [--clients 50] [--files 20] [--soak 1000] [--limit 600]

Memory is the resident size summed over the server's whole process tree (its session: the forkserver and
the job children), sampled every 100 ms. A login in the soak counts as one request (GET and POST /api/session).
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from web_support import PASSWORD, agreement_text  # noqa: E402

from bench.bench_import import is_scan, replicate  # noqa: E402
from bench.bench_web import twenty_page_pdf  # noqa: E402

SAMPLES = ROOT / "corpus_samples"
AUDITOR = str(Path(sys.executable).parent / "auditor")
USER, KOMMUN = "granskare1", "Åkerby"  # Åkerby: the kommun of the first sample file
TIMEOUT, THREADS, MB = 120.0, 4, 1024 * 1024


class TimeLimit(Exception):
    """The whole run took longer than its limit (not an OSError, which httpx would turn into its own)."""


def tree_rss(session: int) -> int:
    """Bytes resident in all processes whose session id is `session`."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process has ended
            continue
        if int(fields[3]) == session:  # fields from the state on: state ppid pgrp session …, rss is the 22nd
            total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    return total


def start(tmp: Path) -> tuple[subprocess.Popen, str]:
    """`auditor serve` on a free port of 127.0.0.1, in its own session, with a granskare; (process, url)."""
    db, env = tmp / "last.db", {**os.environ, "TMPDIR": str(tmp)}
    subprocess.run([AUDITOR, "user", "add", USER, "--role", "granskare", "--password-stdin", "--db", str(db)],
                   input=PASSWORD + "\n", text=True, check=True, env=env, capture_output=True, timeout=60)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([AUDITOR, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            httpx.get(url + "/api/overview", timeout=1)
            return server, url
        except httpx.TransportError:
            if server.poll() is not None:
                raise RuntimeError(f"auditor serve ended at start (exit {server.returncode})") from None
            time.sleep(0.2)


def stop(server: subprocess.Popen) -> None:
    server.terminate()  # SIGTERM: the server ends its job children and the forkserver itself
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def parallel(function, items, workers: int) -> list:
    """`function` over `items` in `workers` threads, results in order."""
    pool = ThreadPoolExecutor(workers)
    try:
        return list(pool.map(function, items))
    finally:  # on the time limit: do not wait for requests that the stopped server will end anyway
        pool.shutdown(wait=False, cancel_futures=True)


def status(method: str, url: str, **kwargs) -> int:
    """The answer's status; 0 for no answer (a timeout or a closed connection)."""
    try:
        return httpx.request(method, url, timeout=TIMEOUT, **kwargs).status_code
    except httpx.HTTPError:
        return 0


def login(client: httpx.Client) -> tuple[int, str]:
    """Log `client` in as the granskare as an API client does: the login's status and the new CSRF token."""
    token = client.get("/api/session").json()["csrf_token"]
    answer = client.post("/api/session", data={"name": USER, "password": PASSWORD}, headers={"X-CSRF-Token": token})
    return answer.status_code, answer.json().get("csrf_token", "")


def import_uploads(tmp: Path, files: int) -> list[tuple[str, tuple[str, bytes | str]]]:
    """`files` distinct copies of the sample corpus's files (no scans) and a manifest naming their kommuner,
    which are fictitious and so not found by the import on its own."""
    samples = sorted(p for p in (SAMPLES / "files").iterdir()
                     if p.is_file() and not p.name.startswith(".") and not is_scan(p))
    copies = replicate(samples, tmp / "import", files)
    known = {d["id"]: d for d in yaml.safe_load((SAMPLES / "manifest.yaml").read_text(encoding="utf-8"))["documents"]}
    entries = [{"file": p.name, **{key: known[p.stem.rsplit("_kopia", 1)[0]][key] for key in ("kommun", "lan")}}
               for p in copies]
    manifest = yaml.safe_dump({"documents": entries}, allow_unicode=True)
    return [("files", (p.name, p.read_bytes())) for p in copies] + [("manifest", ("manifest.yaml", manifest))]


def load(url: str, session: int, clients: int, files: int, tmp: Path) -> dict:
    pdf, uploads = twenty_page_pdf(), import_uploads(tmp, files)
    client = httpx.Client(base_url=url, timeout=TIMEOUT)
    token = login(client)[1]

    def self_check() -> tuple[float, int]:
        started = time.perf_counter()
        code = status("POST", url + "/api/self-check", files={"file": ("utkast.pdf", pdf, "application/pdf")})
        return time.perf_counter() - started, code

    def web_import() -> tuple[float, httpx.Response]:
        started = time.perf_counter()
        answer = client.post("/api/import", files=uploads, headers={"X-CSRF-Token": token})
        return time.perf_counter() - started, answer

    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], tree_rss(session))

    threading.Thread(target=sample, daemon=True).start()
    try:  # the import is sent first, so the self-checks arrive while it runs
        results = parallel(lambda job: job(), [web_import] + [self_check] * clients, clients + 1)
    finally:
        done.set()
        client.close()
    (import_seconds, answer), checks = results[0], results[1:]
    times = sorted(seconds for seconds, _ in checks)  # p95: nearest rank
    summary = answer.json() if answer.status_code == 200 else {}
    return {"p50": statistics.median(times), "p95": times[math.ceil(0.95 * len(times)) - 1],
            "errors": [code for _, code in checks if code != 200], "import_seconds": import_seconds,
            "import_status": answer.status_code, "imported": len(summary.get("imported", [])),
            "import_failed": len(summary.get("failed", [])), "peak_rss": peak[0]}


def soak(url: str, session: int, count: int) -> dict:
    """`count` requests cycling over the mix from THREADS threads; memory after the first tenth and at the end."""
    kommun = httpx.get(f"{url}/api/kommun/{KOMMUN}", timeout=TIMEOUT)
    if kommun.status_code != 200:
        raise RuntimeError(f"no {KOMMUN} after the import: {kommun.text[:200]}")
    document = kommun.json()["groups"][0]["documents"][0]["id"]
    text = agreement_text("Lund", 2023, revised=True)

    def log_in() -> int:
        with httpx.Client(base_url=url, timeout=TIMEOUT) as client:
            try:
                return login(client)[0]
            except httpx.HTTPError:
                return 0

    mix = [lambda: status("GET", url + "/lan"), lambda: status("GET", url + "/api/overview"),
           lambda: status("GET", f"{url}/kommun/{KOMMUN}"), lambda: status("GET", f"{url}/dokument/{document}"),
           lambda: status("POST", url + "/api/self-check", data={"text": text}), log_in]

    def run(numbers: range) -> list[int]:
        parts = parallel(lambda k: [mix[n % len(mix)]() for n in numbers[k::THREADS]], range(THREADS), THREADS)
        return [code for part in parts for code in part]

    warm_up = count // 10
    codes = run(range(warm_up))
    start_rss = tree_rss(session)
    codes += run(range(warm_up, count))
    return {"soak_errors": [code for code in codes if code != 200], "start_rss": start_rss,
            "end_rss": tree_rss(session)}


def measure(clients: int = 50, files: int = 20, requests: int = 1000, limit: float = 600.0) -> dict:
    """Self-check latency, errors, import seconds and memory under load; memory and errors over the soak."""
    def time_up(*_) -> None:
        raise TimeLimit(f"the benchmark took longer than its limit of {limit:.0f} s")

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, limit)
    server = None
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        try:
            server, url = start(Path(tmp))
            return {**load(url, server.pid, clients, files, Path(tmp)), **soak(url, server.pid, requests)}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if server is not None:
                stop(server)


def errors(codes: list[int]) -> str:
    """"0", or the count and the statuses ("3 (503, 0 = inget svar)")."""
    named = ", ".join(f"{code} = inget svar" if code == 0 else str(code) for code in sorted(set(codes)))
    return f"{len(codes)} ({named})" if codes else "0"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--soak", type=int, default=1000)
    parser.add_argument("--limit", type=float, default=600.0, help="seconds for the whole run")
    args = parser.parse_args()
    try:
        f = measure(args.clients, args.files, args.soak, args.limit)
    except (TimeLimit, RuntimeError, httpx.HTTPError) as err:
        sys.exit(f"Stopped: {err} (the server has been stopped)")
    table = [
        (f"Självtest 20 sidor PDF, {args.clients} samtidiga under importen", f"p50 {f['p50'] * 1000:.0f} ms, "
         f"p95 {f['p95'] * 1000:.0f} ms"),
        ("Fel bland självtesterna (mål 0)", errors(f["errors"])),
        (f"Webbimport {args.files} filer (POST /api/import)", f"{f['import_seconds']:.1f} s (status "
         f"{f['import_status']}, importerade {f['imported']}, misslyckade {f['import_failed']})"),
        ("Högsta minne, serverns processträd under lasten", f"{f['peak_rss'] / MB:.0f} MB"),
        (f"Uthållighet {args.soak} blandade anrop ({THREADS} trådar), fel (mål 0)", errors(f["soak_errors"])),
        ("Minne efter uppvärmning / vid slutet (mål 0.90–1.10)",
         f"{f['start_rss'] / MB:.0f} MB / {f['end_rss'] / MB:.0f} MB = {f['end_rss'] / f['start_rss']:.2f}"),
    ]
    width = max(len(label) for label, _ in table)
    print(f"\n| {'Mätning'.ljust(width)} | Resultat |\n|{'-' * (width + 2)}|---|")
    for label, value in table:
        print(f"| {label.ljust(width)} | {value} |")
    ok = not f["errors"] and not f["soak_errors"] and f["import_status"] == 200
    sys.exit(0 if ok and abs(f["end_rss"] / f["start_rss"] - 1) <= 0.1 else 1)


if __name__ == "__main__":
    main()
