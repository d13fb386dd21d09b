"""``followup advise``: one situation from flags or a file, or many from JSON Lines."""

from __future__ import annotations

import itertools
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal, TypeVar

import click

from ...api import advise
from ...errors import FollowupError, ProfileError, SituationError
from ...evaluation.backends import BACKENDS
from ...language.catalog import Catalog
from ...report.formats import PLAN_FORMATS, Reading, render_plan
from ...situation_fields import SITUATION_FIELDS
from ...vocabulary import CHANNELS, PURPOSES
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

__all__ = ["AdviseRequest", "advise_command", "build_request"]


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


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


def _contacts(ctx: click.Context, param: click.Parameter,
              values: tuple[str, ...]) -> list[dict[str, str]] | None:
    """``--contact T=call`` or ``T=call:status``, repeated:
    the situation's ``contacts`` (None when not given)."""
    contacts = []
    for value in values:
        at, _, how = value.rpartition("=") if "=" in value else (value, "", "email")
        channel, _, purpose = how.partition(":")
        if not at.strip() or channel not in CHANNELS or (purpose and purpose not in PURPOSES):
            raise click.BadParameter(f"{value!r}: give "
                                     f"{' or '.join(f'DATETIME={name}' for name in CHANNELS)}, "
                                     "optionally with what it was "
                                     f"for ({', '.join(PURPOSES)}), e.g. "
                                     "2026-11-24T10:00=call:status", ctx, param)
        contact = {"at": at.strip(), "channel": channel}
        if purpose:
            contact["purpose"] = purpose
        contacts.append(contact)
    return contacts or None


F = TypeVar("F", bound=Callable[..., Any])


def _situation_options(command: F) -> F:
    """An option for each situation field that has one (``--interview``, ``--timezone``...), in the
    fields' order, as :data:`engine.situation_fields.SITUATION_FIELDS` declares them."""
    for field in reversed(SITUATION_FIELDS.values()):
        if field.option is None:
            continue
        extra: dict[str, Any] = {}
        if field.kind == "purpose":
            extra["type"] = click.Choice(PURPOSES)
        elif field.kind == "flag":
            extra.update(is_flag=True, default=None)
        elif field.kind == "contacts":
            extra.update(multiple=True, callback=_contacts)
        if field.option.complete is not None:
            extra["shell_complete"] = _COMPLETIONS[field.option.complete]
        flag = "--contact" if field.kind == "contacts" else field.flag
        command = click.option(flag, field.name, metavar=field.option.metavar,
                               help=field.option.help, **extra)(command)
    return command


_COMPLETIONS = {"zone": complete_zone, "industry": complete_industry}


@click.command("advise")
@_situation_options
@click.option("--now", metavar="DATETIME",
              help="Plan as of this moment (default: the current time).")
@click.option("--input", "input_path", metavar="FILE|-",
              help="Read a situation (JSON/YAML), or JSON Lines of many, from FILE or stdin. The "
                   "situation flags above then fill only the fields a situation lacks (its own "
                   "fields win); JSON Lines in gives JSON Lines out.")
@click.option("--output", "output", metavar="FILE",
              help="Write here (atomically) instead of stdout.")
@click.option("--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Plan JSON Lines in this many processes (0: one per CPU); the output is the "
                   "same.")
@click.option("--dask", "dask_address", metavar="local:N|tcp://HOST:PORT",
              help="Plan the JSON Lines files --input 'GLOB' matches on a Dask cluster (local:N: N "
                   "worker processes here), each into --output-dir. Needs the [scale] extra.")
@click.option("--output-dir", metavar="DIR",
              help="With --dask: where each input's plans go, under its name.")
@click.option("--format", "fmt", type=click.Choice(list(PLAN_FORMATS)), default=None,
              help="Output format. Default: text, or json (JSON Lines) for JSON Lines input.")
@click.option("--no-drafts", "no_drafts", is_flag=True,
              help="Leave out what to say (text and ics; JSON keeps it).")
@click.option("--my-timezone", "my_timezone", metavar="ZONE", shell_complete=complete_zone,
              help="Your own IANA time zone: the text's first line adds your time where your clock "
                   "differs from the employer's. Default: this machine's zone.")
@click.option("--explain", is_flag=True,
              help="Text: list every rule that shaped each step, not only those that "
                   "decided its best time (JSON always has them all).")
@click.option("--backend", type=click.Choice(BACKENDS), default=None,
              help="Evaluator: durable (durable-rules) or python (built in); default: "
                   f"durable-rules where it runs, else python. Also read from ${ENV_BACKEND}.")
