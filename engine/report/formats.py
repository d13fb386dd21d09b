"""The registry of plan formats: each one's name, media type, file suffix and renderer.

Every front-end (the CLI's ``--format``, later the server's content negotiation) looks a
format up here; renderers only format. iCalendar is imported when first used (icalendar
is slow to import, and most runs never write a calendar).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from ..evaluation.plan import Plan
from .json import plan_dict
from .text import render_text

__all__ = ["PLAN_FORMATS", "PlanFormat", "render_plan"]


@dataclass(frozen=True)
class PlanFormat:
    name: str
    media_type: str
    suffix: str
    # The plan, and whether to show its drafts (JSON always carries them).
    render: Callable[[Plan, bool], bytes]


def _text(plan: Plan, drafts: bool) -> bytes:
    return render_text(plan, drafts=drafts).encode()


def _json(plan: Plan, drafts: bool) -> bytes:
    return (json.dumps(plan_dict(plan), indent=2, ensure_ascii=False) + "\n").encode()


def _ics(plan: Plan, drafts: bool) -> bytes:
    from .ics import render_ics

    return render_ics(plan, drafts=drafts)


PLAN_FORMATS: dict[str, PlanFormat] = {
    spec.name: spec
    for spec in (
        PlanFormat("text", "text/plain; charset=utf-8", ".txt", _text),
        PlanFormat("json", "application/json", ".json", _json),
        PlanFormat("ics", "text/calendar; charset=utf-8", ".ics", _ics),
    )
}


def render_plan(plan: Plan, fmt: str, *, drafts: bool = True) -> bytes:
    """The plan in the named format (one of :data:`PLAN_FORMATS`); ``drafts=False`` leaves out
    what to say in text and iCalendar."""
    return PLAN_FORMATS[fmt].render(plan, drafts)
