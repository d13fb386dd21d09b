"""A plan's drafts filled in: placeholders replaced by the situation's names and the plan's dates.

Substitution is logic-less: a ``{name}`` from :data:`engine.vocabulary.PLACEHOLDERS` is
replaced, in one pass, by plain text, and nothing else in a template or in a value has
any meaning (``{{7*7}}``, ``${x}``, ``%s`` stay as they are). A name the situation lacks
gets a stand-in that reads naturally ("Dear Hiring Manager", "the position").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..evaluation.plan import Plan
from ..language.model import Draft
from ..vocabulary import PLACEHOLDERS
from .words import DAY_NAMES, format_long_day

__all__ = ["STAND_INS", "draft_dict", "fill", "placeholder_values"]

# Only the listed names, so nothing else between braces can ever be replaced.
_PLACEHOLDER = re.compile(r"\{(" + "|".join(map(re.escape, PLACEHOLDERS)) + r")\}")
_BLANK_LINES = re.compile(r"\n{3,}")
# What a placeholder becomes when the situation does not give it.
STAND_INS = {
    "candidate": "",
    "interviewer": "Hiring Manager",
    "company": "your company",
    "role": "the position",
    "promised_date": "the date you mentioned",
    "offer_deadline": "its deadline",
}


def placeholder_values(plan: Plan) -> dict[str, str]:
    """Every placeholder's text for this plan."""
    situation = plan.situation
    year = situation.interview.year
    day = situation.interview.date()
    promised, deadline = situation.promised_reply_by, situation.competing_offer_deadline
    given = {
        "candidate": situation.candidate,
        "interviewer": situation.interviewer,
        "company": situation.company,
        "role": situation.role,
        "promised_date": format_long_day(promised, year=year) if promised else None,
        "offer_deadline": format_long_day(deadline, year=year) if deadline else None,
    }
    values = {name: value if value else STAND_INS[name] for name, value in given.items()}
    values["interview_weekday"] = DAY_NAMES[day.weekday()]
    values["interview_date"] = format_long_day(day, year=year)
    return values


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with its placeholders replaced by text; a line left empty by a missing name is dropped."""
    text = _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def draft_dict(plan: Plan, draft: Draft) -> dict[str, Any]:
    """A draft as the plan's JSON holds it: where it comes from, its channel, its filled parts."""
    values = placeholder_values(plan)
    data: dict[str, Any] = {"id": draft.id, "profile": draft.profile, "channel": draft.channel}
    data.update((part, fill(text, values)) for part, text in draft.parts)
    if draft.why is not None:
        data["why"] = draft.why
    data["sources"] = [plan.profile.sources[key].to_dict() for key in draft.sources if key in plan.profile.sources]
    return data
