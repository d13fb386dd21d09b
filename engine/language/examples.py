"""A profile's embedded examples, checked without planning (for ``followup validate``).

Running them (planning each situation and comparing with its ``expect``) is
:mod:`engine.testing.examples`, for ``followup test``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import Diagnostic, SituationError
from ..evaluation.situation import parse_datetime, parse_situation
from .model import Profile, ProfileFile

__all__ = ["check_examples", "example_situation"]


def example_situation(profile_id: str, example: Mapping[str, Any]) -> dict[str, Any]:
    situation = dict(example.get("situation") or {})
    situation.setdefault("industry", profile_id)
    return situation


def check_examples(profile_file: ProfileFile, profile: Profile) -> list[Diagnostic]:
    """Problems with the examples of a resolved profile that need no planning."""
    found: list[Diagnostic] = []
    rule_ids = {rule.id for rule in profile.rules}
    draft_ids = {draft.id: draft.channel for draft in profile.drafts}
    for index, example in enumerate(profile.examples):
        base = ("examples", index)
        situation = example_situation(profile.id, example)
        if situation["industry"] != profile.id:
            found.append(profile_file.diagnostic((*base, "situation", "industry"), "X503",
                                                 f"an example of {profile.id!r} cannot use industry {situation['industry']!r}"))
            continue
        try:
            parsed = parse_situation(situation)
        except SituationError as error:
            where = error.field.split("[")[0].split(".")[0]
            path = (*base, "situation", where) if where in situation else (*base, "situation")
            found.append(profile_file.diagnostic(path, "X501", f"example situation: {error}"))
        else:
            if example.get("now") is not None:
                try:
                    parse_datetime(example["now"], "now", parsed.zone)
                except SituationError as error:
                    found.append(profile_file.diagnostic((*base, "now"), "X501", f"example {error}"))
        for step_index, step in enumerate((example.get("expect") or {}).get("steps", [])):
            for reason_index, rule_id in enumerate(step.get("reasons", [])):
                if rule_id not in rule_ids:
                    found.append(profile_file.diagnostic(
                        (*base, "expect", "steps", step_index, "reasons", reason_index), "X502",
                        f"expects reason {rule_id!r}, which is not a rule of this profile"))
            for key in ("draft", "alternative"):
                wanted = step.get(key)
                if wanted is not None and wanted not in draft_ids:
                    found.append(profile_file.diagnostic((*base, "expect", "steps", step_index, key), "X504",
                                                         f"expects {key} {wanted!r}, which is not a draft of this profile"))
                elif wanted is not None and (draft_ids[wanted] == "letter") != (key == "alternative"):
                    found.append(profile_file.diagnostic(
                        (*base, "expect", "steps", step_index, key), "X504",
                        f"expects {key} {wanted!r}, a draft for {draft_ids[wanted]}: only a letter is an alternative, "
                        "and never the draft of a step's own action"))
    return found
