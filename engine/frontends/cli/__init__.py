"""The ``followup`` command: parse, build, run, return an exit code.

The only part of the package that prints or exits. One module per command, each a
function returning an exit code (0 ok, 1 problems found in profiles or a failing
profile test, 2 bad usage or bad input), run by :func:`.common.exits`, the one place
that turns a failure into a line on stderr.
"""

from __future__ import annotations

import importlib
import os
import platform

import click

from ...evaluation.backends import durable_problem
from .common import ENV_BACKEND, ENV_PROFILES, Failure, choose_backend

__all__ = ["ENV_BACKEND", "ENV_PROFILES", "main"]

# Each command by name: its module (in this package)
# and the command in it. A command's module, and all that it imports, loads only when that
# command runs (or ``--help`` lists them all): ``followup advise`` never imports the
# server, the agenda's spreadsheet reader or the profile tester.
COMMANDS = {
    "advise": ("advise", "advise_command"),
    "agenda": ("agenda", "agenda_command"),
    "validate": ("validate", "validate_command"),
    "profiles": ("profiles", "profiles_command"),
    "schema": ("schema", "schema_command"),
    "test": ("test", "test_command"),
    "serve": ("serve", "serve_command"),
    "init": ("init", "init_command"),
}


class _Commands(click.Group):
    """A group whose commands are imported when they are used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        known = COMMANDS.get(cmd_name)
        if known is None or cmd_name in self.commands:
            return super().get_command(ctx, cmd_name)
        module, name = known
        command = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        assert isinstance(command, click.Command)
        self.add_command(command, cmd_name)
        return command


def _version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``--version``: this package's version, and which evaluator plans here and why."""
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import PackageNotFoundError, version

    click.echo(f"followup, version {version('followup-etiquette')}")
    try:
        name = choose_backend()  # a bad or unusable $FOLLOWUP_BACKEND fails here as everywhere
    except Failure as failure:
        click.echo(f"followup: error: {failure.message}", err=True)
        ctx.exit(failure.code)
    if name == "durable":
        try:
            label = f"durable-rules {version('durable_rules')}"
        except PackageNotFoundError:  # pragma: no cover - it runs, so it is installed
            label = "durable-rules"
    else:
        label = "built in"
    why = (f"forced by {ENV_BACKEND}" if os.environ.get(ENV_BACKEND, "").strip()
           else "the default here")
    line = (f"evaluator: {name} ({label}; {why}) on {platform.python_implementation()} "
            f"{platform.python_version()}")
    problem = durable_problem()
    if problem is not None:
        line += f"; durable-rules cannot run here: {problem}"
    click.echo(line)
    ctx.exit()


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version and which evaluator plans (durable-rules or the built-in "
                   "one), then exit.")
def main() -> None:
    """When and how to follow up after a job interview, from etiquette profiles."""

