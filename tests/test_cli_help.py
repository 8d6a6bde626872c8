"""Every command and command group of `auditor` shows an example in its help."""

from __future__ import annotations

import click

from auditor.cli import cli


def commands(command: click.Command, path: str):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from commands(sub, f"{path} {name}")


def test_every_command_has_an_example():
    missing = [path for path, command in commands(cli, "auditor") if "Example: auditor" not in (command.help or "")
               and "Example: AUDITOR_" not in (command.help or "")]
    assert missing == []
