"""``followup agenda``: what to do next for every application in a tracker's CSV export or JSON Lines.

Each row is planned with :func:`engine.advise` at one ``now``; a bad row is reported on
stderr with its number and field, the others are still shown, and the exit code is 2
at the end. The rendering is :mod:`engine.report.agenda`'s. Rows are read and planned
one at a time, and only what the agenda prints is kept of each.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import click

from ...api import advise
from ...errors import FollowupError, ProfileError, SituationError
from ...evaluation.situation import parse_datetime
from ...language.catalog import Catalog
from ...report.agenda import AGENDA_FORMATS, Agenda
from .agenda_input import Row, count_rows, read_rows
from .common import choose_backend, exits, fail, open_catalog, profile_folders, profiles_option

__all__ = ["agenda_command"]


@click.command("agenda")
@click.argument("file", metavar="FILE")
@click.option("--now", metavar="DATETIME",
              help="Plan as of this moment (each employer's local time unless it has an offset; default: now).")
@click.option("--days", type=click.IntRange(1, 366), default=7, show_default=True, help="Days ahead to list by day.")
@click.option("--format", "fmt", type=click.Choice(AGENDA_FORMATS), default="text", show_default=True)
@click.option("--no-drafts", "no_drafts", is_flag=True, help="Leave out what to say (text and ics).")
@profiles_option
@exits
def agenda_command(file: str, now: str | None, days: int, fmt: str, no_drafts: bool,
                   profile_dirs: tuple[str, ...]) -> int:
    """The next action of every application in FILE (CSV with a header row, or JSON Lines), in time order."""
    moment: str | datetime = datetime.now(timezone.utc) if now is None else now
    try:
        # Each row's plan reads a --now without an offset in its employer's zone; the calendar's day is UTC's.
        today = parse_datetime(moment, "--now", timezone.utc).date()
    except SituationError as error:
        fail(str(error))
    backend = choose_backend()
    catalog = open_catalog(profile_folders(profile_dirs))
    rows, warnings = read_rows(file)
    for warning in warnings:
        click.echo(f"followup: warning: {warning}", err=True)
    built = Agenda(fmt, days, today, drafts=not no_drafts)
    try:
        total = count_rows(file) if sys.stderr.isatty() else None
        with click.progressbar(rows, length=total, label="agenda", file=sys.stderr, hidden=total is None) as bar:
            for row in bar:
                _plan(built, row, moment, catalog, backend)
        for chunk in built.chunks():
            sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
    finally:
        built.close()
    for failure in built.failures:
        where = f"{failure.field}: " if failure.field else ""
        click.echo(f"followup: {file}: row {failure.row}: {where}{failure.message}", err=True)
    if built.failures:
        count = built.planned + len(built.failures)
        click.echo(f"followup: {len(built.failures)} of {count} rows had errors and are not in the agenda", err=True)
        return 2
    return 0


def _plan(agenda: Agenda, row: Row, now: str | datetime, catalog: Catalog, backend: str) -> None:
    if row.error:
        agenda.fail(row.number, row.field, row.error)
        return
    try:
        plan = advise(row.situation, now=now, profiles=catalog, backend=backend)
    except SituationError as error:
        agenda.fail(row.number, error.field, error.message)
    except ProfileError as error:
        agenda.fail(row.number, "industry", str(error))
    except FollowupError as error:
        agenda.fail(row.number, "", str(error))
    else:
        agenda.add(row.number, plan)
