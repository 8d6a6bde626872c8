"""One exit-code policy across the command groups: every user error exits 2 with a Swedish message and no
traceback, and never click's English "Error:"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli

AUDITOR = str(Path(sys.executable).with_name("auditor"))


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("exit")
    (folder / "trasig.docx").write_bytes(b"PK\x03\x04 inte en zip")
    (folder / "checklista.yaml").write_text("items: [", encoding="utf-8")
    (folder / "manifest.yaml").write_text("documents:\n  - file: a.pdf\n    doc_type: avtal\n", encoding="utf-8")
    (folder / "utkast.txt").write_text("Samverkansöverenskommelse för Åkerby kommun.", encoding="utf-8")
    return folder


# (arguments, environment, a part of the Swedish message); {f} is the folder of files above
USER_ERRORS = [
    (["parse", "{f}/saknas.pdf"], {}, "saknas.pdf: "),
    (["score", "{f}/trasig.docx"], {}, "trasig.docx: "),
    (["parse", "{f}/utkast.txt"], {"AUDITOR_MAX_MB": "abc"}, "AUDITOR_MAX_MB ”abc” är inget tal från 0 och uppåt"),
    (["checklist", "lint", "{f}/checklista.yaml"], {}, "Fel: "),
    (["evaluate", "{f}/manifest.yaml"], {}, "manifest.yaml: "),
    (["documents", "Atlantis", "--db", "{f}/g.db"], {}, "Fel: Kommunen ”Atlantis” finns inte"),
    (["review", "999", "R1", "--score", "2", "--db", "{f}/g.db"], {}, "Fel: Dokument 999 finns inte"),
    (["inventory", "--db", "{f}/saknas/g.db"], {}, "Fel: mappen"),
    (["report", "--kommun", "Atlantis", "--db", "{f}/g.db"], {}, "Fel: Kommunen ”Atlantis” finns inte"),
    (["report", "--db", "{f}/g.db"], {}, "Fel: Ange antingen --kommun eller --lan"),
    (["user", "add", "karin", "--role", "kommun", "--kommun", "Atlantis", "--password-stdin", "--db", "{f}/g.db"],
     {}, "Fel: Kommunen ”Atlantis” finns inte"),
    (["notify-mail", "--db", "{f}/g.db"], {"AUDITOR_SMTP_HOST": None}, "Fel: Ingen e-postserver är inställd"),
    (["notify-mail", "--db", "{f}/g.db"], {"AUDITOR_SMTP_HOST": "localhost", "AUDITOR_SMTP_PORT": "tjugofem"},
     "Fel: AUDITOR_SMTP_PORT ”tjugofem” är inget portnummer"),
    (["serve", "--db", "{f}/g.db"], {"AUDITOR_PUBLIC_READ": "kanske"}, "Fel: AUDITOR_PUBLIC_READ ”kanske”"),
    (["serve", "--db", "{f}/g.db"], {"AUDITOR_JOBS": "0"}, "Fel: AUDITOR_JOBS ”0” är inget heltal från 1 och uppåt"),
]


@pytest.mark.parametrize(("args", "env", "message"), USER_ERRORS)
def test_a_user_error_exits_2_with_a_swedish_message(files, args, env, message):
    result = CliRunner().invoke(cli, [arg.format(f=files) for arg in args], env=env, input="")
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output and "Error:" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_wrong_setting_is_refused_by_the_installed_command(files):
    done = subprocess.run([AUDITOR, "score", str(files / "utkast.txt")], capture_output=True, text=True,
                          env={**os.environ, "AUDITOR_PARSE_SECONDS": "snart"})
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "Fel: AUDITOR_PARSE_SECONDS ”snart” är inget tal från 0 och uppåt: rätta värdet eller " \
                          "ta bort variabeln.\n"

