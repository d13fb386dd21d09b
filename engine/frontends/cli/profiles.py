"""``followup profiles``: the profiles in sight, or one resolved."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import click

from ...errors import ProfileError, did_you_mean
from ...language.model import ROOT
from ...language.profile_files import ENTRY_POINT_ORIGIN
from ...report.profile_text import profile_rows, render_profile
from .common import echo_diagnostics, exits, fail, open_catalog, profile_folders, profiles_option

__all__ = ["profiles_command", "short_origin"]

WIDTH = 100
FROM_WIDTH = 24  # the room kept for where a profile comes from


def short_origin(origin: str, file: str, width: int) -> str:
    """Where a profile comes from, in at most ``width`` characters: ``bundled``, ``pack NAME``,
    or its file (relative to the working directory, else to ``~``), cut from the left."""
    if origin == "bundled":
        return "bundled"
    if origin.startswith(ENTRY_POINT_ORIGIN):
        text = "pack " + origin.removeprefix(ENTRY_POINT_ORIGIN)
    else:
        text = file
        path = Path(file)
        # outside the home folder, or no home folder
        with contextlib.suppress(ValueError, RuntimeError):
            text = str(Path("~") / path.relative_to(Path.home())) if path.is_absolute() else file
    return text if len(text) <= width else "..." + text[len(text) - max(width - 3, 1):]


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _table(shown: list[dict[str, Any]], head: str, first: str) -> list[str]:
    """Rows of at most 100 characters: id, name, the
    ``first`` key's value, extends, evidence, origin."""
    cells = [["id", head, "extends", "evidence"]] + [
        [_cut(row["id"], 24), row[first] or "-", row["extends"] or "-", row["evidence"] if row["ok"]
         else "problems"]
        for row in shown]
    if first == "extends":  # the industries: no second column of parents
        cells = [[cell[0], *cell[2:]] for cell in cells]
    columns = len(cells[0])
    widths = [max(len(cell[column]) for cell in cells) for column in range(columns)]
    names = ["name", *(row["name"] for row in shown)]
    # Where a profile comes from is shown whole (a cut path cannot be opened): a file name
    # that does not fit its row goes on a line of its own under it.
    wheres = ["from", *(short_origin(row["origin"], row["file"], 4096) for row in shown)]
    name_width = min(max(map(len, names)), WIDTH - sum(widths) - (columns + 1) * 2 - FROM_WIDTH)
    lines = []
    for cell, name, where in zip(cells, names, wheres, strict=True):
        left = "  ".join(text.ljust(width) for text, width in
                         zip([cell[0], _cut(name, name_width), *cell[1:]],
                             [widths[0], name_width, *widths[1:]], strict=True)) + "  "
        if len(left) + len(where) <= WIDTH:
            lines.append(left + where)
        else:
            lines += [left + "(below)", " " * (widths[0] + 2) + "from " + where]
    return lines


def _listing(rows: list[dict[str, Any]]) -> list[str]:
    """The industries, one line each of at most 100 characters, then the country overlays the same
    way, then a line on the root they all extend."""
    shown = [row for row in rows if row["industry"]]
    lines = _table(shown, "extends", "extends")
    overlays = [row for row in rows if row["country"] is not None]
    if overlays:
        lines += ["", "Country overlays, chosen by the situation's country (never an industry):",
                  *_table(overlays, "country", "country")]
    if any(not row["ok"] for row in [*shown, *overlays]):
        lines += ["", "problems: the profile cannot be used as it is; followup validate says why"]
    root = next((row for row in rows if not row["industry"]), None)
    if root is not None:
        lines += ["", f"Every profile extends {ROOT} "
                      f"({short_origin(root['origin'], root['file'], 40)}), the invariants no "
                      "profile can change:", f"followup profiles --resolved {ROOT}"]
    return [line.rstrip() for line in lines]


def _dump(data: Any, fmt: str, *, unicode: bool) -> None:
    if fmt == "yaml":
        import yaml  # only for this format

        click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=unicode), nl=False)
    else:
        click.echo(json.dumps(data, indent=2, ensure_ascii=not unicode))


@click.command("profiles")
@click.option("--resolved", metavar="ID",
              help="Print one profile fully resolved (inheritance applied).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "yaml"]), default="text",
              show_default=True)
@profiles_option
@exits
def profiles_command(resolved: str | None, fmt: str, profile_dirs: tuple[str, ...]) -> int:
    """List the industries' profiles in sight, or print one resolved."""
    catalog = open_catalog(profile_folders(profile_dirs))
    if resolved:
        if catalog.file_of(resolved) is None and catalog.shown_of(resolved) is None:
            hint = did_you_mean(resolved, catalog.ids)
            where = "" if profile_dirs else (
                "; a profile in a folder of your own is seen with --profiles DIR (or "
                "FOLLOWUP_PROFILES_PATH)")
            fail(f"unknown profile {resolved!r}; known: {', '.join(catalog.ids)}"
                 + (f" (did you mean {hint!r}?)" if hint else "") + where)
        try:
            profile = catalog.resolve(resolved)
        except ProfileError as error:
            echo_diagnostics(error.diagnostics)
            return 1
        if fmt == "text":
            click.echo(render_profile(profile), nl=False)
        else:
            _dump(profile.to_dict(), fmt, unicode=True)
        return 0
    rows = profile_rows(catalog)
    if fmt != "text":
        _dump(rows, fmt, unicode=False)
        return 0
    for line in _listing(rows):
        click.echo(line)
    return 0
