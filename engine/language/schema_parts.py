"""Parts of the profile schema: the values of facts, effects and drafts; ids and times."""

from __future__ import annotations

from typing import Any

from ..operators import OPERATORS, operators_for
from ..placeholders import PLACEHOLDERS
from ..spellings import TRANSLATED_LANGUAGES
from ..vocabulary import DRAFT_CHANNELS, DRAFT_PARTS, MAX_LIST, PURPOSES, EffectSpec, FactSpec

__all__ = ["HHMM", "OVERLAY_COUNTRY", "SLUG", "draft_expectations", "draft_schema",
           "effect_schema", "fact_schema", "former_ids", "scalar_schema"]

SLUG = "^[a-z0-9][a-z0-9_-]*$"
# The country of an overlay: an alpha-2 code, optionally with a subdivision (DE, ES-CT).
OVERLAY_COUNTRY = "^[A-Z]{2}(-[A-Z0-9]{1,3})?$"
HHMM = "^([01][0-9]|2[0-3]):[0-5][0-9]$"


def scalar_schema(spec: FactSpec) -> dict[str, Any]:
    if spec.kind == "int":
        return {"type": "integer"}
    if spec.kind == "bool":
        return {"type": "boolean"}
    if spec.kind == "time":
        return {"type": "string", "pattern": HHMM}
    return {"type": "string", "enum": list(spec.choices)}


def fact_schema(spec: FactSpec) -> dict[str, Any]:
    scalar = scalar_schema(spec)
    ops: dict[str, Any] = {}
    for op in operators_for(spec.kind):
        if op in ("in", "not_in"):
            ops[op] = {"type": "array", "items": scalar, "minItems": 1, "maxItems": MAX_LIST}
        elif op == "between":
            ops[op] = {"type": "array", "items": scalar, "minItems": 2, "maxItems": 2}
        else:
            ops[op] = scalar
        ops[op] = {**ops[op], "description": OPERATORS[op]}
    alternatives: list[dict[str, Any]] = [scalar]
    if spec.kind != "bool":
        alternatives.append({"type": "array", "items": scalar, "minItems": 1, "maxItems": MAX_LIST})
    alternatives.append(
        {
            "type": "object",
            "title": f"Operators for {spec.name}",
            "properties": ops,
            "additionalProperties": False,
            "minProperties": 1,
        }
    )
    return {
        "title": spec.name,
        "description": f"{spec.description} ({spec.kind}, {spec.scope} fact)",
        "anyOf": alternatives,
        "examples": [spec.example],
    }


def effect_schema(spec: EffectSpec) -> dict[str, Any]:
    """An effect's value: its schema fragment, described, with its examples last."""
    fragment = {key: value for key, value in spec.schema.items() if key != "examples"}
    fragment["description"] = spec.description
    if "examples" in spec.schema:
        fragment["examples"] = spec.schema["examples"]
    return fragment


def draft_schema(source_ref: dict[str, Any]) -> dict[str, Any]:
    """A message draft: what to say for a purpose by a channel, with ``{name}`` placeholders."""
    names = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    parts: dict[str, Any] = {}
    for channel_parts in DRAFT_PARTS.values():
        for part in channel_parts:
            users = [name for name, listed in DRAFT_PARTS.items() if part in listed]
            parts.setdefault(part, {
                "type": "string", "minLength": 1, "maxLength": 4000,
                "description": f"Part of a draft for {' or '.join(users)}; may use the "
                               f"placeholders {names}.",
            })
    return {
        "type": "object",
        "title": "Draft",
        "description": "What to say for one purpose by one channel. A draft with a parent's id "
                       "replaces it; the nearest profile's draft for a purpose and channel is "
                       "used.",
        "additionalProperties": False,
        "required": ["id"],
        "properties": {
            "id": {"type": "string", "pattern": SLUG,
                   "description": "Unique id; replaces a parent draft of that id.",
                   "examples": ["thank-you-email"]},
            "purpose": {"enum": list(PURPOSES), "description": "The step it is for."},
            "channel": {"enum": list(DRAFT_CHANNELS),
                        "description": "call and email fit a step of that action; a letter is "
                                       "offered beside a step's own action, never instead of its "
                                       "timing."},
            "when": {"$ref": "#/$defs/condition",
                     "description": "Condition over step facts (traditional, "
                                    "has_promised_reply...); absent: always."},
            **parts,
            "why": {"type": "string", "minLength": 10, "maxLength": 400,
                    "description": "Why this draft (required for a letter: the plan shows it "
                                   "beside the offer)."},
            "source": {"description": "Id(s) of the sources behind the draft's tone or channel.",
                       "anyOf": [source_ref,
                                 {"type": "array", "items": source_ref, "minItems": 1}]},
            "remove": {"const": True, "description": "Removes the parent's draft of this id."},
            "replaces": former_ids("draft"),
            "translations": {
                "type": "object",
                "description": "The draft written in other languages, each with the channel's "
                               "parts (the placeholders are the same; their values are in that "
                               "language). A language the draft lacks is taken from the parent's "
                               "draft of the same id.",
                "propertyNames": {"enum": list(TRANSLATED_LANGUAGES)},
                "additionalProperties": {
                    "type": "object", "additionalProperties": False, "minProperties": 1,
                    "properties": {part: {**schema, "description": f"The {part} in this language."}
                                   for part, schema in parts.items()},
                },
            },
        },
        # ``true``: each property is described above; naming it again satisfies strict validators.
        "if": {"properties": {"remove": True}, "required": ["remove"]},
        "then": {"maxProperties": 2},
        "else": {"properties": {"purpose": True, "channel": True},
                 "required": ["purpose", "channel"]},
    }


def former_ids(kind: str) -> dict[str, Any]:
    return {
        "type": "array", "items": {"type": "string", "pattern": SLUG}, "minItems": 1,
        "uniqueItems": True,
        "description": f"Former ids of this {kind}, renamed: a profile that overrides, removes or "
                       "expects one of "
                       f"them still works, with a warning (R316) to write the new id.",
        "examples": [["core-friday-midweek"]],
    }


def draft_expectations() -> dict[str, Any]:
    """What an example can expect of a step's drafts."""
    draft_id = {"type": "string", "pattern": SLUG}
    return {
        "draft": {**draft_id, "description": "Id of the draft the step must carry."},
        "alternative": {**draft_id,
                        "description": "Id of the letter draft the step must offer beside its "
                                       "action."},
        "draft_contains": {"type": "array", "items": {"type": "string", "minLength": 1},
                           "minItems": 1,
                           "description": "Texts the filled draft must contain (in any of its "
                                          "parts)."},
    }
