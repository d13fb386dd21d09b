"""followup-etiquette: when and how to follow up after a job interview.

>>> import engine
>>> plan = engine.advise({"interview": "2026-11-20T14:00", "timezone": "America/New_York",
...                       "purpose": "status"}, now="2026-11-21T10:00")
>>> plan.steps[0].action
'call'
"""

from __future__ import annotations

from typing import Any

from .api import advise, backend_name
from .caches import clear_caches
from .errors import (
    BackendUnavailable,
    Diagnostic,
    FollowupError,
    ProfileError,
    RuleEngineError,
    SituationError,
    UnknownProfileError,
)
from .language.catalog import Catalog, default_catalog
from .language.model import Profile
from .language.yaml_source import YamlError
from .plan import Plan, Step, set_json_form
from .situation import Situation, parse_situation

__all__ = [
    "BackendUnavailable",
    "Catalog",
    "Diagnostic",
    "FollowupError",
    "Plan",
    "Profile",
    "ProfileError",
    "RuleEngineError",
    "Situation",
    "SituationError",
    "Step",
    "UnknownProfileError",
    "YamlError",
    "advise",
    "backend_name",
    "clear_caches",
    "default_catalog",
    "parse_situation",
]

__version__ = "0.2.0"


def _plan_dict(plan: Plan) -> dict[str, Any]:
    # the report layer is loaded when a plan is first asked for its JSON
    from .report.json import plan_dict

    return plan_dict(plan)


# Plan.to_dict(): the plan module lies below the report and cannot import it
set_json_form(_plan_dict)
