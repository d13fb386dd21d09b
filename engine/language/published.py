"""The situation and plan schemas as shipped, with what the vocabulary decides in them.

Their prose (titles, descriptions, examples) is written in ``schemas/*.json``; the parts
the engine also decides are set here from :mod:`engine.vocabulary`, so that a schema
client and the engine accept the same texts: the situation's date, date-time and country
spellings, the country a plan echoes, the languages, the effects a reason can name, and every schema's
``$id``. ``engine.language.schema.write_schemas`` writes the results back, and a test
keeps the shipped files equal to them.
"""

from __future__ import annotations

import json
from typing import Any

from ..resources import schema_path
from ..vocabulary import (
    COUNTRY_SPELLING,
    COUNTRY_VARIANTS,
    DATE_SPELLING,
    DATETIME_SPELLING,
    DATETIME_WITH_OFFSET_SPELLING,
    EFFECTS,
    LANGUAGE_ALIASES,
    LANGUAGES,
    PLAN_COUNTRY_SPELLING,
)

__all__ = ["plan_schema", "schema_id", "shipped_schema", "situation_definitions", "situation_schema"]


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
    """The situation schema, its spellings those the parser uses."""
    schema = shipped_schema("situation")
    schema["$id"] = schema_id("situation")
    definitions = schema["$defs"]
    definitions["date"]["pattern"] = _whole(DATE_SPELLING)
    definitions["dateTime"]["pattern"] = _whole(DATETIME_SPELLING)
    definitions["dateTimeWithOffset"]["pattern"] = _whole(DATETIME_WITH_OFFSET_SPELLING)
    schema["properties"]["country"]["pattern"] = _whole(COUNTRY_SPELLING)
    # A language tag is read without regard to case (BCP 47), as the parser reads it.
    tags = "|".join("".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in tag) for tag in LANGUAGES)
    schema["properties"]["language"]["pattern"] = f"^({tags})$"
    return schema


def situation_definitions() -> dict[str, Any]:
    """The situation schema as definitions for the profile schema (``situation`` and its own),
    so that an example's situation is checked as ``advise`` checks one, in one self-contained file."""
    situation = situation_schema()
    definitions: dict[str, Any] = situation.pop("$defs")
    for key in ("$schema", "$id", "examples"):
        situation.pop(key)
    return {"situation": situation, **definitions}


def plan_schema() -> dict[str, Any]:
    """The plan schema, with the effects a reason can name, the country as a plan writes it and the languages."""
    schema = shipped_schema("plan")
    schema["$id"] = schema_id("plan")
    definitions = schema["$defs"]
    texts = "|".join(EFFECTS[name].text_pattern() for name in sorted(EFFECTS))
    definitions["reason"]["properties"]["effect"]["pattern"] = f"^({texts})$"
    definitions["situation"]["properties"]["country"]["pattern"] = _whole(PLAN_COUNTRY_SPELLING)
    definitions["situation"]["properties"]["language"]["enum"] = list(LANGUAGES)
    # A draft is written in a variant: a tag with country variants (``en``) is resolved to one.
    definitions["draft"]["properties"]["language"]["enum"] = [tag for tag in LANGUAGES
                                                          if tag not in COUNTRY_VARIANTS and tag not in LANGUAGE_ALIASES]
    return schema
