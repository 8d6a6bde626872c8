"""Text files as Windows and older editors save them, through `auditor parse` and the web self-check:
UTF-16 with and without a byte-order mark and Windows-1252 keep å, ä and ö; binary content is refused."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import make_app

AUDITOR = str(Path(sys.executable).parent / "auditor")
TEXT = "Lägesbild för Östan\n\nBostadsinbrotten i Ängsby ska minska med 20 procent till och med 2026.\n"
ENCODED = {
    "utf-16-med-bom-le": codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    "utf-16-med-bom-be": codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    "utf-16-le": TEXT.encode("utf-16-le"),
    "utf-16-be": TEXT.encode("utf-16-be"),
    "windows-1252": TEXT.encode("cp1252"),
}
BINARY = {
    "nul": b"Samverkan\x00mellan kommun och polis\n",
    "styrtecken": b"Samverkan " + bytes(range(1, 9)) * 20 + b" mellan kommun och polis\n",
    "bom-och-skrap": codecs.BOM_UTF16_LE + bytes(range(256)) * 8,
}


def parse(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([AUDITOR, "parse", "--json", str(path)], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("encoding", ENCODED)
def test_cli_reads_utf16_and_windows_1252_text(tmp_path, encoding):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(ENCODED[encoding])
    done = parse(path)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert [block["text"] for block in document["blocks"]][:2] == [
        "Lägesbild för Östan", "Bostadsinbrotten i Ängsby ska minska med 20 procent till och med 2026."
    ]
    assert ("Windows-1252" in " ".join(document["warnings"])) == (encoding == "windows-1252")


@pytest.mark.parametrize("kind", BINARY)
def test_cli_refuses_binary_content_with_exit_2(tmp_path, kind):
    path = tmp_path / "utkast.txt"
    path.write_bytes(BINARY[kind])
    done = parse(path)
    assert done.returncode == 2
    assert "utkast.txt: Filen är varken PDF, DOCX eller text: den innehåller binärdata" in done.stderr
    assert "Traceback" not in done.stderr


def test_web_selfcheck_reads_utf16_and_refuses_binary(seeded_db_path):
    with TestClient(make_app(seeded_db_path)) as client:
        read = client.post("/api/self-check", files={"file": ("utkast.txt", ENCODED["utf-16-le"], "text/plain")})
        assert read.status_code == 200 and read.json()["document"]["title"] == "Lägesbild för Östan"
        refused = client.post("/api/self-check", files={"file": ("utkast.txt", BINARY["styrtecken"], "text/plain")})
        assert refused.status_code == 400 and "binärdata" in refused.json()["detail"]
