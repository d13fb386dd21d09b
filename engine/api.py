"""The library's entry point: ``advise``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from .evaluation.backends import backend_name
from .evaluation.evaluate import evaluator_for
from .evaluation.plan import Plan
from .evaluation.planner import make_plan
from .evaluation.situation import Situation, parse_datetime, parse_situation
from .language.catalog import Catalog, default_catalog

__all__ = ["advise", "backend_name", "resolve_catalog"]

ProfilesArg = Catalog | Iterable[str | os.PathLike[str]] | None


def resolve_catalog(profiles: ProfilesArg) -> Catalog:
    if profiles is None:
        return default_catalog()
    if isinstance(profiles, Catalog):
        return profiles
    return Catalog(list(profiles))


def advise(
    situation: Mapping[str, Any] | Situation,
    *,
    now: datetime | str | None = None,
    profiles: ProfilesArg = None,
    backend: str | None = None,
) -> Plan:
    """Plan the follow-up for one interview.

    ``situation`` is a mapping as described by ``schemas/situation.schema.json`` (or a
    parsed :class:`Situation`). ``now`` defaults to the current time; a date-time
    without an offset is read in the employer's time zone. ``profiles`` is a
    :class:`Catalog` or directories of extra profiles (default: the bundled ones).
    ``backend`` forces an evaluator, ``"durable"`` (durable-rules) or ``"python"``
    (the built-in one); by default durable-rules where it runs, else the built-in one
    (:func:`backend_name` says which). Both give the same plans.

    Raises :class:`SituationError` for a bad situation, :class:`ProfileError` when
    the chosen profile has problems, and :class:`BackendUnavailable` when the forced
    evaluator cannot run in this Python.
    """
    catalog = resolve_catalog(profiles)
    parsed = parse_situation(situation, known_industries=tuple(catalog.accepted_industries),
                             offered_industries=tuple(catalog.industries))
    profile = catalog.resolve(parsed.industry, parsed.country, parsed.subdivision)
    moment = datetime.now(timezone.utc) if now is None else parse_datetime(now, "now", parsed.zone)
    return make_plan(profile, parsed, evaluator_for(profile, backend), moment)
