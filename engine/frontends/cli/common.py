"""What every command shares: where profiles are, the evaluator, shell completion of
industries and time zones, the candidate's own time zone, and the one error handler.

A command's body is a function returning an exit code (0 ok, 1 problems in profiles or
a failing profile test, 2 bad usage or input); :func:`exits` runs it and turns a
:class:`Failure` raised anywhere below into one line on stderr and its exit code.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, ParamSpec
from zoneinfo import ZoneInfo

import click
from click.shell_completion import CompletionItem

from ...errors import Diagnostic, SituationError
from ...evaluation.backends import BACKENDS, backend_name, durable_problem
from ...language.catalog import Catalog
from ...language.passed import PassCache, user_cache_dir
from ...zones import zone_named, zone_names

__all__ = ["ENV_BACKEND", "ENV_PROFILES", "Failure", "choose_backend", "complete_industry",
           "complete_zone",
           "echo_diagnostics", "exits", "fail", "machine_zone", "my_zone", "only_profiles_option",
           "open_catalog", "pass_cache", "profile_folders", "profiles_option"]

ENV_PROFILES = "FOLLOWUP_PROFILES_PATH"
ENV_BACKEND = "FOLLOWUP_BACKEND"
P = ParamSpec("P")


class Failure(Exception):
    """Stop the command with ``code``, saying ``message`` (if any) on one line of stderr."""

    def __init__(self, message: str | None, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def fail(message: str, code: int = 2) -> NoReturn:
    raise Failure(message, code)


def exits(run: Callable[P, int]) -> Callable[P, None]:
    """The command: ``run``'s exit code, or a :class:`Failure`'s, as the process's exit status."""

    @functools.wraps(run)
    def command(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            code = run(*args, **kwargs)
        except Failure as failure:
            if failure.message is not None:
                click.echo(f"followup: error: {failure.message}", err=True)
            code = failure.code
        sys.exit(code)

    return command


def echo_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


def profile_folders(given: Sequence[str]) -> list[str]:
    """The profile folders of $FOLLOWUP_PROFILES_PATH, then ``--profiles``; each must exist."""
    from_env = [part for part in os.environ.get(ENV_PROFILES, "").split(os.pathsep) if part]
    dirs = [*from_env, *given]
    for directory in dirs:
        if not Path(directory).exists():
            origin = (ENV_PROFILES if directory in from_env and directory not in given
                      else "--profiles")
            fail(f"{origin}: no such file or directory: {directory}")
    return dirs


def pass_cache() -> PassCache | None:
    """Where the command line remembers schema passes
    (:func:`engine.language.passed.user_cache_dir`)."""
    folder = user_cache_dir()
    return None if folder is None else PassCache(folder)


def open_catalog(dirs: Sequence[str], files: Sequence[Path] = ()) -> Catalog:
    """The catalog of a command that uses profiles (not ``validate``, which reports on them).

    Its warnings and the sources it could not use go to stderr, one line each; a profiles
    folder or file that cannot be read at all (Y100) stops the command (exit 1), a
    failed profile pack does not.
    """
    catalog = Catalog(dirs, files=files, cache=pass_cache())
    echo_diagnostics((*catalog.warnings, *catalog.source_problems))
    if any(diagnostic.code == "Y100" for diagnostic in catalog.source_problems):
        raise Failure(None, 1)
    return catalog


def choose_backend(flag: str | None = None) -> str:
    """The evaluator: ``--backend``, else $FOLLOWUP_BACKEND, else durable-rules where it runs."""
    origin, name = ("--backend", flag) if flag else (ENV_BACKEND,
                                                     os.environ.get(ENV_BACKEND, "").strip())
    if not name:
        return backend_name()
    if name not in BACKENDS:
        fail(f"{origin}: unknown evaluator {name!r}; one of {', '.join(BACKENDS)}")
    problem = durable_problem() if name == "durable" else None
    if problem is not None:
        fail(f"{origin}: durable-rules cannot run here: {problem}; "
             "use python, the built-in evaluator (it gives the same plans)")
    return name


def complete_industry(ctx: click.Context, param: click.Parameter,
                      incomplete: str) -> list[CompletionItem]:
    """Shell completion of ``--industry``: the industries
    in sight (with ``--profiles`` given so far)."""
    try:
        dirs = [*(part for part in os.environ.get(ENV_PROFILES, "").split(os.pathsep) if part),
                *(ctx.params.get("profile_dirs") or ())]
        ids = Catalog([d for d in dirs if Path(d).exists()], cache=pass_cache()).industries
    except Exception:  # completing must never fail the shell
        return []
    return [CompletionItem(key) for key in ids if key.startswith(incomplete)]


def complete_zone(ctx: click.Context, param: click.Parameter,
                  incomplete: str) -> list[CompletionItem]:
    """Shell completion of ``--timezone``: the IANA
    names that start with what is typed (any case)."""
    folded = incomplete.casefold()
    return [CompletionItem(name) for name in sorted(zone_names())
            if name.casefold().startswith(folded)]


only_profiles_option = click.option(
    "--only-profiles", is_flag=True,
    help="Of the files given, check only those that are profiles by their content (the profile "
         "schema's modeline, or a top-level rules: or extends:) and pass over other YAML files, as "
         "the pre-commit hooks do.",
)
profiles_option = click.option(
    "--profiles", "profile_dirs", multiple=True, metavar="DIR",
    help=f"Extra directory (or file) of profiles; repeatable. Also read from ${ENV_PROFILES}.",
)


def my_zone(value: str | None, option: str = "--my-timezone") -> ZoneInfo | None:
    """The candidate's own zone: the option's (an IANA name, checked as a situation's
    ``timezone`` is), else this machine's when it has a name; None when neither is known."""
    if value is None:
        return machine_zone()
    try:
        return zone_named(value, option)
    except SituationError as error:
        fail(str(error))


def machine_zone() -> ZoneInfo | None:
    """This machine's zone by its IANA name: $TZ when set (a name, not a POSIX rule), else the
    zone /etc/localtime links to or /etc/timezone names; None when none of them names one."""
    names: list[str] = []
    given = os.environ.get("TZ")
    if given is not None:  # a name, or a zone file's path (":/usr/share/zoneinfo/Europe/Berlin")
        names.append(given.removeprefix(":").rsplit("/zoneinfo/", 1)[-1])
    else:
        target = os.path.realpath("/etc/localtime")
        if "/zoneinfo/" in target:
            names.append(target.split("/zoneinfo/", 1)[1])
        with contextlib.suppress(OSError, UnicodeDecodeError):
            names.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in names:
        if name in zone_names():
            try:
                return ZoneInfo(name)
            except (OSError, ValueError):  # pragma: no cover - listed but not readable
                continue
    return None
