"""The ``followup`` command: parse, build, run, return an exit code.

The only part of the package that prints or exits. One module per command, each a
function returning an exit code (0 ok, 1 problems found in profiles or a failing
profile test, 2 bad usage or bad input), run by :func:`.common.exits`, the one place
that turns a failure into a line on stderr.
"""

from __future__ import annotations

import os
import platform

import click

from ...evaluation.backends import durable_problem
from .advise import advise_command
from .agenda import agenda_command
from .common import ENV_BACKEND, ENV_PROFILES, Failure, choose_backend
from .init import init_command
from .profiles import profiles_command
from .schema import schema_command
from .serve import serve_command
from .test import test_command
from .validate import validate_command

__all__ = ["ENV_BACKEND", "ENV_PROFILES", "main"]


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
    why = f"forced by {ENV_BACKEND}" if os.environ.get(ENV_BACKEND, "").strip() else "the default here"
    line = f"evaluator: {name} ({label}; {why}) on {platform.python_implementation()} {platform.python_version()}"
    problem = durable_problem()
    if problem is not None:
        line += f"; durable-rules cannot run here: {problem}"
    click.echo(line)
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version and which evaluator plans (durable-rules or the built-in one), then exit.")
def main() -> None:
    """When and how to follow up after a job interview, from etiquette profiles."""


for _command in (advise_command, agenda_command, validate_command, profiles_command, schema_command, test_command,
                 serve_command, init_command):
    main.add_command(_command)
