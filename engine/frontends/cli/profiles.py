"""``followup profiles``: the profiles in sight, or one resolved."""

from __future__ import annotations

import json
from typing import Any

import click

from ...errors import ProfileError, did_you_mean
from ...language.catalog import Catalog
from .common import echo_diagnostics, exits, fail, open_catalog, profile_folders, profiles_option

__all__ = ["profile_rows", "profiles_command"]


def profile_rows(catalog: Catalog) -> list[dict[str, Any]]:
    """One row per profile file in sight: id, name, parent, evidence, origin, file, and whether it is usable."""
    rows: list[dict[str, Any]] = []
    for source in catalog.files():
        problems = catalog.check(source.id)
        resolved = None if problems else catalog.resolve(source.id)
        rows.append({
            "id": source.id,
            "name": str(source.data.get("name", "")),
            "extends": source.parent,
            "evidence": resolved.evidence if resolved else None,
            "origin": source.origin,
            "file": source.file,
            "ok": not problems,
        })
    return rows


def _dump(data: Any, fmt: str, *, unicode: bool) -> None:
    if fmt == "yaml":
        import yaml  # only for this format

        click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=unicode), nl=False)
    else:
        click.echo(json.dumps(data, indent=2, ensure_ascii=not unicode))


@click.command("profiles")
@click.option("--resolved", metavar="ID", help="Print one profile fully resolved (inheritance applied).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "yaml"]), default="text", show_default=True)
@profiles_option
@exits
def profiles_command(resolved: str | None, fmt: str, profile_dirs: tuple[str, ...]) -> int:
    """List the profiles in sight, or print one resolved."""
    catalog = open_catalog(profile_folders(profile_dirs))
    if resolved:
        if catalog.file_of(resolved) is None:
            hint = did_you_mean(resolved, catalog.ids)
            fail(f"unknown profile {resolved!r}; known: {', '.join(catalog.ids)}"
                 + (f" (did you mean {hint!r}?)" if hint else ""))
        try:
            profile = catalog.resolve(resolved)
        except ProfileError as error:
            echo_diagnostics(error.diagnostics)
            return 1
        _dump(profile.to_dict(), "yaml" if fmt == "yaml" else "json", unicode=True)
        return 0
    rows = profile_rows(catalog)
    if fmt != "text":
        _dump(rows, fmt, unicode=False)
        return 0
    width = max((len(row["id"]) for row in rows), default=2)
    for row in rows:
        status = "" if row["ok"] else "  (has problems: run followup validate)"
        parent = f"extends {row['extends']}" if row["extends"] else "root"
        click.echo(f"{row['id']:<{width}}  {row['name']}  [{parent}; evidence {row['evidence'] or '?'}]"
                   f"  {row['file']}{status}")
    return 0

