"""``followup validate``: every problem of profile files or folders (text, JSON, annotations)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from ...errors import Diagnostic, ProfileError, UnknownProfileError, did_you_mean
from ...language.catalog import PROFILE_SUFFIXES, Catalog, is_profile_file, shown_path
from ...language.checks import sources_of_unusable
from ...language.examples import check_examples, unknown_drafts
from ...language.model import ROOT
from ...language.schema import profile_schema
from ...report.diagnostics import DIAGNOSTIC_FORMATS, render_diagnostics
from .common import exits, fail, only_profiles_option, pass_cache, profile_folders, profiles_option

__all__ = ["collect_diagnostics", "expand", "validate_command"]


def expand(paths: Sequence[str]) -> tuple[list[Path], list[Diagnostic]]:
    """The profile files named by paths and folders, each once, in the order given; and
    the folders that could not be read (Y100). A named path that is not a regular file
    (a FIFO, a device) is kept: reading it says what is wrong."""
    files: list[Path] = []
    unreadable: list[Diagnostic] = []

    def refuse(error: OSError) -> None:
        where = shown_path(Path(error.filename)) if error.filename else "?"
        unreadable.append(Diagnostic(where, 0, 0, "Y100",
                                     f"cannot read folder: {error.strerror or error}"))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [Path(folder) / name for folder, _, names in os.walk(path, onerror=refuse)
                     for name in names]
            files.extend(sorted(p for p in found if p.suffix in PROFILE_SUFFIXES and p.is_file()))
        elif path.exists():
            files.append(path)
        else:
            fail(f"no such file or directory: {raw}")
    unique: dict[Path, Path] = {}
    for path in files:
        unique.setdefault(path.resolve(), path)
    return list(unique.values()), unreadable


def collect_diagnostics(catalog: Catalog, shown: Sequence[str]) -> list[Diagnostic]:
    """Every problem of the given files: reading, schema, inheritance, semantics, examples.

    A file that fails its own checks is never resolved, and one whose chain fails has no
    resolved rules: what can still be checked of them (the sources their rules cite, their
    examples) is checked against what they inherit, so that one run lists every problem.
    """
    found: set[Diagnostic] = set()
    for name in shown:
        found.update(catalog.problems_of(name))
        for document in catalog.unusable(name):
            data = document.data
            inherited = _inherited(catalog, data)
            if inherited is not None:
                found.update(sources_of_unusable(document, inherited[0]))
            raw_id = data.get("id") if isinstance(data.get("id"), str) else None
            found.update(check_examples(document, raw_id, data.get("examples"),
                                        _rule_ids(data, inherited)))
    named = set(shown)
    for profile_id in catalog.ids_in(shown):
        problems = catalog.check(profile_id)
        found.update(problems)
        source = catalog.file_of(profile_id)
        if source is None or source.file not in named:
            continue
        fields = None
        renamed: Mapping[str, str] = {}
        if any(d.severity == "error" for d in problems):
            rule_ids = _rule_ids(source.data, _inherited(catalog, source.data))
        else:
            resolved = catalog.resolve(profile_id)
            rule_ids = {rule.id for rule in resolved.rules}
            fields = {decl.name: decl for decl in resolved.fields}
            renamed = resolved.renamed
            drafts = {draft.id: draft.channel for draft in resolved.drafts}
            found.update(unknown_drafts(source.document, source.data.get("examples"), drafts,
                                        renamed))
        found.update(check_examples(source.document, profile_id, source.data.get("examples"),
                                    rule_ids, fields, renamed))
    return sorted(found)


# What a profile inherits, as far as checking its file needs: its parent's source ids and rule ids.
Inherited = tuple[frozenset[str], frozenset[str]]


def _inherited(catalog: Catalog, data: Mapping[str, Any]) -> Inherited | None:
    """What a profile written as ``data`` inherits, or None when its parent does not resolve
    (then nothing can be said of what it cites)."""
    if data.get("id") == ROOT:
        return frozenset(), frozenset()
    parent = data.get("extends", _misspelt_extends(data))
    if not isinstance(parent, str) or parent == data.get("id"):
        return None
    try:
        resolved = catalog.resolve(parent)
    except (ProfileError, UnknownProfileError):
        return None
    return frozenset(resolved.sources), frozenset(rule.id for rule in resolved.rules)


_TOP_LEVEL = tuple(profile_schema()["properties"])


def _misspelt_extends(data: Mapping[str, Any]) -> Any:
    """The parent a file names under a misspelling of ``extends`` (``extend:``, ``extnds:``),
    which S202 reports: the file is checked against that parent, so that its sources and
    examples are not reported again as follow-on errors of the one misspelt key. ``core``
    when there is none."""
    for key, value in data.items():
        if isinstance(key, str) and key not in _TOP_LEVEL and did_you_mean(key,
                                                                           _TOP_LEVEL) == "extends":
            return value
    return ROOT


def _rule_ids(data: Mapping[str, Any], inherited: Inherited | None) -> set[str] | None:
    """The rule ids of a profile that does not resolve: its parent's, with its own added and
    removed; None when its parent's are not known."""
    if inherited is None:
        return None
    ids = set(inherited[1])
    rules = data.get("rules")
    for rule in rules if isinstance(rules, list) else []:
        if isinstance(rule, Mapping) and isinstance(rule.get("id"), str):
            (ids.discard if rule.get("remove") else ids.add)(rule["id"])
    return ids


@click.command("validate")
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(sorted(DIAGNOSTIC_FORMATS)), default="text",
              show_default=True)
@profiles_option
@only_profiles_option
@exits
def validate_command(paths: tuple[str, ...], fmt: str, profile_dirs: tuple[str, ...],
                     only_profiles: bool) -> int:
    """Check profile files or folders (default: every profile in sight)."""
    dirs = profile_folders(profile_dirs)
    unreadable: list[Diagnostic] = []
    if paths:
        files, unreadable = expand(paths)
        if only_profiles:
            files = [path for path in files if is_profile_file(path)]
            if not files and not unreadable and fmt == "text":
                click.echo("no profiles among the given files: nothing to check")
                return 0
        catalog = Catalog(dirs, files=files, cache=pass_cache())
        shown = [shown_path(path) for path in files]
    else:
        catalog = Catalog(dirs, cache=pass_cache())
        shown = catalog.shown_files
    diagnostics = sorted({*collect_diagnostics(catalog, shown), *unreadable, *catalog.warnings,
                          *(d for d in catalog.source_problems if d.code == "Y100")})
    named = {*shown, *(d.file for d in unreadable)}
    click.echo(render_diagnostics(diagnostics, len(named), fmt), nl=False)
    return 1 if any(d.severity == "error" for d in diagnostics) else 0
