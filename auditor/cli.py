"""The `auditor` command: a thin click layer over the library functions."""

from __future__ import annotations

import click

from auditor import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def cli() -> None:
    """Granskaren: kvalitetsgranskning av samverkansöverenskommelser och medborgarlöften."""


def main() -> None:
    cli()
