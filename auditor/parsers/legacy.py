"""Legacy Word (.doc): converted to DOCX by LibreOffice in headless mode, then read as DOCX.

LibreOffice is optional (a large Debian package, libreoffice-writer-nogui): without it a .doc gets a Swedish
message naming the alternative. The conversion runs in the parse's own process group, so the job's time and
memory limits (auditor/jobs.py) cover it, and in a temporary folder that is removed whatever happens.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from auditor.document import Document
from auditor.parsers import errors
from auditor.parsers.docx import parse_docx
from auditor.parsers.ocr import die_with_parent

_WHAT = "Word-filen (.doc)"
_CONVERTED = (
    "Dokumentet är i det äldre Word-formatet (.doc) och har konverterats till DOCX med LibreOffice innan det lästes."
)
_RESTART = 81  # LibreOffice's exit code for "start me again"


def converter() -> Path | None:
    """LibreOffice's office process itself: started directly (not through the soffice launcher script), a
    timeout or the end of the parse ends the process that does the work."""
    launcher = shutil.which("soffice") or shutil.which("libreoffice")
    if launcher is None:
        return None
    program = Path(launcher).resolve().parent / "soffice.bin"
    return program if program.exists() else Path(launcher)


def parse_doc(path: Path, sha256: str, limits) -> Document:
    program = converter()
    if program is None:
        raise errors.LegacyWordWithoutConverter()
    with tempfile.TemporaryDirectory(prefix="granskaren-doc-") as folder:
        work = Path(folder)
        source = work / "dokument.doc"
        shutil.copyfile(path, source)
        command = [
            str(program), "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            f"-env:UserInstallation={(work / 'profil').as_uri()}",  # its own profile: no shared state, no lock
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "ut"), str(source),
        ]
        deadline = time.monotonic() + limits.max_seconds
        try:
            for _ in range(2):  # the first start in a new profile sets the profile up and asks to be restarted
                done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, check=False,
                                      timeout=max(deadline - time.monotonic(), 1), preexec_fn=die_with_parent)
                if done.returncode != _RESTART:
                    break
        except subprocess.TimeoutExpired as exc:
            raise errors.ParseTimeout(limits.max_seconds) from exc
        converted = work / "ut" / "dokument.docx"
        if not converted.exists():
            raise errors.CorruptFile(_WHAT, "LibreOffice kunde inte konvertera den")
        document = parse_docx(converted, sha256, limits)
    return dataclasses.replace(
        document, path=str(path), format="doc",
        warnings=[_CONVERTED, *document.warnings],
    )
