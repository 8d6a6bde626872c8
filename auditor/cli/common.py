"""What the command modules share: the Swedish user error, the --db option and the common options."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from auditor.parsers import ParseError
from auditor.store.db import db_path


class UserError(click.ClickException):
    """A user error: "Fel: " and the Swedish message on stderr, exit code 2. Click's own would print the
    English "Error:" and exit 1."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"Fel: {self.format_message()}", err=True)


def echo_error(label: str, err: Exception) -> None:
    click.echo(f"{label}: {err}", err=True)


@contextmanager
def exit_on_parse_error(label: str) -> Iterator[None]:
    """A file that cannot be read ends the command with its name, the Swedish message and exit code 2."""
    try:
        yield
    except ParseError as err:
        echo_error(label, err)
        sys.exit(2)


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def db_option(function):
    """The options --db FILE and --create. A database in a folder that does not exist is refused unless
    --create is given: a mistyped path would otherwise silently become a new, empty database. A new file in
    an existing folder is how a new database is made."""

    @click.option(
        "--db",
        "db_file",
        type=click.Path(dir_okay=False),
        help="Databasfil (standard data/granskaren.db, eller miljövariabeln AUDITOR_DB).",
    )
    @click.option("--create", is_flag=True, help="Skapa databasens mapp om den inte finns.")
    @functools.wraps(function)
    def wrapper(*args, create, **kwargs):
        folder = db_path(kwargs["db_file"]).parent
        if not create and not folder.is_dir():
            raise UserError(f"mappen {folder} för databasen finns inte. Kontrollera sökvägen, eller lägg till "
                            "--create för att skapa en ny databas där.")
        return function(*args, **kwargs)

    return wrapper


lan_option = click.option("--lan", help="Begränsa till ett län, t.ex. ”Skåne län” eller ”Skåne”.")
today_option = click.option(
    "--today", type=click.DateTime(["%Y-%m-%d"]), help="Räkna ”aktuell” från detta datum (ÅÅÅÅ-MM-DD) i stället för dagens."
)
