"""``advise --input 'GLOB' --output-dir DIR --dask ADDRESS``: JSON Lines files on a Dask cluster.

Each input file is one task: a worker reads it, plans every line as :mod:`.batch` does
in one process (error records included), and writes ``DIR/<the input's name>``
whole or not at all. The files must be where the workers can read them, and the
profile folders at the same paths. Dask loads only when ``--dask`` is given.

An output never replaces an input: ``--output-dir`` naming the inputs' folder is
refused. A worker killed while writing cannot remove its temporary file (a hidden
``.NAME.*.tmp`` beside the output); the command removes those of its outputs once
every task has ended, however the run ends (done, failed, Ctrl-C).
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from ...caches import memo
from ...language.catalog import Catalog
from ...scale import client_for
from .batch import encoded, plan_line, read_lines
from .common import fail, pass_cache
from .output import OutputError, write_output

__all__ = ["advise_files"]


@memo("frontends.cli.cluster.catalog")
def _catalog(folders: tuple[str, ...]) -> Catalog:
    return Catalog(list(folders), cache=pass_cache())  # once per worker process


def _plan_file(source: str, target: str, given: dict[str, Any], now: str | None, backend: str,
               folders: tuple[str, ...]) -> tuple[int, int, str | None]:
    """Plan one file into another: (lines, lines with errors, what went wrong with the files)."""
    catalog = _catalog(folders)
    counts = {"ok": 0, "bad": 0}
    try:
        with open(source, "rb") as raw:
            content = ((number, line) for number, line in read_lines(raw) if line is None
                       or line.strip())
            write_output(target,
                         (encoded(plan_line(number, line, given, now, catalog, backend, counts))
                                  for number, line in content))
    except OSError as error:
        return 0, 0, f"--input {source}: {error.strerror or error}"
    except OutputError as error:
        return 0, 0, f"--output-dir {error}"
    return counts["ok"] + counts["bad"], counts["bad"], None


def _targets(pattern: str, output_dir: str) -> tuple[list[str], list[str]]:
    sources = sorted(glob.glob(pattern))
    if not sources:
        fail(f"--input {pattern}: no file matches")
    targets = [str(Path(output_dir) / Path(source).name) for source in sources]
    inputs = {os.path.realpath(source) for source in sources}
    if any(os.path.realpath(target) in inputs for target in targets):
        fail(f"--output-dir {output_dir} holds the --input files, which the plans would replace; "
             "write them to another folder")
    twice = sorted(name for name, count in Counter(targets).items() if count > 1)
    if twice:
        fail(f"--output-dir: two inputs have the same name ({Path(twice[0]).name}); each output is "
             "named after its input")
    try:
        Path(output_dir).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(f"--output-dir {output_dir}: {error.strerror or error}")
    return sources, targets


def _run(client: Any, sources: list[str], targets: list[str], given: dict[str, Any],
         now: str | None, backend: str, folders: Sequence[str]) -> tuple[int, int]:
    """(lines, lines with errors) of every file; every task ended (or cancelled) on return."""
    with client:
        futures = client.map(_plan_file, sources, targets, given=given, now=now, backend=backend,
                             folders=tuple(folders), pure=False)
        lines = bad = 0
        try:
            with click.progressbar(futures, label="advise", file=sys.stderr,
                                   hidden=not sys.stderr.isatty()) as bar:
                for future in bar:
                    count, errors, problem = future.result()
                    if problem is not None:
                        fail(problem)
                    lines, bad = lines + count, bad + errors
        except BaseException:
            with contextlib.suppress(Exception):
                client.cancel(futures)
            raise
    return lines, bad


def _remove_leftovers(targets: list[str]) -> None:
    """The temporary files of outputs (``.NAME.*.tmp``, made
    by :mod:`.output`) that a killed worker left."""
    for target in targets:
        path = Path(target)
        for leftover in glob.glob(str(path.parent / f".{glob.escape(path.name)}.*.tmp")):
            with contextlib.suppress(OSError):
                os.unlink(leftover)


def advise_files(pattern: str, output_dir: str, address: str, given: dict[str, Any],
                 now: str | None, backend: str, folders: Sequence[str]) -> int:
    """Plan every file ``pattern`` matches on the cluster at ``address``; the exit code."""
    sources, targets = _targets(pattern, output_dir)
    try:
        client = client_for(address)
    except (ValueError, OSError) as error:
        fail(f"--dask: {error}")
    try:
        lines, bad = _run(client, sources, targets, given, now, backend, folders)
    finally:
        # Stopped early, Dask logs the connections it loses
        # as errors, with tracebacks: not for a person.
        logging.getLogger("distributed").setLevel(logging.CRITICAL)
        if address.startswith("local:"):  # its workers stop now, not when this process exits
            with contextlib.suppress(Exception):
                client.cluster.close()
        _remove_leftovers(targets)
    if bad:
        click.echo(f"followup: {bad} of {lines} {'line' if lines == 1 else 'lines'} "
                   f"had {'an error' if bad == 1 else 'errors'}", err=True)
        return 2
    return 0
