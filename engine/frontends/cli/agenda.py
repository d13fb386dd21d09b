"""``followup agenda``: what to do next for every application in a tracker's export
(CSV, an .xlsx workbook, or JSON Lines).

Each row is planned with :func:`engine.advise` at one ``now``; ``--timezone``,
``--country`` and ``--industry`` fill the fields a row lacks, as with ``advise --input``.
A bad row is reported on stderr with its number and field (and a "did you mean" hint
where there is one), the others are still shown, and the exit code is 2 at the end.
The rendering is :mod:`engine.report.agenda`'s; its text shows each time on the
candidate's clock (``--my-timezone``, default this machine's) with the employer's beside it.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone

import click

from ...api import advise
from ...errors import FollowupError, ProfileError, SituationError
from ...evaluation.situation import parse_datetime, zone_named
from ...language.catalog import Catalog
from ...report.agenda import Entry, Failure, agenda_dict, entry_for, render_agenda_ics, render_agenda_text
from .agenda_input import Row, read_rows
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
              help="Plan as of this moment (each employer's local time unless it has an offset; default: now).")
@click.option("--days", type=click.IntRange(1, 366), default=7, show_default=True, help="Days ahead to list by day.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ics"]), default="text", show_default=True)
@click.option("--no-drafts", "no_drafts", is_flag=True, help="Leave out what to say (text and ics).")
@click.option("--timezone", "zone", metavar="ZONE", shell_complete=complete_zone,
              help="Employer's IANA time zone for rows that give none.")
@click.option("--country", metavar="CODE", help="Public holidays of this country for rows that give none.")
@click.option("--industry", metavar="ID", shell_complete=complete_industry,
              help="Profile id for rows that give none (default: general).")
@click.option("--my-timezone", "my_timezone", metavar="ZONE", shell_complete=complete_zone,
              help="Your own time zone: text shows each time on your clock, the employer's beside it "
                   "(default: this machine's).")
@profiles_option
@exits
def agenda_command(file: str, now: str | None, days: int, fmt: str, no_drafts: bool, zone: str | None,
                   country: str | None, industry: str | None, my_timezone: str | None,
                   profile_dirs: tuple[str, ...]) -> int:
    """The next action of every application in FILE (CSV or .xlsx with a header row, or JSON Lines), in time order."""
    moment: str | datetime = datetime.now(timezone.utc) if now is None else now
    if now is not None:
        try:
            parse_datetime(now, "--now", timezone.utc)
        except SituationError as error:
            fail(str(error))
    mine = my_zone(my_timezone)
    if zone is not None:
        try:
            zone_named(zone, "--timezone")
        except SituationError as error:
            fail(str(error))
    backend = choose_backend()
    catalog = open_catalog(profile_folders(profile_dirs))
    rows, warnings = read_rows(file)
    for warning in [*warnings, *_shared_refs(file, rows)]:
        click.echo(f"followup: warning: {warning}", err=True)
    given = (("timezone", zone), ("country", country), ("industry", industry.lower() if industry else None))
    defaults = {key: value for key, value in given if value is not None}
    if defaults:
        rows = [Row(row.number, with_defaults(row.situation, defaults)) if not row.error else row for row in rows]
    entries: list[Entry] = []
    failures: list[Failure] = []
    with click.progressbar(rows, label="agenda", file=sys.stderr, hidden=not sys.stderr.isatty()) as bar:
        for row in bar:
            planned = _plan(row, moment, catalog, backend, days)
            if isinstance(planned, Failure):
                failures.append(planned)
            else:
                entries.append(planned)
    drafts = not no_drafts
    if fmt == "json":
        data = (json.dumps(agenda_dict(entries, failures, days), indent=2, ensure_ascii=False) + "\n").encode()
    elif fmt == "ics":
        today = (moment if isinstance(moment, datetime) else parse_datetime(moment, "--now", timezone.utc)).date()
        data = render_agenda_ics(entries, today, drafts=drafts)
    else:
        data = render_agenda_text(entries, days, drafts=drafts, my_zone=mine).encode()
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    for failure in failures:
        where = f"{failure.field}: " if failure.field else ""
        click.echo(f"followup: {file}: row {failure.row}: {where}{failure.message}", err=True)
    if failures:
        click.echo(f"followup: {len(failures)} of {len(rows)} rows had errors and are not in the agenda", err=True)
        return 2
    return 0


def _shared_refs(file: str, rows: list[Row]) -> list[str]:
    """A warning for each ``ref`` two or more rows give: a ref names one application, and
    a calendar would take their events for one application's."""
    numbers: dict[str, list[int]] = {}
    for row in rows:
        ref = row.situation.get("ref")
        if isinstance(ref, str) and ref.strip():
            numbers.setdefault(ref.strip(), []).append(row.number)
    found = []
    for ref, where in numbers.items():
        if len(where) > 1:
            shown = where[:5] if len(where) > 6 else where[:-1]
            last = f"{len(where) - len(shown)} more" if len(where) > 6 else str(where[-1])
            listed = ", ".join(map(str, shown)) + f" and {last}"
            found.append(f"{file}: rows {listed} have the same ref {ref!r}; give each application its own "
                         "ref, so that each has its own events in a calendar")
    return found


def _plan(row: Row, now: str | datetime, catalog: Catalog, backend: str, days: int) -> Entry | Failure:
    if row.error:
        return Failure(row.number, row.field, row.error)
    try:
        plan = advise(row.situation, now=now, profiles=catalog, backend=backend)
    except SituationError as error:
        hint = f" (did you mean {error.suggestion!r}?)" if error.suggestion else ""
        return Failure(row.number, error.field, error.message + hint)
    except ProfileError as error:
        return Failure(row.number, "industry", str(error))
    except FollowupError as error:
        return Failure(row.number, "", str(error))
    return entry_for(row.number, plan, days)
