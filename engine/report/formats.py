"""The registry of plan formats: each one's name, media type, file suffix and renderer.

Every front-end (the CLI's ``--format``, the server's content negotiation) looks a
format up here; renderers only format, as a :class:`Reading` asks (with or without
drafts, every rule or only the deciding ones, the candidate's own zone). iCalendar is
imported when first used (icalendar is slow to import, and most runs never write a
calendar).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..plan import Plan
from .json import plan_dict
from .text import render_text

__all__ = ["PLAN_FORMATS", "PlanFormat", "Reading", "render_plan"]


@dataclass(frozen=True)
class Reading:
    """How a person wants a plan shown. JSON always carries everything; text and iCalendar
    leave out what to say unless ``drafts``; text lists every rule that shaped a step only
    with ``explain``, and adds the candidate's clock (``my_zone``) where it differs. JSON's
    sentences for people are English for programs, or the plan's language with ``translated``."""

    drafts: bool = True
    explain: bool = False
    my_zone: ZoneInfo | None = None
    translated: bool = False  # JSON: its sentences for people in the plan's language, not English


@dataclass(frozen=True)
class PlanFormat:
    name: str
    media_type: str
    suffix: str
    render: Callable[[Plan, Reading], bytes]


def _text(plan: Plan, reading: Reading) -> bytes:
    return render_text(plan, drafts=reading.drafts, explain=reading.explain,
                       my_zone=reading.my_zone).encode()


def _json(plan: Plan, reading: Reading) -> bytes:
    return (json.dumps(plan_dict(plan, translated=reading.translated), indent=2, ensure_ascii=False)
            + "\n").encode()


def _ics(plan: Plan, reading: Reading) -> bytes:
    from .ics import render_ics

    return render_ics(plan, drafts=reading.drafts)


PLAN_FORMATS: dict[str, PlanFormat] = {
    spec.name: spec
    for spec in (
        PlanFormat("text", "text/plain; charset=utf-8", ".txt", _text),
        PlanFormat("json", "application/json", ".json", _json),
        PlanFormat("ics", "text/calendar; charset=utf-8", ".ics", _ics),
    )
}


def render_plan(plan: Plan, fmt: str, reading: Reading | None = None) -> bytes:
    """The plan in the named format (one of :data:`PLAN_FORMATS`), shown as ``reading`` asks
    (by default: with drafts, the deciding rules only, the employer's zone alone)."""
    return PLAN_FORMATS[fmt].render(plan, reading or Reading())
