"""`auditor report`: one kvalitetsrapport (kommun or län) to a file."""

from __future__ import annotations

from pathlib import Path

import click

from auditor.cli.common import UserError, db_option
from auditor.reports import FORMATS, build_report
from auditor.store.db import open_db


@click.command("report")
@click.option("--kommun", help="Rapport för en kommun: baslinje → reviderad, punkt för punkt.")
@click.option("--lan", help="Rapport för ett län: inventering, värmekarta och stödbehov.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="html", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Utfil (standard: kvalitetsrapport-NAMN.FORMAT).")
@db_option
def report_command(kommun, lan, fmt, output, db_file):
    """Skriv en kvalitetsrapport (HTML, Word eller PDF) för en kommun eller ett län.

    Example: auditor report --lan Skåne --format pdf"""
    if (kommun is None) == (lan is None):
        raise UserError("Ange antingen --kommun eller --lan.")
    report = build_report(open_db(db_file), kommun=kommun, lan=lan, fmt=fmt)
    path = Path(output or report.file_name)
    path.write_bytes(report.content)
    click.echo(f"Rapporten är sparad i {path}.")


COMMANDS = [report_command]
