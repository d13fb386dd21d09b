"""``followup advise``: one situation from flags or a file, or many from JSON Lines (see :mod:`.batch`)."""

from __future__ import annotations

import itertools
import os
import signal
import sys
from functools import partial
from typing import Any

import click

from ...api import advise
from ...errors import FollowupError, ProfileError, SituationError
from ...evaluation.backends import BACKENDS
from ...language.catalog import Catalog
from ...report.formats import PLAN_FORMATS, Reading, render_plan
from ...vocabulary import CHANNELS, LANGUAGES, PURPOSES
from .batch import (
    MAX_INPUT,
    advise_many,
    input_name,
    is_object,
    open_input,
    read_document,
    read_lines,
    with_defaults,
)
from .common import (
    ENV_BACKEND,
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
from .output import write_file

__all__ = ["advise_command"]


def _write(data: bytes, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_file(output, [data])


def _replaces_input(input_path: str, output: str) -> bool:
    """Would writing ``output`` replace the input file? (A terminal or pipe for both is fine.)"""
    try:
        return os.path.isfile(output) and os.path.samefile(input_path, output)
    except OSError:  # the input cannot be read: its own error says so
        return False


class _Stopped(BaseException):
    """A signal asking the command to stop; unwinds like Ctrl-C, so no half-written file is left."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise _Stopped(signum)


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _contacts(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[dict[str, str]] | None:
    """``--contact T=call`` or ``T=call:status``, repeated: the situation's ``contacts`` (None when not given)."""
    contacts = []
    for value in values:
        at, _, how = value.rpartition("=") if "=" in value else (value, "", "email")
        channel, _, purpose = how.partition(":")
        if not at.strip() or channel not in CHANNELS or (purpose and purpose not in PURPOSES):
            raise click.BadParameter(f"{value!r}: give DATETIME=call or DATETIME=email, optionally with what it was "
                                     f"for ({', '.join(PURPOSES)}), e.g. 2026-11-24T10:00=call:status", ctx, param)
        contact = {"at": at.strip(), "channel": channel}
        if purpose:
            contact["purpose"] = purpose
        contacts.append(contact)
    return contacts or None


@click.command("advise")
@click.option("--interview", metavar="DATETIME", help="Interview start, ISO 8601 (e.g. 2026-11-20T14:00).")
@click.option("--timezone", "zone", metavar="ZONE", shell_complete=complete_zone,
              help="Employer's IANA time zone (e.g. America/New_York).")
@click.option("--industry", metavar="ID", shell_complete=complete_industry, help="Profile id (default: general).")
@click.option("--purpose", type=click.Choice(PURPOSES), help="One step only; default: the whole sequence.")
@click.option("--country", metavar="CODE", help="Public holidays of this country (US, GB, US-NY, DE-BY...).")
@click.option("--promised-reply-by", metavar="DATE", help="Date the employer said it would answer by.")
@click.option("--competing-offer-deadline", metavar="DATE", help="Date another offer expires.")
@click.option("--heard-back", is_flag=True, default=None, help="The employer already answered.")
@click.option("--traditional", is_flag=True, default=None, help="The employer is old-school.")
@click.option("--contact", "contacts", multiple=True, metavar="DATETIME=call|email[:PURPOSE]", callback=_contacts,
              help="An earlier follow-up, e.g. 2026-11-24T10:00=call (without =...: an e-mail), with what it "
                   "was for if you like (2026-11-24T10:00=call:status); repeatable.")
@click.option("--now", metavar="DATETIME", help="Plan as of this moment (default: the current time).")
@click.option("--ref", metavar="TEXT", help="Your id for the application, echoed in the plan.")
@click.option("--company", metavar="NAME", help="The employer's name, for the drafts.")
@click.option("--role", metavar="TEXT", help="The position applied for, for the drafts.")
@click.option("--interviewer", metavar="NAME", help="The interviewer's name, for the drafts.")
@click.option("--candidate", metavar="NAME", help="Your name, for the drafts.")
@click.option("--first-choice", "first_choice", is_flag=True, default=None,
              help="This role is your first choice: an offer's drafts say so (they never claim it otherwise).")
@click.option("--language", metavar="TAG", help=f"The plan's language (drafts and text): {', '.join(LANGUAGES)} "
              "(default: the employer's country's; en: its English).")
@click.option("--input", "input_path", metavar="FILE|-",
              help="Read a situation (JSON/YAML), or JSON Lines of many, from FILE or stdin. The situation "
                   "flags above then fill only the fields a situation lacks (its own fields win); JSON Lines "
                   "in gives JSON Lines out.")
@click.option("--output", "output", metavar="FILE", help="Write here (atomically) instead of stdout.")
@click.option("--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Plan JSON Lines in this many processes (0: one per CPU); the output is the same.")
@click.option("--dask", "dask_address", metavar="local:N|tcp://HOST:PORT",
              help="Plan the JSON Lines files --input 'GLOB' matches on a Dask cluster (local:N: N worker "
                   "processes here), each into --output-dir. Needs the [scale] extra.")
@click.option("--output-dir", metavar="DIR", help="With --dask: where each input's plans go, under its name.")
@click.option("--format", "fmt", type=click.Choice(list(PLAN_FORMATS)), default=None,
              help="Output format. Default: text, or json (JSON Lines) for JSON Lines input.")
@click.option("--no-drafts", "no_drafts", is_flag=True, help="Leave out what to say (text and ics; JSON keeps it).")
@click.option("--my-timezone", "my_timezone", metavar="ZONE", shell_complete=complete_zone,
              help="Your own IANA time zone: the text's first line adds your time where your clock differs from "
                   "the employer's. Default: this machine's zone.")
@click.option("--explain", is_flag=True, help="Text: list every rule that shaped each step, not only those that "
                                               "decided its best time (JSON always has them all).")
@click.option("--backend", type=click.Choice(BACKENDS), default=None,
              help=f"Evaluator: durable (durable-rules) or python (built in); default: durable-rules where it runs, "
                   f"else python. Also read from ${ENV_BACKEND}.")
@profiles_option
@exits
def advise_command(**options: Any) -> int:
    """Plan the follow-up of one interview (or of many with --input)."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _stop)
    try:
        return _advise(**options)
    except (KeyboardInterrupt, _Stopped) as stop:
        output = options["output"]
        writing = output is not None and output != "-"
        click.echo("followup: interrupted; no output file was written" if writing else "followup: interrupted",
                   err=True)
        return 128 + stop.signum if isinstance(stop, _Stopped) else 130


def _advise(
    *, my_timezone: str | None = None, explain: bool = False,
    interview: str | None, zone: str | None, industry: str | None, purpose: str | None, country: str | None,
    promised_reply_by: str | None, competing_offer_deadline: str | None, heard_back: bool | None,
    traditional: bool | None, contacts: list[dict[str, str]] | None, now: str | None, ref: str | None,
    company: str | None, role: str | None, interviewer: str | None, candidate: str | None,
    first_choice: bool | None, language: str | None, input_path: str | None, output: str | None,
    fmt: str | None, no_drafts: bool, backend: str | None, profile_dirs: tuple[str, ...],
    jobs: int = 1, dask_address: str | None = None, output_dir: str | None = None,
) -> int:
    flags = {
        "interview": interview, "timezone": zone, "industry": industry, "purpose": purpose, "country": country,
        "promised_reply_by": promised_reply_by, "competing_offer_deadline": competing_offer_deadline,
        "heard_back": heard_back, "traditional": traditional, "contacts": contacts, "ref": ref, "company": company,
        "role": role, "interviewer": interviewer, "candidate": candidate, "first_choice": first_choice,
        "language": language,
    }
    given = {key: value for key, value in flags.items() if value is not None}
    if input_path not in (None, "-") and output not in (None, "-") and _replaces_input(input_path, output):
        fail(f"--output {output} is the --input file; write the plans to another file")
    reading = Reading(not no_drafts, explain, my_zone(my_timezone))
    backend = choose_backend(backend)
    folders = profile_folders(profile_dirs)
    catalog = open_catalog(folders)
    if dask_address is not None or output_dir is not None:
        return _on_cluster(input_path, output_dir, dask_address, output, jobs, fmt, given, now, backend, folders)
    if input_path is None:
        if "interview" not in given:
            fail("give --interview (and --timezone), or --input FILE")
        return _advise_one(given, now, catalog, fmt or "text", reading, output, backend)
    raw = open_input(input_path)
    try:
        lines = read_lines(raw)
        head: list[tuple[int, bytes | None]] = []
        jsonl = input_path.endswith((".jsonl", ".ndjson"))
        for number, line in lines:  # up to the first line with content
            head.append((number, line))
            if line is None or line.strip():
                break
        if not jsonl and head and head[-1][1] is not None and is_object(head[-1][1]):
            for number, line in lines:  # more content after it makes JSON Lines
                head.append((number, line))
                if line is None or line.strip():
                    jsonl = True
                    break
        if jsonl:
            if fmt not in (None, "json"):
                fail(f"--format {fmt} is for one situation; JSON Lines input gives JSON Lines output (--format json)")
            planner = None
            if jobs != 1:
                from .parallel import cores, plan_in_processes  # multiprocessing loads only for --jobs

                workers = cores() if jobs == 0 else jobs
                if workers > 1:
                    planner = partial(plan_in_processes, jobs=workers, folders=folders, given=given, now=now,
                                      backend=backend)
            return advise_many(itertools.chain(head, lines), given, now, catalog, output, backend, input_path, planner)
        if any(line is None for _, line in head):
            fail(f"{input_name(input_path)}: larger than {MAX_INPUT} bytes; refused")
        data = b"".join(line for _, line in head if line is not None) + raw.read(MAX_INPUT + 1)
        situation = read_document(data, input_path)
        return _advise_one(with_defaults(situation, given), now, catalog, fmt or "text", reading, output, backend)
    finally:
        if input_path != "-":  # the standard input is not ours to close
            raw.close()


def _on_cluster(input_path: str | None, output_dir: str | None, address: str | None, output: str | None, jobs: int,
                fmt: str | None, given: dict[str, Any], now: str | None, backend: str, folders: list[str]) -> int:
    """``--dask`` with ``--output-dir``: every file of an --input pattern, planned on a cluster."""
    if address is None or output_dir is None or input_path in (None, "-"):
        fail("--dask and --output-dir go together, with --input 'GLOB' (JSON Lines files)")
    if output is not None or jobs != 1 or fmt not in (None, "json"):
        fail("--dask writes JSON Lines into --output-dir; leave out --output, --jobs and --format")
    try:
        from .cluster import advise_files  # Dask loads only for a cluster
    except ImportError as error:
        fail(f"--dask needs the [scale] extra (pip install 'followup-etiquette[scale]'): {error}")
    return advise_files(input_path, output_dir, address, given, now, backend, folders)


def _advise_one(situation: dict[str, Any], now: str | None, catalog: Catalog, fmt: str, reading: Reading,
                output: str | None, backend: str) -> int:
    try:
        plan = advise(situation, now=now, profiles=catalog, backend=backend)
    except SituationError as error:
        fail(str(error))
    except ProfileError as error:
        for diagnostic in error.diagnostics:
            click.echo(str(diagnostic), err=True)
        return 1
    except FollowupError as error:
        fail(str(error), 1)
    _write(render_plan(plan, fmt, reading), output)
    return 0


