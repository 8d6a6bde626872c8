"""The `auditor` command: a thin click layer over the library functions, one module per command group
(documents, checklist, store, reports, web). No library module imports this package.

Exit codes, the same for every command:

- 0: done.
- 1: the check found problems, where a command is a check (`auditor checklist lint` with findings).
- 2: a user error: a file that cannot be read, an unknown kommun, län or document id, a bad option or setting
  value, an invalid manifest or checklist, a database that cannot be opened. The Swedish message goes to
  stderr ("Fel: …", or the file name and the message), never a traceback. Click's own usage errors (a missing
  argument, a value not among the choices) also exit 2.

The library raises its errors with Swedish messages (`StoreError`, `ParseError`, `SettingError`,
`ChecklistError`, and files that cannot be read or written); the group turns any that a command leaves
unhandled into "Fel: …" and exit code 2.
"""

from __future__ import annotations

import click

from auditor import __version__
from auditor.cli import checklist, documents, reports, store, web
from auditor.cli.common import UserError
from auditor.engine.checklist import ChecklistError
from auditor.parsers import ParseError
from auditor.settings import SettingError
from auditor.store.sql import StoreError

USER_ERRORS = (StoreError, ParseError, SettingError, ChecklistError)


class AuditorGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except USER_ERRORS as err:
            raise UserError(str(err)) from err
        except OSError as err:
            raise UserError(f"filen {err.filename or ''} kunde inte läsas eller skrivas ({err.strerror}).") from err


@click.group(cls=AuditorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def cli() -> None:
    """Granskaren: kvalitetsgranskning av samverkansöverenskommelser och medborgarlöften.

    Example: auditor score utkast.pdf"""


for _module in (documents, checklist, store, reports, web):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    cli()
