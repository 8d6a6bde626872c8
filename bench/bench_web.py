"""Web benchmark. Budgets: self-check of a 20-page PDF ≤ 1 s server time; the län overview and a kommun
page ≤ 100 ms with all 290 kommuner and 1,000 documents in the database.

    .venv/bin/python bench/bench_web.py [--documents 1000] [--runs 20]

The database is filled through the store's own functions with real AuditResults (a few generated
agreements scored by the rule engine, reused across the 1,000 rows). Requests go through FastAPI's
TestClient, so the figures are the application's time without network.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from web_support import agreement_text, make_app, small_pdf  # noqa: E402

from auditor.engine.scoring import score_document  # noqa: E402
from auditor.jobs import start_job_server  # noqa: E402
from auditor.parsers import parse_bytes  # noqa: E402
from auditor.store.db import open_db  # noqa: E402
from auditor.store.documents import StoredFile, store_scored_document  # noqa: E402
from auditor.store.manifest import ManifestEntry  # noqa: E402

SELF_CHECK_BUDGET, PAGE_BUDGET = 1.0, 0.100
SO, ML = "samverkansoverenskommelse", "medborgarlofte"


def fill(db_path: Path, documents: int) -> None:
    db = open_db(db_path)
    results = [
        score_document(parse_bytes(agreement_text(name, 2019 + n, revised=n % 2 == 1).encode(), f"{name}.txt"),
                       doc_type=SO if n < 4 else ML)
        for n, name in enumerate(("Alfa", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"))
    ]
    kommuner = list(db.query("SELECT k.name, l.name AS lan FROM kommun k JOIN lan l ON l.id = k.lan_id ORDER BY k.id"))
    for number in range(documents):
        kommun = kommuner[number % len(kommuner)]
        result = results[number % len(results)]
        round_ = number // len(kommuner)  # 0, 1, 2 …: the kommun's first, second … document
        version = "baseline" if round_ == 0 else "revised" if round_ == 1 else None
        period = f"{2016 + 3 * round_}-{2018 + 3 * round_}"
        entry = ManifestEntry(None, Path("."), kommun["name"], kommun["lan"], result.document.doc_type,
                              version, period, None)
        content = f"syntetiskt dokument {number}".encode()
        store_scored_document(db, StoredFile(hashlib.sha256(content).hexdigest(), f"dok{number}.txt", content),
                              result, entry=entry, actor="bench")
    db.conn.close()


def timed(client: TestClient, runs: int, method: str, url: str, **kwargs) -> tuple[float, float]:
    """(first request, median of the following runs) in seconds."""
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        response = client.request(method, url, **kwargs)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
    return times[0], statistics.median(times[1:])


def twenty_page_pdf() -> bytes:
    text = "\n\n".join(agreement_text(f"Kommun{n}", 2020, revised=True) for n in range(28))
    data = small_pdf(text)
    pages = parse_bytes(data, "utkast.pdf").pages
    assert 18 <= pages <= 22, pages
    return data


def measure(documents: int = 1000, runs: int = 20) -> list[tuple[str, float, float, float]]:
    """(label, budget, first request, median) in seconds for the self-check and the overview/kommun pages."""
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        started = time.perf_counter()
        fill(db_path, documents)
        print(f"Databas: {documents} dokument i 290 kommuner, fylld på {time.perf_counter() - started:.1f} s")
        client = TestClient(make_app(db_path))
        start_job_server()  # as `auditor serve` does before it takes requests
        pdf = twenty_page_pdf()
        checks = [
            ("Självtest, 20 sidor PDF (POST /api/self-check)", SELF_CHECK_BUDGET,
             ("POST", "/api/self-check"), {"files": {"file": ("utkast.pdf", pdf, "application/pdf")}}),
            ("Länsöversikt Västra Götalands län (49 kommuner)", PAGE_BUDGET,
             ("GET", "/lan?lan=V%C3%A4stra%20G%C3%B6talands%20l%C3%A4n"), {}),
            ("Länsöversikt Skåne län, förändring per område", PAGE_BUDGET,
             ("GET", "/lan?lan=Sk%C3%A5ne%20l%C3%A4n&version=forandring&visa=omraden&sortera=total"), {}),
            ("Kommunsida Göteborg", PAGE_BUDGET, ("GET", "/kommun/G%C3%B6teborg"), {}),
            ("Kommunsida Malmö", PAGE_BUDGET, ("GET", "/kommun/Malm%C3%B6"), {}),
        ]
        return [(label, budget, *timed(client, max(3, runs // 4) if method == "POST" else runs, method, url,
                                       **kwargs))
                for label, budget, (method, url), kwargs in checks]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    failed = False
    for label, budget, first, median in measure(args.documents, args.runs):
        ok = median <= budget
        failed |= not ok
        print(f"{label}: median {median * 1000:.0f} ms (första {first * 1000:.0f} ms), "
              f"gräns {budget * 1000:.0f} ms {'OK' if ok else 'ÖVER GRÄNSEN'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
