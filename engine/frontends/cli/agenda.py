"""``followup agenda``: what to do next for every application in a tracker's CSV export or JSON Lines.

Each row is planned with :func:`engine.advise` at one ``now``; a bad row is reported on
stderr with its number and field, the others are still shown, and the exit code is 2
at the end. The rendering is :mod:`engine.report.agenda`'s.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone

import click

from ...api import advise
from ...errors import FollowupError, ProfileError, SituationError
from ...evaluation.situation import parse_datetime
from ...language.catalog import Catalog
from ...report.agenda import Entry, Failure, agenda_dict, entry_for, render_agenda_ics, render_agenda_text
from ...vocabulary import LANGUAGES
from .agenda_input import Row, read_rows
from .common import choose_backend, exits, fail, open_catalog, profile_folders, profiles_option

__all__ = ["agenda_command"]


@click.command("agenda")
@click.argument("file", metavar="FILE")
@click.option("--now", metavar="DATETIME",
              help="Plan as of this moment (each employer's local time unless it has an offset; default: now).")
@click.option("--days", type=click.IntRange(1, 366), default=7, show_default=True, help="Days ahead to list by day.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ics"]), default="text", show_default=True)
@click.option("--no-drafts", "no_drafts", is_flag=True, help="Leave out what to say (text and ics).")
@click.option("--language", metavar="TAG", help="The drafts' language for the rows that name none (default: each "
              "employer's country's; en: its English).")
@profiles_option
@exits
def agenda_command(file: str, now: str | None, days: int, fmt: str, no_drafts: bool, language: str | None,
                   profile_dirs: tuple[str, ...]) -> int:
    """The next action of every application in FILE (CSV with a header row, or JSON Lines), in time order."""
    moment: str | datetime = datetime.now(timezone.utc) if now is None else now
    if now is not None:
        try:
            parse_datetime(now, "--now", timezone.utc)
        except SituationError as error:
            fail(str(error))
    if language is not None and language.lower() not in {tag.lower() for tag in LANGUAGES}:
        fail(f"--language: unsupported language {language!r}; accepted: {', '.join(LANGUAGES)}")
    backend = choose_backend()
    catalog = open_catalog(profile_folders(profile_dirs))
    rows, warnings = read_rows(file)
    for warning in warnings:
        click.echo(f"followup: warning: {warning}", err=True)
    entries: list[Entry] = []
    failures: list[Failure] = []
    with click.progressbar(rows, label="agenda", file=sys.stderr, hidden=not sys.stderr.isatty()) as bar:
        for row in bar:
            if language is not None and not row.error and not row.situation.get("language"):
                row.situation["language"] = language
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
        data = render_agenda_text(entries, days, drafts=drafts).encode()
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    for failure in failures:
        where = f"{failure.field}: " if failure.field else ""
        click.echo(f"followup: {file}: row {failure.row}: {where}{failure.message}", err=True)
    if failures:
        click.echo(f"followup: {len(failures)} of {len(rows)} rows had errors and are not in the agenda", err=True)
        return 2
    return 0


def _plan(row: Row, now: str | datetime, catalog: Catalog, backend: str, days: int) -> Entry | Failure:
    if row.error:
        return Failure(row.number, row.field, row.error)
    try:
        plan = advise(row.situation, now=now, profiles=catalog, backend=backend)
    except SituationError as error:
        return Failure(row.number, error.field, error.message)
    except ProfileError as error:
        return Failure(row.number, "industry", str(error))
    except FollowupError as error:
        return Failure(row.number, "", str(error))
    return entry_for(row.number, plan, days)
