"""`auditor serve`, `user add` and `notify-mail`: the web service, its accounts and its e-mail."""

from __future__ import annotations

import signal
import sys

import click
import uvicorn

from auditor import settings
from auditor.cli.common import UserError, db_option
from auditor.jobs import start_job_server
from auditor.store.accounts import ROLES, add_user
from auditor.store.db import open_db
from auditor.store.places import require_kommun
from auditor.store.sql import current_actor
from auditor.web.app import create_app
from auditor.web.mail import send_pending


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Adress att lyssna på.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port att lyssna på.")
def serve_command(db_file, host, port):
    """Starta webbtjänsten (länsöversikt, dokument, självtest, granskning och API).

    Example: auditor serve --db data/granskaren.db --port 8000"""
    settings.check()  # a wrong setting stops the start, not a request later
    app = create_app(db_file)
    start_job_server()  # what the first self-check would otherwise wait for: the job server and one warm child
    click.echo(f"Granskaren körs på http://{host}:{port}/ (avsluta med Ctrl+C)")
    # uvicorn stops gracefully on SIGTERM and then raises the signal again; with the default handler that
    # would end the process without exit handlers, leaving the job server's socket folder behind
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    uvicorn.run(app, host=host, port=port, log_level="warning")


@click.group("user")
def user_group():
    """Användarkonton för webbtjänsten.

    Example: auditor user add karin --role kommun --kommun Åkerby"""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="admin, granskare eller kommun.")
@click.option("--kommun", help="Kommunen som ett konto med rollen kommun hör till.")
@click.option("--email", help="E-postadress för notiser (valfritt; se auditor notify-mail).")
@click.option("--password-stdin", is_flag=True, help="Läs lösenordet från standard in i stället för att fråga.")
@db_option
def user_add_command(name, role, kommun, email, password_stdin, db_file):
    """Skapa ett konto (lösenordet lagras som scrypt-hash med eget salt).

    Example: auditor user add karin --role kommun --kommun Åkerby
    """
    db = open_db(db_file)
    # a wrong role or kommun is refused before the password is asked for
    if role == "kommun" and not (kommun or "").strip():
        raise UserError("Rollen kommun kräver en kommun: ange --kommun, t.ex. --kommun Åkerby.")
    if kommun:
        require_kommun(db, kommun)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Lösenord", hide_input=True, confirmation_prompt="Upprepa lösenordet")
    add_user(db, name, role, password, actor=current_actor(), kommun=kommun, email=email)
    click.echo(f"Användaren {name} ({role}{f', {kommun}' if kommun else ''}) är skapad.")


@click.command("notify-mail")
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True,
              help="Tjänstens adress, för länkarna i e-posten.")
@db_option
def notify_mail_command(base_url, db_file):
    """Skicka nya notiser per e-post till konton med e-postadress (AUDITOR_SMTP_HOST, _PORT, _FROM, _USER,
    _PASSWORD, _STARTTLS). Kör t.ex. varje minut från cron; notiser som redan skickats skickas inte igen.

    Example: AUDITOR_SMTP_HOST=smtp.lansstyrelsen.se auditor notify-mail --base-url https://granskaren.example.se
    """
    smtp = settings.smtp()
    if smtp is None:
        raise UserError("Ingen e-postserver är inställd: sätt AUDITOR_SMTP_HOST (och vid behov _PORT, _FROM, "
                        "_USER, _PASSWORD, _STARTTLS). Notiserna finns alltid på /notiser.")
    click.echo(f"Skickade {send_pending(open_db(db_file), smtp, base_url)} notiser per e-post.")


COMMANDS = [serve_command, user_group, notify_mail_command]
