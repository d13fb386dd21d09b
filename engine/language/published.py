"""The situation and plan schemas as shipped, with what the vocabulary decides in them.

Their prose (titles, descriptions, examples) is written in ``schemas/*.json``; the parts the engine
also decides are set here from :mod:`engine.vocabulary`, so that a schema client and the engine
accept the same texts: the situation's date, date-time and country spellings, the country a plan
echoes, the languages, the effects a reason can name, and every schema's ``$id``; each situation
field's property, in both, is its entry in :mod:`engine.situation_fields`.
``engine.language.schema.write_schemas`` writes the results back, and a test keeps the shipped files
equal to them.
"""

from __future__ import annotations

import json
from copy import deepcopy
from typing import Any

from ..resources import schema_path
from ..situation_fields import SITUATION_FIELDS
from ..spellings import (
    COUNTRY_VARIANTS,
    DATE_SPELLING,
    DATETIME_SPELLING,
    DATETIME_WITH_OFFSET_SPELLING,
    LANGUAGE_ALIASES,
    LANGUAGES,
)
from ..vocabulary import EFFECTS

__all__ = ["plan_schema", "schema_id", "shipped_schema", "situation_definitions",
           "situation_schema"]


def schema_id(name: str) -> str:
    """A schema's ``$id``: a name, not an address (nothing is published at a URL); clients
    find a schema by the path or URL a document gives, and every reference inside one is local."""
    return f"urn:followup-etiquette:schema:{name}"


def shipped_schema(name: str) -> dict[str, Any]:
    """A schema file as it is in ``schemas/`` (a fresh copy each call)."""
    with open(schema_path(name), encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


def _whole(spelling: str) -> str:
    return f"^{spelling}$"


def situation_schema() -> dict[str, Any]:
    """The situation schema: its properties those of
    :data:`engine.situation_fields.SITUATION_FIELDS`, its spellings those the parser uses."""
    schema = shipped_schema("situation")
    schema["$id"] = schema_id("situation")
    schema["properties"] = {name: deepcopy(field.schema)
                            for name, field in SITUATION_FIELDS.items()}
    definitions = schema["$defs"]
    definitions["date"]["pattern"] = _whole(DATE_SPELLING)
    definitions["dateTime"]["pattern"] = _whole(DATETIME_SPELLING)
    definitions["dateTimeWithOffset"]["pattern"] = _whole(DATETIME_WITH_OFFSET_SPELLING)
    return schema


def situation_definitions() -> dict[str, Any]:
    """The situation schema as definitions for the profile schema (``situation`` and its own), so
    that an example's situation is checked as ``advise`` checks one, in one self-contained file."""
    situation = situation_schema()
    definitions: dict[str, Any] = situation.pop("$defs")
    for key in ("$schema", "$id", "examples"):
        situation.pop(key)
    return {"situation": situation, **definitions}


def plan_schema() -> dict[str, Any]:
    """The plan schema, with the effects a reason can name, the situation's fields as a plan echoes
    them and the languages."""
    schema = shipped_schema("plan")
    schema["$id"] = schema_id("plan")
    definitions = schema["$defs"]
    texts = "|".join(EFFECTS[name].text_pattern() for name in sorted(EFFECTS))
    definitions["reason"]["properties"]["effect"]["pattern"] = f"^({texts})$"
    # The situation as the plan echoes it (Situation.to_dict): each field's echo.
    definitions["situation"]["properties"] = {name: deepcopy(field.echo)
                                              for name, field in SITUATION_FIELDS.items()}
    # A draft is written in a variant: a tag with country variants (``en``) is resolved to one.
    definitions["draft"]["properties"]["language"]["enum"] = [
        tag for tag in LANGUAGES if tag not in COUNTRY_VARIANTS and tag not in LANGUAGE_ALIASES]
    return schema
