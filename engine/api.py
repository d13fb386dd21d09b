"""The library's entry point: ``advise``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from .errors import FollowupError, shown
from .evaluation.backends import BACKENDS, backend_name
from .evaluation.evaluate import evaluator_for
from .evaluation.plan import Plan
from .evaluation.planner import make_plan
from .evaluation.situation import Situation, parse_datetime, parse_situation
from .language.catalog import Catalog, default_catalog

__all__ = ["advise", "backend_name", "resolve_catalog"]

ProfilesArg = Catalog | Iterable[str | os.PathLike[str]] | None


def resolve_catalog(profiles: ProfilesArg) -> Catalog:
    """The catalog ``profiles`` names; :class:`FollowupError` for anything but a Catalog or folders."""
    if profiles is None:
        return default_catalog()
    if isinstance(profiles, Catalog):
        return profiles
    if isinstance(profiles, (str, bytes, os.PathLike)):  # one folder would be read as its characters
        example = shown(profiles) if isinstance(profiles, str) else "'my-profiles'"
        raise FollowupError(f"profiles: expected a Catalog or a list of profile folders, got {type(profiles).__name__} "
                            f"{shown(profiles)}; give one folder as a list: profiles=[{example}]")
    try:
        folders = list(profiles)
    except TypeError:
        raise FollowupError(f"profiles: expected a Catalog or a list of profile folders, "
                            f"got {type(profiles).__name__}") from None
    for folder in folders:
        if not isinstance(folder, (str, os.PathLike)):
            raise FollowupError(f"profiles: expected a profile folder (a path), got {shown(folder)}")
    return Catalog(folders)


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
    the chosen profile has problems, :class:`BackendUnavailable` when the forced
    evaluator cannot run in this Python, and :class:`FollowupError` for ``profiles``
    or ``backend`` of another kind.
    """
    if backend is not None and backend not in BACKENDS:
        raise FollowupError(f"backend: unknown evaluator {shown(backend)}; one of {', '.join(BACKENDS)}")
    catalog = resolve_catalog(profiles)
    parsed = parse_situation(situation, known_industries=tuple(catalog.ids),
                             offered_industries=tuple(catalog.industries))
    profile = catalog.resolve(parsed.industry)
    moment = datetime.now(timezone.utc) if now is None else parse_datetime(now, "now", parsed.zone)
    return make_plan(profile, parsed, evaluator_for(profile, backend), moment)
