"""``followup init [DIR]``: a profiles folder to start from, which editors can check.

It holds a starter profile (valid, with an example that ``followup test`` runs) whose
first line points editors at the profile schema written beside it, so completion and
checking work wherever the folder lives, without network access.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from ...countries import check_country
from ...errors import SituationError
from ...resources import schema_path
from .common import exits, fail

__all__ = ["SCHEMA_FILE", "init_command", "starter_profile"]

SCHEMA_FILE = "profile.schema.json"
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")

_STARTER = """\
# yaml-language-server: $schema={schema}
format: 1
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


_STARTER_OVERLAY = """\
# yaml-language-server: $schema={schema}
# A country overlay: the situation's country {country} chooses it, for every industry. It sits
# between general and the industry profile; write only what differs from general, and start
# the ids of new rules with "{prefix}".
format: 1
id: {id}
name: {country} (country overlay)
version: 1
country: {country}
extends: general
evidence: thin
description: >-
  As the general profile, except that a status question goes out by e-mail.
  Replace this with what sets this country's etiquette apart, and cite where it comes from.
sources:
  own-notes:
    title: "Career advice from or about this country (replace with a citation: a URL with a path)"
rules:
  - id: {prefix}status-by-email
    when: {{purpose: status}}
    then: {{recommend: email}}
    why: Employers here answer a written status question sooner than a call.
    source: own-notes
examples:
  - name: The status question is an e-mail
    situation: {{interview: "2026-11-17T10:00", timezone: UTC, purpose: status}}
    expect:
      steps:
        - {{purpose: status, action: email, reasons: [{prefix}status-by-email]}}
"""


def starter_profile(profile_id: str, country: str | None = None) -> str:
    """The starter profile's text for an id, its first line pointing at the schema beside it;
    with a country (``DE``, ``ES-CT``), a country overlay's."""
    if country is not None:
        prefix = country.partition("-")[0].lower() + "-"
        return _STARTER_OVERLAY.format(schema=SCHEMA_FILE, id=profile_id, country=country,
                                       prefix=prefix)
    name = profile_id.replace("-", " ").replace("_", " ").capitalize()
    return _STARTER.format(schema=SCHEMA_FILE, id=profile_id, name=name)


@click.command("init")
@click.argument("directory", default="profiles", type=click.Path(path_type=Path))
@click.option("--id", "profile_id", default=None,
              help="Id of the starter profile (its file is ID.yaml). Default: my-field, or the "
                   "country's code.")
@click.option("--country", default=None, metavar="CODE",
              help="Start a country overlay for CODE (DE, or a subdivision such as ES-CT) instead "
                   "of an industry.")
@exits
def init_command(directory: Path, profile_id: str | None, country: str | None) -> int:
    """Make DIRECTORY (default: profiles) a profiles folder: a starter profile and the schema.

    The schema is written again on every run (so it matches this version); an existing
    profile is never overwritten.
    """
    if country is not None:
        code, _, region = country.partition("-")
        try:
            code, region_found = check_country(code.upper(), region or None)
        except SituationError as error:
            fail(f"--country: {error.message}"
                 + (f" (did you mean {error.suggestion}?)" if error.suggestion else ""))
        country = code + (f"-{region_found.upper()}" if region_found else "")
    if profile_id is None:
        profile_id = country.lower() if country is not None else "my-field"
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
                handle.write(starter_profile(profile_id, country))
            click.echo(f"wrote {profile} and {directory / SCHEMA_FILE}")
    except OSError as error:
        fail(f"cannot write in {directory}: {error.strerror or error}")
    click.echo(f"next: followup validate {directory} && followup test {directory}")
    return 0