@profiles_option
@exits
def advise_command(**options: Any) -> int:
    """Plan the follow-up of one interview (or of many with --input)."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _stop)
    try:
        request = build_request(options)
        return _MODES[request.mode](request)
    except (KeyboardInterrupt, _Stopped) as stop:
        output = options["output"]
        writing = output is not None and output != "-"
        click.echo("followup: interrupted; no output file was written" if writing
                   else "followup: interrupted", err=True)
        return 128 + stop.signum if isinstance(stop, _Stopped) else 130


Mode = Literal["cluster", "flags", "input"]


@dataclass(frozen=True)
class AdviseRequest:
    """What ``followup advise`` was asked, checked: the situation's fields given as options, where
    the situations come from and where the plans go, and how they are planned and shown."""

    given: dict[str, Any]  # situation fields from their options: the situation, or what inputs lack
    now: str | None
    input_path: str | None
    output: str | None
    fmt: str | None
    reading: Reading
    backend: str
    folders: list[str]
    catalog: Catalog
    jobs: int = 1
    dask_address: str | None = None
    output_dir: str | None = None

    @property
    def mode(self) -> Mode:
        """A cluster's files (``--dask``), one situation
        from options, or situations from ``--input``."""
        if self.dask_address is not None or self.output_dir is not None:
            return "cluster"
        return "flags" if self.input_path is None else "input"


def build_request(options: dict[str, Any]) -> AdviseRequest:
    """The request of the command's options; a failure names the option that cannot be used."""
    given = {name: options[name] for name, field in SITUATION_FIELDS.items()
             if field.option is not None and options.get(name) is not None}
    input_path, output = options["input_path"], options["output"]
    if (input_path not in (None, "-") and output not in (None, "-")
        and _replaces_input(input_path, output)):
        fail(f"--output {output} is the --input file; write the plans to another file")
    reading = Reading(not options["no_drafts"], options["explain"], my_zone(options["my_timezone"]))
    backend = choose_backend(options["backend"])
    folders = profile_folders(options["profile_dirs"])
    return AdviseRequest(given, options["now"], input_path, output, options["fmt"], reading,
                         backend, folders,
                         open_catalog(folders), options["jobs"], options["dask_address"],
                         options["output_dir"])


def _from_flags(request: AdviseRequest) -> int:
    if "interview" not in request.given:
        fail("give --interview (and --timezone), or --input FILE")
    return _advise_one(request.given, request)


def _from_input(request: AdviseRequest) -> int:
    """One situation (JSON or YAML) or JSON Lines of many, from ``--input``."""
    input_path, fmt = request.input_path or "-", request.fmt
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
                fail(f"--format {fmt} is for one situation; JSON Lines input gives JSON Lines "
                     "output (--format json)")
            planner = None
            if request.jobs != 1:
                # multiprocessing loads only for --jobs
                from .parallel import cores, plan_in_processes

                workers = cores() if request.jobs == 0 else request.jobs
                if workers > 1:
                    planner = partial(plan_in_processes, jobs=workers, folders=request.folders,
                                      given=request.given, now=request.now, backend=request.backend)
            return advise_many(itertools.chain(head, lines), request.given, request.now,
                               request.catalog,
                               request.output, request.backend, input_path, planner)
        if any(line is None for _, line in head):
            fail(f"{input_name(input_path)}: larger than {MAX_INPUT} bytes; refused")
        data = b"".join(line for _, line in head if line is not None) + raw.read(MAX_INPUT + 1)
        situation = read_document(data, input_path)
        return _advise_one(with_defaults(situation, request.given), request)
    finally:
        if input_path != "-":  # the standard input is not ours to close
            raw.close()


def _on_cluster(request: AdviseRequest) -> int:
    """``--dask`` with ``--output-dir``: every file of an --input pattern, planned on a cluster."""
    input_path, output_dir, address = request.input_path, request.output_dir, request.dask_address
    if address is None or output_dir is None or input_path in (None, "-"):
        fail("--dask and --output-dir go together, with --input 'GLOB' (JSON Lines files)")
    if request.output is not None or request.jobs != 1 or request.fmt not in (None, "json"):
        fail("--dask writes JSON Lines into --output-dir; leave out --output, --jobs and --format")
    try:
        from .cluster import advise_files  # Dask loads only for a cluster
    except ImportError as error:
        fail(f"--dask needs the [scale] extra (pip install 'followup-etiquette[scale]'): {error}")
    return advise_files(input_path, output_dir, address, request.given, request.now,
                        request.backend, request.folders)


_MODES: dict[Mode, Callable[[AdviseRequest], int]] = {"cluster": _on_cluster, "flags": _from_flags,
                                                      "input": _from_input}


def _advise_one(situation: dict[str, Any], request: AdviseRequest) -> int:
    try:
        plan = advise(situation, now=request.now, profiles=request.catalog, backend=request.backend)
    except SituationError as error:
        fail(str(error))
    except ProfileError as error:
        for diagnostic in error.diagnostics:
            click.echo(str(diagnostic), err=True)
        return 1
    except FollowupError as error:
        fail(str(error), 1)
    _write(render_plan(plan, request.fmt or "text", request.reading), request.output)
    return 0
