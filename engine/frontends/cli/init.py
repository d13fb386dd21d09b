"""``followup init [DIR]``: a profiles folder to start from, which editors can check.

It holds a starter profile (valid, with an example that ``followup test`` runs) whose
first line points editors at the profile schema written beside it, so completion and
checking work wherever the folder lives, without network access.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from ...resources import schema_path
from .common import exits, fail

__all__ = ["SCHEMA_FILE", "init_command", "starter_profile"]

SCHEMA_FILE = "profile.schema.json"
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")

_STARTER = """\
# yaml-language-server: $schema={schema}
id: {id}
name: {name}
version: 1
extends: general
evidence: thin
description: >-
  As the general profile, except that a status question goes out by e-mail.
  Replace this with what sets your field apart, and cite where it comes from.
sources:
  own-notes:
    title: Notes on hiring in this field (replace with a citation)
rules:
  - id: status-by-call          # replaces general's rule of the same id
    when: {{purpose: status}}
    then: {{recommend: email}}
    why: Hiring managers here answer a written status question sooner than a call.
    source: own-notes
examples:
  - name: Tuesday interview, status e-mail midweek of the next week
    situation: {{interview: "2026-11-17T10:00", timezone: America/New_York, purpose: status}}
    now: "2026-11-18T10:00"
    expect:
      verdict: wait_until
      steps:
        - {{purpose: status, action: email, earliest_date: "2026-11-23", best_date: "2026-11-24",
           reasons: [status-by-call]}}
"""


def starter_profile(profile_id: str) -> str:
    """The starter profile's text for an id, its first line pointing at the schema beside it."""
    name = profile_id.replace("-", " ").replace("_", " ").capitalize()
    return _STARTER.format(schema=SCHEMA_FILE, id=profile_id, name=name)


@click.command("init")
@click.argument("directory", default="profiles", type=click.Path(path_type=Path))
@click.option("--id", "profile_id", default="my-field", show_default=True,
              help="Id of the starter profile (its file is ID.yaml).")
@exits
def init_command(directory: Path, profile_id: str) -> int:
    """Make DIRECTORY (default: profiles) a profiles folder: a starter profile and the schema.

    The schema is written again on every run (so it matches this version); an existing
    profile is never overwritten.
    """
    if not _SLUG.fullmatch(profile_id):
        fail(f"--id: {profile_id!r} is not a profile id (lower-case letters, digits, - and _)")
    if directory.exists() and not directory.is_dir():
        fail(f"{directory} exists and is not a folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / SCHEMA_FILE).write_bytes(schema_path("profile").read_bytes())
        profile = directory / f"{profile_id}.yaml"
        if profile.exists():
            click.echo(f"kept {profile} (it exists); wrote {directory / SCHEMA_FILE}")
        else:
            with open(profile, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(starter_profile(profile_id))
            click.echo(f"wrote {profile} and {directory / SCHEMA_FILE}")
    except OSError as error:
        fail(f"cannot write in {directory}: {error.strerror or error}")
    click.echo(f"next: followup validate {directory} && followup test {directory}")
    return 0
