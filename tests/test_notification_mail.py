"""Optional e-mail of notifications: `auditor notify-mail` hands each account with an address its new
notifications over SMTP (here a small SMTP server in the test), once; without AUDITOR_SMTP_HOST, or with a
server that does not answer, it says so in Swedish and sends nothing twice."""

from __future__ import annotations

import email
import email.policy
import socket
import socketserver
import threading
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from web_support import PASSWORD, seed

from auditor.cli import cli
from auditor.store.accounts import add_user
from auditor.store.db import open_db
from auditor.store.reviews import add_review
from auditor.store.rounds import create_round


class SmtpHandler(socketserver.StreamRequestHandler):
    """Enough of SMTP for smtplib: every command is accepted, every message body is kept."""

    def handle(self) -> None:
        self.wfile.write(b"220 test\r\n")
        body: list[bytes] | None = None
        while line := self.rfile.readline():
            if body is not None:
                if line == b".\r\n":
                    self.server.messages.append(email.message_from_bytes(
                        b"".join(body), policy=email.policy.default))  # type: ignore[attr-defined]
                    body = None
                    self.wfile.write(b"250 ok\r\n")
                else:
                    body.append(line[1:] if line.startswith(b"..") else line)
                continue
            command = line[:4].upper()
            if command == b"DATA":
                body = []
                self.wfile.write(b"354 go on\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpHandler)
    server.messages = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def notify_mail(db_file: str, env: dict):
    return CliRunner().invoke(cli, ["notify-mail", "--base-url", "https://granskaren.test/", "--db", db_file],
                              env={"AUDITOR_SMTP_HOST": None, **env})


def test_notifications_are_mailed_once_to_accounts_with_an_address(smtp_server, tmp_path):
    db_file = str(tmp_path / "mail.db")
    db = open_db(db_file)
    seed(db)
    add_user(db, "karin", "kommun", PASSWORD, actor="test", kommun="Lund", email="karin@lund.se")
    add_user(db, "olle", "kommun", PASSWORD, actor="test", kommun="Ystad")  # no address: the web only
    lund = db.execute("SELECT id FROM document WHERE file_name = 'lund_2022.txt'").fetchone()[0]
    add_review(db, lund, reviewer="granskare1", item_id="O1", comment="Orsakerna saknas.")
    create_round(db, "Inventering 2026", (date.today() + timedelta(days=9)).isoformat(), actor="granskare1")
    env = {"AUDITOR_SMTP_HOST": "127.0.0.1", "AUDITOR_SMTP_PORT": str(smtp_server.server_address[1]),
           "AUDITOR_SMTP_FROM": "granskaren@lansstyrelsen.test"}

    first = notify_mail(db_file, env)
    assert first.exit_code == 0 and "Skickade 2 notiser" in first.output
    messages = smtp_server.messages
    assert [m["To"] for m in messages] == ["karin@lund.se", "karin@lund.se"]
    assert messages[0]["From"] == "granskaren@lansstyrelsen.test"
    assert messages[0]["Subject"].startswith("Granskaren: Ny granskning om punkt O1")
    assert f"https://granskaren.test/dokument/{lund}#punkt-O1" in messages[0].get_content()
    assert "Inventering 2026" in messages[1]["Subject"]
    again = notify_mail(db_file, env)
    assert again.exit_code == 0 and "Skickade 0 notiser" in again.output and len(messages) == 2


def test_without_a_server_nothing_is_sent_and_the_reason_is_swedish(tmp_path):
    db_file = str(tmp_path / "mail.db")
    db = open_db(db_file)
    seed(db)
    add_user(db, "karin", "kommun", PASSWORD, actor="test", kommun="Lund", email="karin@lund.se")
    create_round(db, "Inventering 2026", date.today().isoformat(), actor="granskare1")
    unset = notify_mail(db_file, {})
    assert unset.exit_code == 2 and "sätt AUDITOR_SMTP_HOST" in unset.output
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = notify_mail(db_file, {"AUDITOR_SMTP_HOST": "127.0.0.1", "AUDITOR_SMTP_PORT": str(port)})
    assert down.exit_code == 2 and "kunde inte ta emot notiserna" in down.output
    assert db.execute("SELECT count(*) FROM notification WHERE mailed_at IS NULL").fetchone()[0] == 1
    bad_port = notify_mail(db_file, {"AUDITOR_SMTP_HOST": "127.0.0.1", "AUDITOR_SMTP_PORT": "tjugofem"})
    assert bad_port.exit_code == 2 and "inget portnummer" in bad_port.output


def test_an_address_must_look_like_one(tmp_path):
    result = CliRunner().invoke(cli, ["user", "add", "karin", "--role", "admin", "--email", "karin.lund.se",
                                      "--password-stdin", "--db", str(tmp_path / "u.db")], input=PASSWORD + "\n")
    assert result.exit_code == 2 and "ingen e-postadress" in result.output
