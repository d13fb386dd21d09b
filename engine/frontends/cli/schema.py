"""``followup schema NAME``: print a shipped JSON Schema."""

from __future__ import annotations

import click

from ...language.schema import SCHEMA_NAMES
from ...resources import schema_path
from .common import exits

__all__ = ["schema_command"]


@click.command("schema")
@click.argument("name", type=click.Choice(SCHEMA_NAMES))
@exits
def schema_command(name: str) -> int:
    """Print a JSON Schema: profile, situation or plan."""
    click.echo(schema_path(name).read_text(encoding="utf-8"), nl=False)
    return 0
