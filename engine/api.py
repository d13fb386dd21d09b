"""The library's entry point: ``advise``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from .errors import FollowupError, ProfileError, SituationError, shown
from .evaluation.backends import BACKENDS, backend_name
from .evaluation.evaluate import evaluator_for
from .evaluation.planner import make_plan
from .language.catalog import Catalog, default_catalog
from .language.fields import check_situation_fields
from .plan import Plan
from .situation import Situation, parse_datetime, parse_situation

__all__ = ["advise", "advise_any_profile", "backend_name", "resolve_catalog"]

ProfilesArg = Catalog | Iterable[str | os.PathLike[str]] | None


def resolve_catalog(profiles: ProfilesArg) -> Catalog:
    """The catalog ``profiles`` names; :class:`FollowupError`
    for anything but a Catalog or folders."""
    if profiles is None:
        return default_catalog()
    if isinstance(profiles, Catalog):
        return profiles
    # one folder would be read as its characters
    if isinstance(profiles, (str, bytes, os.PathLike)):
        example = shown(profiles) if isinstance(profiles, str) else "'my-profiles'"
        raise FollowupError("profiles: expected a Catalog or a list of profile folders, got "
                            f"{type(profiles).__name__} "
                            f"{shown(profiles)}; give one folder as a list: profiles=[{example}]")
    try:
        folders = list(profiles)
    except TypeError:
        raise FollowupError(f"profiles: expected a Catalog or a list of profile folders, "
                            f"got {type(profiles).__name__}") from None
    for folder in folders:
        if not isinstance(folder, (str, os.PathLike)):
            raise FollowupError(
                f"profiles: expected a profile folder (a path), got {shown(folder)}")
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
    return _advise(situation, now, resolve_catalog(profiles), backend, industries_only=True)


def advise_any_profile(
    situation: Mapping[str, Any] | Situation,
    *,
    now: datetime | str | None = None,
    profiles: ProfilesArg = None,
    backend: str | None = None,
) -> Plan:
    """:func:`advise`, with ``core`` accepted as the situation's ``industry``.

    ``core`` holds the invariants every profile extends and is not an industry, so
    :func:`advise` refuses it; ``followup test`` plans with it all the same, to run core's
    own examples and check its invariants.
    """
    return _advise(situation, now, resolve_catalog(profiles), backend, industries_only=False)


def _advise(situation: Mapping[str, Any] | Situation, now: datetime | str | None, catalog: Catalog,
            backend: str | None, *, industries_only: bool) -> Plan:
    if backend is not None and backend not in BACKENDS:
        raise FollowupError(f"backend: unknown evaluator {shown(backend)}; one of "
                            f"{', '.join(BACKENDS)}")
    offered = tuple(catalog.industries)
    known = offered if industries_only else tuple(catalog.accepted_industries)
    try:
        parsed = parse_situation(situation, known_industries=known, offered_industries=offered)
    except SituationError as error:
        # An industry no profile defines may be a file of that name that does not read:
        # its problems (with file and line) are the answer, not "unknown profile".
        asked = situation.get("industry") if isinstance(situation, Mapping) else None
        named = error.field == "industry" and isinstance(asked, str)
        unreadable = catalog.unreadable_named(asked) if named and isinstance(asked, str) else []
        if unreadable:
            raise ProfileError(unreadable) from None
        raise
    profile = catalog.resolve(parsed.industry, parsed.country, parsed.subdivision)
    check_situation_fields(dict(parsed.fields), {decl.name: decl for decl in profile.fields},
                           profile.id)
    moment = datetime.now(timezone.utc) if now is None else parse_datetime(now, "now", parsed.zone)
    return make_plan(profile, parsed, evaluator_for(profile, backend), moment)
