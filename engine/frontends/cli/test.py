"""``followup test``: profiles' examples, the invariants on probes and generated situations."""

from __future__ import annotations

from pathlib import Path

import click

from ...errors import FollowupError, ProfileError
from ...language.catalog import is_profile_file, shown_path
from .common import (
    choose_backend,
    echo_diagnostics,
    exits,
    fail,
    only_profiles_option,
    open_catalog,
    profile_folders,
    profiles_option,
)
from .validate import collect_diagnostics, expand

__all__ = ["test_command"]


@click.command("test")
@click.argument("paths", nargs=-1)
@click.option("--examples", "count", type=click.IntRange(min=1), default=100, show_default=True,
              help="Generated situations per invariant and profile.")
@click.option("--seed", type=int, default=None,
              help="Seed for the generated situations (repeatable runs).")
@click.option("--strict", is_flag=True,
              help="Fail (exit 1) on warnings too: a profile without examples, or with rules no "
                   "example exercises.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@profiles_option
@only_profiles_option
@exits
def test_command(paths: tuple[str, ...], count: int, seed: int | None, strict: bool, fmt: str,
                 profile_dirs: tuple[str, ...], only_profiles: bool) -> int:
    """Run profiles' examples and the invariants as property tests."""
    from ...testing import run_profile_tests  # Hypothesis is loaded only to test profiles

    dirs = profile_folders(profile_dirs)
    if paths:
        files, unreadable = expand(paths)
        echo_diagnostics(unreadable)
        if unreadable:
            return 1
        if only_profiles:
            files = [path for path in files if is_profile_file(path)]
            if not files:
                click.echo("no profiles among the given files: nothing to test")
                return 0
        if not files:
            fail("no profile files (*.yaml, *.yml) in the given paths")
        catalog = open_catalog(dirs, files)
        shown = [shown_path(path) for path in files]
        ids = catalog.ids_in(shown)
        if not ids:
            echo_diagnostics(collect_diagnostics(catalog, shown))
            fail("no valid profile in the given paths", 1)
        extra_dirs = [*dirs, *sorted({str(Path(path).parent) for path in files})]
    else:
        catalog = open_catalog(dirs)
        ids = catalog.ids
        extra_dirs = list(dirs)
    try:
        report = run_profile_tests(catalog, ids, examples=count, seed=seed, dirs=extra_dirs,
                                   strict=strict, backend=choose_backend())
    except ProfileError as error:
        echo_diagnostics(error.diagnostics)
        return 1
    except FollowupError as error:  # pragma: no cover - defensive
        fail(str(error), 1)
    click.echo(report.render(fmt), nl=False)
    return 0 if report.ok else 1
