"""``followup agenda``: what to do next for every application in a tracker's export
(CSV, an .xlsx workbook, or JSON Lines).

Each row is planned with :func:`engine.advise` at one ``now``; ``--timezone``,
``--country`` and ``--industry`` fill the fields a row lacks, as with ``advise --input``.
A bad row is reported on stderr with its number and field (and a "did you mean" hint
where there is one), the others are still shown, and the exit code is 2 at the end.
The rendering is :mod:`engine.report.agenda`'s; its text shows each time on the
candidate's clock (``--my-timezone``, default this machine's) with the employer's beside it.
Rows are read and planned one at a time, and only each application's place is kept in memory.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import click

from ...api import advise
from ...errors import FollowupError, ProfileError, SituationError
from ...language.catalog import Catalog
from ...report.agenda import AGENDA_FORMATS, Agenda
from ...situation import parse_datetime
from ...spellings import LANGUAGES
from ...zones import zone_named
from .agenda_input import Row, count_rows, read_rows
from .batch import with_defaults
from .common import (
    choose_backend,
    complete_industry,
    complete_zone,
    exits,
    fail,
    my_zone,
    open_catalog,
    profile_folders,
    profiles_option,
)

__all__ = ["agenda_command"]


@click.command("agenda")
@click.argument("file", metavar="FILE")
@click.option("--now", metavar="DATETIME",
              help="Plan as of this moment (each employer's local time unless it has an offset; "
                   "default: now).")
@click.option("--days", type=click.IntRange(1, 366), default=7, show_default=True,
              help="Days ahead to list by day.")
@click.option("--format", "fmt", type=click.Choice(AGENDA_FORMATS), default="text",
              show_default=True)
@click.option("--no-drafts", "no_drafts", is_flag=True,
              help="Leave out what to say (text and ics).")
@click.option("--timezone", "zone", metavar="ZONE", shell_complete=complete_zone,
              help="Employer's IANA time zone for rows that give none.")
@click.option("--country", metavar="CODE",
              help="Public holidays of this country for rows that give none.")
@click.option("--industry", metavar="ID", shell_complete=complete_industry,
              help="Profile id for rows that give none (default: general).")
@click.option("--language", metavar="TAG",
              help="Your language: the agenda's headings and lines are written in it, and the "
                   "drafts of rows that give none (default: each row's plan's, the employer's "
                   "country's; "
              "en: English).")
@click.option("--my-timezone", "my_timezone", metavar="ZONE", shell_complete=complete_zone,
              help="Your own time zone: text shows each time on your clock, the employer's beside "
                   "it (default: this machine's).")
@profiles_option
@exits
def agenda_command(file: str, now: str | None, days: int, fmt: str, no_drafts: bool,
                   zone: str | None, country: str | None, industry: str | None,
                   language: str | None, my_timezone: str | None,
                   profile_dirs: tuple[str, ...]) -> int:
    """The next action of every application in FILE (CSV or
    .xlsx with a header row, or JSON Lines), in time order."""
    moment: str | datetime = datetime.now(timezone.utc) if now is None else now
    try:
        # Each row's plan reads a --now without an offset in
        # its employer's zone; the calendar's day is UTC's.
        today = parse_datetime(moment, "--now", timezone.utc).date()
    except SituationError as error:
        fail(str(error))
    mine = my_zone(my_timezone)
    if zone is not None:
        try:
            zone_named(zone, "--timezone")
        except SituationError as error:
            fail(str(error))
    if language is not None and language.lower() not in {tag.lower() for tag in LANGUAGES}:
        fail(f"--language: unsupported language {language!r}; accepted: {', '.join(LANGUAGES)}")
    backend = choose_backend()
    catalog = open_catalog(profile_folders(profile_dirs))
    rows, warnings = read_rows(file)
    for warning in warnings:
        click.echo(f"followup: warning: {warning}", err=True)
    given = (("timezone", zone), ("country", country),
             ("industry", industry.lower() if industry else None), ("language", language))
    defaults = {key: value for key, value in given if value is not None}
    built = Agenda(fmt, days, today, drafts=not no_drafts, my_zone=mine, language=language)
    refs: dict[str, list[int]] = {}
    try:
        total = count_rows(file) if sys.stderr.isatty() else None
        with click.progressbar(rows, length=total, label="agenda", file=sys.stderr,
                               hidden=total is None) as bar:
            for row in bar:
                ref = row.situation.get("ref")
                if isinstance(ref, str) and ref.strip():
                    refs.setdefault(ref.strip(), []).append(row.number)
                if defaults and not row.error:
                    row = Row(row.number, with_defaults(row.situation, defaults))
                _plan(built, row, moment, catalog, backend)
        for warning in _shared_refs(file, refs):
            click.echo(f"followup: warning: {warning}", err=True)
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
        click.echo(f"followup: {len(built.failures)} of {count} rows had errors and are not in the "
                   "agenda", err=True)
        return 2
    return 0


def _shared_refs(file: str, numbers: dict[str, list[int]]) -> list[str]:
    """A warning for each ``ref`` two or more rows give: a ref names one application (each row
    still gets events of its own in a calendar, the later ones under UIDs of their own)."""
    found = []
    for ref, where in numbers.items():
        if len(where) > 1:
            shown = where[:5] if len(where) > 6 else where[:-1]
            last = f"{len(where) - len(shown)} more" if len(where) > 6 else str(where[-1])
            listed = ", ".join(map(str, shown)) + f" and {last}"
            found.append(f"{file}: rows {listed} have the same ref {ref!r}; give each application "
                         "its own ref, so that each has its own events in a calendar")
    return found


def _plan(agenda: Agenda, row: Row, now: str | datetime, catalog: Catalog, backend: str) -> None:
    if row.error:
        agenda.fail(row.number, row.field, row.error)
        return
    try:
        plan = advise(row.situation, now=now, profiles=catalog, backend=backend)
    except SituationError as error:
        hint = f" (did you mean {error.suggestion!r}?)" if error.suggestion else ""
        agenda.fail(row.number, error.field, error.message + hint)
    except ProfileError as error:
        agenda.fail(row.number, "industry", str(error))
    except FollowupError as error:
        agenda.fail(row.number, "", str(error))
    else:
        agenda.add(row.number, plan)


