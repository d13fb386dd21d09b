"""A profile's embedded examples, checked without planning (for ``followup validate``).

Every problem of every example is reported in one run: each field of a situation is
checked even after another one failed, and ``now`` and the expected reasons are checked
whatever the situation's problems. The examples of a file that failed its other checks
are checked too, as far as they can be read.

Running them (planning each situation and comparing with its ``expect``) is
:mod:`engine.testing.examples`, for ``followup test``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import timezone
from typing import Any

from ..errors import Diagnostic, SituationError
from ..situation import Situation, parse_datetime, parse_situation
from .fields import FieldDecl, check_situation_fields
from .model import former_id
from .yaml_source import Document, JsonPath

__all__ = ["check_examples", "example_situation", "overlay_country", "situation_problems",
           "unknown_drafts"]

# Valid values put in place of a bad interview or time zone, so that the other fields
# are still checked (and a naive date-time elsewhere still has a zone to be read in).
_STAND_INS = {"interview": "2000-01-04T12:00:00+00:00", "timezone": "UTC"}
_FIELD_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def example_situation(profile_id: str, example: Mapping[str, Any],
                      data: Any = None) -> dict[str, Any]:
    """An example's situation as planned: the industry is the profile's own, or for a country
    overlay (``data``, the file's mapping, has ``country``) the profile the overlay extends, and
    the country is the overlay's unless the example names one."""
    situation = dict(example.get("situation") or {})
    country = overlay_country(data)
    if country is None:
        situation.setdefault("industry", profile_id)
    else:
        situation.setdefault("industry", str(data.get("extends", "general")))
        situation.setdefault("country", country)
    return situation


def overlay_country(data: Any) -> str | None:
    """The country of a country overlay's file data (its
    ``country``), None for any other profile."""
    country = data.get("country") if isinstance(data, Mapping) else None
    return country if isinstance(country, str) else None


def field_path(name: str) -> JsonPath:
    """``contacts[1].at`` as a path: ``("contacts", 1, "at")``."""
    return tuple(text if text else int(index) for text, index in _FIELD_PART.findall(name))


def situation_problems(situation: Mapping[str, Any]) -> tuple[list[SituationError], Situation
                                                              | None]:
    """Every problem of a situation, each with its field, and the situation parsed with its
    faulty fields left out (or, for the interview and time zone, replaced by valid values),
    if that much is usable."""
    errors: list[SituationError] = []
    remaining = dict(situation)
    contacts = (list(range(len(remaining["contacts"])))
                if isinstance(remaining.get("contacts"), list) else [])
    stood_in: set[str] = set()
    written: dict[str, str] = {}  # a misspelt field checked under the name it was meant to have
    while True:
        try:
            return errors, parse_situation(remaining)
        except SituationError as error:
            path = field_path(error.field)
            key = path[0] if path else None
            if isinstance(key, str) and key in written:
                error = replace(error, field=written[key] + error.field[len(key):])
            if (error.message == "unknown field" and error.suggestion
                    and error.suggestion not in remaining
                    and isinstance(key, str) and key in remaining):
                remaining[error.suggestion] = remaining.pop(key)
                written[error.suggestion] = key
            elif key == "contacts" and len(path) > 1 and isinstance(path[1], int) and path[1] < len(
                    contacts):
                # Reported at the contact's place in the file; checking goes on without it.
                error = replace(
                    error, field=error.field.replace(f"[{path[1]}]", f"[{contacts[path[1]]}]", 1))
                remaining["contacts"] = [c for i, c in enumerate(remaining["contacts"]) if i
                                         != path[1]]
                del contacts[path[1]]
            elif isinstance(key, str) and key in _STAND_INS and key not in stood_in:
                stood_in.add(key)
                remaining[key] = _STAND_INS[key]
            elif isinstance(key, str) and key in remaining and key not in _STAND_INS:
                del remaining[key]
            else:
                errors.append(error)
                return errors, None
            errors.append(error)


def check_examples(document: Document, profile_id: str | None, examples: Any,
                   rule_ids: Collection[str] | None, fields: Mapping[str, FieldDecl] | None = None,
                   renamed: Mapping[str, str] | None = None) -> list[Diagnostic]:
    """Every problem of a file's examples that needs no planning.

    ``examples`` is what the file says (the schema may have refused its shape: what is
    not an example is left to it); ``rule_ids`` are the rules of the resolved profile, or
    None when they are not known (its expected reasons are then not checked); ``fields``
    the situation fields it declares, when known (an example's values are checked against them);
    ``renamed`` maps the former ids of renamed rules to their ids (an expected reason by its
    former id is a warning, R316).
    """
    found: list[Diagnostic] = []
    for index, example in enumerate(examples if isinstance(examples, list) else []):
        if not isinstance(example, Mapping) or not isinstance(example.get("situation"), Mapping):
            continue
        base = (*("examples", index), "situation")
        situation = dict(example["situation"])
        if overlay_country(document.data) is not None:
            situation = example_situation(profile_id or "", example, document.data)
        elif profile_id is not None:
            situation.setdefault("industry", profile_id)
            if situation["industry"] != profile_id:
                found.append(document.diagnostic(
                    (*base, "industry"), "X503",
                    f"an example of {profile_id!r} cannot use industry {situation['industry']!r}"))
                situation["industry"] = profile_id
        errors, parsed = situation_problems(situation)
        for error in errors:
            path = field_path(error.field)
            unknown = error.message == "unknown field"
            found.append(document.diagnostic((*base, *path) if path[:1] and path[0] in situation
                                             else base,
                                             "X501", f"example situation: {error}", key=unknown))
        if parsed is not None and fields is not None:
            try:
                check_situation_fields(dict(parsed.fields), fields, profile_id or "")
            except SituationError as error:
                found.append(document.diagnostic((*base, *field_path(error.field)), "X501",
                                                 f"example situation: {error}"))
        if example.get("now") is not None:
            try:
                parse_datetime(example["now"], "now", parsed.zone if parsed is not None
                               else timezone.utc)
            except SituationError as error:
                found.append(document.diagnostic(("examples", index, "now"), "X501",
                                                 f"example {error}"))
        found.extend(_unknown_reasons(document, index, example.get("expect"), rule_ids, renamed
                                      or {}))
    return found


def _unknown_reasons(document: Document, index: int, expect: Any, rule_ids: Collection[str] | None,
                     renamed: Mapping[str, str]) -> list[Diagnostic]:
    if rule_ids is None or not isinstance(expect, Mapping) or not isinstance(
            expect.get("steps"), list):
        return []
    found: list[Diagnostic] = []
    for step_index, step in enumerate(expect["steps"]):
        reasons = step.get("reasons") if isinstance(step, Mapping) else None
        for reason_index, rule_id in enumerate(reasons if isinstance(reasons, list) else []):
            if not isinstance(rule_id, str) or rule_id in rule_ids:
                continue
            path = ("examples", index, "expect", "steps", step_index, "reasons", reason_index)
            if renamed.get(rule_id) in rule_ids:
                found.append(former_id(document, path, "rule", rule_id, renamed[rule_id]))
            else:
                found.append(document.diagnostic(path, "X502",
                                                 f"expects reason {rule_id!r}, which is not a rule "
                                                 "of this profile"))
    return found


def unknown_drafts(document: Document, examples: Any, drafts: Mapping[str, str],
                   renamed: Mapping[str, str] | None = None) -> list[Diagnostic]:
    """X504 for each draft or alternative an example expects that the resolved profile lacks
    (``drafts`` maps its draft ids to their channels), or that names a draft of the wrong kind;
    R316 (a warning) for one named by the former id of a renamed draft (``renamed``)."""
    renamed = renamed or {}
    found: list[Diagnostic] = []
    for index, example in enumerate(examples if isinstance(examples, list) else []):
        expect = example.get("expect") if isinstance(example, Mapping) else None
        steps = expect.get("steps") if isinstance(expect, Mapping) else None
        for step_index, step in enumerate(steps if isinstance(steps, list) else []):
            for key in ("draft", "alternative"):
                wanted = step.get(key) if isinstance(step, Mapping) else None
                if not isinstance(wanted, str):
                    continue
                path = ("examples", index, "expect", "steps", step_index, key)
                if wanted not in drafts and renamed.get(wanted) in drafts:
                    found.append(former_id(document, path, "draft", wanted, renamed[wanted]))
                    wanted = renamed[wanted]
                if wanted not in drafts:
                    found.append(document.diagnostic(path, "X504",
                                                     f"expects {key} {wanted!r}, which is not a "
                                                     "draft of this profile"))
                elif (drafts[wanted] == "letter") != (key == "alternative"):
                    found.append(document.diagnostic(
                        path, "X504",
                        f"expects {key} {wanted!r}, a draft for {drafts[wanted]}: only a letter is "
                        "an alternative, and never the draft of a step's own action"))
    return found
