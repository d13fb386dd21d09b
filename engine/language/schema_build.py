"""The profile JSON Schema built from the vocabulary; the shipped schema files written from it."""

from __future__ import annotations

import json
from typing import Any

from ..caches import memo
from ..resources import schema_path
from ..spellings import TRANSLATED_LANGUAGES
from ..vocabulary import (
    ACTIONS,
    CHANNELS,
    EFFECTS,
    EVIDENCE,
    FACTS,
    MAX_LIST,
    PROFILE_FORMAT,
    PURPOSES,
    SETTINGS_DEFAULTS,
    VERDICTS,
    WEEKDAYS,
)
from .conditions import (
    FIELD_KEY,
    PERIOD_KEY,
)
from .published import plan_schema, schema_id, situation_definitions, situation_schema
from .schema_parts import (
    HHMM,
    OVERLAY_COUNTRY,
    SLUG,
    draft_expectations,
    draft_schema,
    effect_schema,
    fact_schema,
    former_ids,
)

__all__ = ["profile_schema", "write_profile_schema", "write_schemas"]


@memo("language.schema_build.profile_schema")
def profile_schema() -> dict[str, Any]:
    """The profile schema, built from :mod:`engine.vocabulary`."""
    condition_properties: dict[str, Any] = {
        "all": {"type": "array", "items": {"$ref": "#/$defs/condition"}, "minItems": 1,
                "description": "Every listed condition holds."},
        "any": {"type": "array", "items": {"$ref": "#/$defs/condition"}, "minItems": 1,
                "description": "At least one listed condition holds."},
        "not": {"$ref": "#/$defs/condition", "description": "The condition does not hold."},
    }
    for spec in FACTS.values():
        condition_properties[spec.name] = fact_schema(spec)
    period_name = {"type": "string", "pattern": SLUG}
    period_names = {"type": "array", "items": period_name, "minItems": 1, "maxItems": MAX_LIST}
    condition_properties[PERIOD_KEY] = {
        "description": "The slot's date lies in one of the profile's periods (`periods:`): a name, "
                       "a list of names (one of them), or `{in: [...]}` / `{not_in: [...]}`.",
        "anyOf": [period_name, period_names,
                  {"type": "object", "additionalProperties": False, "minProperties": 1,
                   "properties": {"in": {**period_names, "description": "In one of these periods."},
                                  "not_in": {**period_names,
                                             "description": "In none of these periods."}}}],
        "examples": ["winter-break"],
    }
    condition_properties[FIELD_KEY] = {
        "type": "object",
        "description": "The situation fields the profile declares (`fields:`), each tested like a "
                       "fact: a value, a list of values (one of them), or operators.",
        "propertyNames": {"pattern": SLUG},
        "minProperties": 1,
        "examples": [{"outlet": ["daily", "digital"]}],
    }
    time = {"type": "string", "pattern": HHMM, "examples": ["09:00"]}
    effects = {name: effect_schema(EFFECTS[name]) for name in sorted(EFFECTS)}
    source_ref = {"type": "string", "pattern": SLUG}
    settings = {
        "type": "object",
        "title": "Settings",
        "description": "Values that shape the slots; a child states only what it changes.",
        "additionalProperties": False,
        "properties": {
            "business_hours": {
                "type": "object",
                "description": "Employer-local working hours; calls and e-mails are planned inside "
                               "them.",
                "additionalProperties": False,
                "required": ["start", "end"],
                "properties": {"start": {**time, "description": "When the working day starts "
                                                                "(HH:MM, quoted)."},
                               "end": {**time,
                                       "description": "When the working day ends (HH:MM, quoted).",
                                       "examples": ["17:00"]}},
                "default": SETTINGS_DEFAULTS["business_hours"],
            },
            "business_hours_by_channel": {
                "type": "object",
                "description": "Hours of their own for some channels (`call`, `email`), replacing "
                               "`business_hours` for that channel: e-mail before the first bell, "
                               "calls only after dismissal. Calls stay within 08:00-18:00 whatever "
                               "the hours say.",
                "additionalProperties": False,
                "properties": {channel: {
                    "type": "object", "additionalProperties": False, "required": ["start", "end"],
                    "description": f"When {'a call' if channel == 'call' else 'an e-mail'} is "
                                   "planned (employer-local; `end` exclusive).",
                    "properties": {"start": {**time, "description": "From (HH:MM, quoted)."},
                                   "end": {**time, "description": "Until (HH:MM, quoted).",
                                           "examples": ["16:30"]}},
                } for channel in CHANNELS},
                "examples": [{"email": {"start": "07:30", "end": "16:30"},
                              "call": {"start": "15:00", "end": "16:30"}}],
            },
            "best_ranges": {
                "enum": ["ranked", "wide"],
                "description": "How best times that score the same are ordered: `ranked` (the "
                               "default) lists the earliest first; `wide` lists the longest ranges "
                               "first, so one long range of a day comes before short ones.",
                "default": "ranked",
            },
            "business_days": {
                "type": "array", "items": {"enum": list(WEEKDAYS)}, "minItems": 1,
                "uniqueItems": True,
                "description": "Weekdays the field works. The country's weekend is never a "
                               "business day, so the default (every weekday) means the country's "
                               "own working week.",
                "default": SETTINGS_DEFAULTS["business_days"],
            },
            "horizon_days": {
                "type": "integer", "minimum": 1, "maximum": 366,
                "description": "Days after the interview within which a follow-up still makes "
                               "sense.",
                "default": SETTINGS_DEFAULTS["horizon_days"],
            },
            "promise_grace_days": {
                "type": "integer", "minimum": 1, "maximum": 30,
                "description": "Business days after a promised reply date that the plan stays "
                               "open, even past the horizon: the grace period in which a polite "
                               "status question fits.",
                "default": SETTINGS_DEFAULTS["promise_grace_days"],
            },
            "slot_minutes": {
                "enum": [15, 20, 30, 60, 120],
                "description": "Length of a planning slot in minutes.",
                "default": SETTINGS_DEFAULTS["slot_minutes"],
            },
            "sequence": {
                "type": "array", "items": {"enum": list(PURPOSES)}, "minItems": 1,
                "uniqueItems": True,
                "description": "The steps planned when the situation names no purpose.",
                "default": SETTINGS_DEFAULTS["sequence"],
            },
            "default_channel": {
                "enum": list(CHANNELS),
                "description": "The channel of a step no rule recommends one for.",
                "default": SETTINGS_DEFAULTS["default_channel"],
            },
            "best_slots": {
                "type": "integer", "minimum": 1, "maximum": 3,
                "description": "How many ranked time ranges a step lists as best: a candidate "
                               "reads at most three.",
                "default": SETTINGS_DEFAULTS["best_slots"],
            },
            "follow_ups": {
                "type": "integer", "minimum": 1, "maximum": 10,
                "description": "How many follow-ups (status or feedback contacts recorded after "
                               "the thank-you) a candidate makes before it is time to move on.",
                "default": SETTINGS_DEFAULTS["follow_ups"],
            },
        },
    }
    rule = {
        "type": "object",
        "title": "Rule",
        "description": "When the condition holds, the effect applies. A rule with a parent's id "
                       "replaces it.",
        "additionalProperties": False,
        "required": ["id"],
        "properties": {
            "id": {"type": "string", "pattern": SLUG,
                   "description": "Unique id; overrides a parent rule of that id.",
                   "examples": ["status-by-call"]},
            "when": {"$ref": "#/$defs/condition",
                     "description": "Condition over facts; absent means always."},
            "then": {
                "type": "object", "title": "Effect", "description": "Exactly one effect.",
                "properties": effects, "additionalProperties": False, "minProperties": 1,
                "maxProperties": 1,
            },
            "why": {"type": "string", "minLength": 10, "maxLength": 400,
                    "description": "Why the rule holds, in one sentence the advice shows."},
            "source": {
                "description": "Id(s) of the sources backing the rule.",
                "anyOf": [source_ref, {"type": "array", "items": source_ref, "minItems": 1}],
            },
            "invariant": {"type": "boolean",
                          "description": "No descendant may override or remove this rule."},
            "priority": {"type": "integer", "minimum": -100, "maximum": 100,
                         "description": "Breaks ties between recommend rules of one profile "
                                        "(higher wins)."},
            "remove": {"const": True, "description": "Removes the parent's rule of this id."},
            "replaces": former_ids("rule"),
            "translations": {
                "type": "object",
                "description": "The rule's `why` written in other languages; a plan in a language "
                               "it lacks shows the English, marked as such.",
                "propertyNames": {"enum": list(TRANSLATED_LANGUAGES)},
                "additionalProperties": {
                    "type": "object", "additionalProperties": False, "required": ["why"],
                    "properties": {"why": {"type": "string", "minLength": 5, "maxLength": 400,
                                           "description": "Why the rule holds, in this language."}},
                },
            },
        },
        # ``true``: each property is described above; naming it again satisfies strict validators.
        "if": {"properties": {"remove": True}, "required": ["remove"]},
        "then": {"maxProperties": 2},
        "else": {"properties": {"then": True, "why": True, "source": True},
                 "required": ["then", "why", "source"]},
    }
    date = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "examples": ["2026-11-24"]}
    step_expect = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "purpose": {"enum": list(PURPOSES),
                        "description": "The step this expectation is about."},
            "action": {"enum": list(ACTIONS),
                       "description": "The step's action: call, email or none."},
            "best_date": {**date, "description": "Date of the top-ranked best slot."},
            "earliest_date": {**date, "description": "Date the window opens."},
            "latest_date": {**date, "description": "Date the window closes."},
            "reasons": {"type": "array", "items": {"type": "string", "pattern": SLUG},
                        "description": "Rule ids that must be among the step's reasons."},
            **draft_expectations(),
        },
    }
    example = {
        "type": "object",
        "title": "Example",
        "description": "A situation and what the plan must say; `followup test` runs it.",
        "additionalProperties": False,
        "required": ["name", "situation", "expect"],
        "properties": {
            "name": {"type": "string", "minLength": 1,
                     "description": "What the example shows, in a few words."},
            "situation": {"$ref": "#/$defs/situation",
                          "description": "A situation, as for `followup advise --input`."},
            "now": {"$ref": "#/$defs/dateTime",
                    "description": "The moment the plan is asked for (employer-local unless an "
                                   "offset is given)."},
            "expect": {
                "type": "object",
                "description": "What the plan must say; anything left out is not checked.",
                "additionalProperties": False,
                "properties": {
                    "verdict": {"enum": list(VERDICTS), "description": "The verdict for `now`."},
                    "steps": {"type": "array", "items": step_expect, "minItems": 1,
                              "description": "The plan's steps, in order, each with what it must "
                                             "say."},
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id("profile"),
        "title": "followup-etiquette profile",
        "description": "Follow-up etiquette for one field: settings, rules, sources and examples.",
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "name", "rules"],
        "properties": {
            "id": {"type": "string", "pattern": SLUG,
                   "description": "Profile id (used by `industry` and `extends`).",
                   "examples": ["legal"]},
            "format": {"type": "integer", "minimum": 1, "maximum": PROFILE_FORMAT,
                       "description": "The profile format the file is written in (absent: 1). A "
                                      "profile declaring "
                                      f"a newer format than this engine reads ({PROFILE_FORMAT}) "
                                      "is refused (S204): upgrade followup-etiquette to read it.",
                       "examples": [PROFILE_FORMAT]},
            "name": {"type": "string", "minLength": 1, "description": "Human name.",
                     "examples": ["Legal"]},
            "version": {"type": "integer", "minimum": 1,
                        "description": "Bumped when the advice changes."},
            "description": {"type": "string",
                            "description": "What sets the field apart, in a few sentences."},
            "evidence": {"enum": list(EVIDENCE), "description": "How far the sources agree."},
            "extends": {"type": "string", "pattern": SLUG,
                        "description": "Parent profile id (never a path). Absent: `core`.",
                        "examples": ["general"]},
            "country": {"type": "string", "pattern": OVERLAY_COUNTRY,
                        "description": "Makes the profile a country overlay: the ISO 3166 code "
                                       "(alpha-2, upper case, optionally with a subdivision) of "
                                       "the employers it applies to. It sits just above the "
                                       "profile it extends in every plan for that country (core, "
                                       "general, the overlay, then the industry); its own rule ids "
                                       "start with the code in lower case and a hyphen.",
                        "examples": ["DE", "ES-CT"]},
            "settings": settings,
            "sources": {
                "type": "object",
                "description": "Citations, by id.",
                "propertyNames": {"pattern": SLUG},
                "additionalProperties": {
                    "type": "object", "additionalProperties": False, "required": ["title"],
                    "properties": {"title": {"type": "string", "minLength": 1,
                                             "description": "What the source is."},
                                   "url": {"type": "string", "pattern": "^https?://",
                                           "description": "Where to read it."},
                                   "note": {"type": "string",
                                            "description": "What it says, or how far it applies."}},
                },
            },
            "fields": {
                "type": "object",
                "description": "Situation fields of this profile's own, which situations give "
                               "under `fields:` and rules test with `field: {NAME: value}`.",
                "propertyNames": {"pattern": SLUG},
                "additionalProperties": {
                    "type": "object", "additionalProperties": False,
                    "required": ["type", "description"], "properties": {
                        "type": {"enum": ["enum", "bool", "int"],
                                 "description": "enum: one of `values`; bool: true or false; int: "
                                                "a whole number."},
                        "values": {"type": "array", "items": {"type": "string", "pattern": SLUG},
                                   "minItems": 1,
                                   "uniqueItems": True,
                                   "description": "The values of an enum field."},
                        "minimum": {"type": "integer",
                                    "description": "The least value of an int field."},
                        "maximum": {"type": "integer",
                                    "description": "The greatest value of an int field."},
                        "default": {"anyOf": [{"type": "string"}, {"type": "boolean"},
                                              {"type": "integer"}],
                                    "description": "The value when a situation gives none (enum: "
                                                   "the first value; bool: false; int: the "
                                                   "minimum, else 0)."},
                        "description": {"type": "string", "minLength": 1,
                                        "description": "What the field says, for the people who "
                                                       "fill it in."},
                    },
                },
                "examples": [{"outlet": {"type": "enum", "values": ["daily", "weekly", "digital"],
                                         "description": "The kind of newsroom."}}],
            },
            "periods": {
                "type": "object",
                "description": "Named stretches of the year that rules test with `period: NAME`: "
                               "from a day to a day (both included), each a fixed date `MM-DD` or "
                               "a holiday of the situation's country with days before (negative) "
                               "or after it.",
                "propertyNames": {"pattern": SLUG},
                "additionalProperties": {
                    "type": "object", "additionalProperties": False, "required": ["from", "to"],
                    "properties": {"from": {"$ref": "#/$defs/period_day",
                                            "description": "The period's first day."},
                                   "to": {"$ref": "#/$defs/period_day",
                                          "description": "The period's last day."},
                                   "description": {"type": "string",
                                                   "description": "What the period is."}},
                },
                "examples": [{"winter-break": {"from": "12-24", "to": "01-01"},
                              "diwali-week": {"from": {"holiday": "Diwali", "days": -2},
                                              "to": {"holiday": "Diwali", "days": 4}}}],
            },
            "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"},
                      "description": "The rules this profile adds, replaces (same id) or removes."},
            "drafts": {"type": "array", "items": {"$ref": "#/$defs/draft"},
                       "description": "What to say: message drafts per purpose and channel."},
            "translations": {
                "type": "object", "propertyNames": {"enum": list(TRANSLATED_LANGUAGES)},
                "description": "The profile's name in other languages, shown where a plan in that "
                               "language names it (the text, the page, the notes); absent: its "
                               "English `name`.",
                "additionalProperties": {"type": "object", "additionalProperties": False,
                                         "required": ["name"],
                                         "properties": {"name": {"type": "string", "minLength": 1,
                                                                 "description": "The name in that "
                                                                                "language."}}},
                "examples": [{"de": {"name": "Rechtswesen"}}],
            },
            "languages": {"type": "array", "items": {"enum": list(TRANSLATED_LANGUAGES)},
                          "uniqueItems": True,
                          "description": "Languages besides English this profile's drafts are "
                                         "written in: `followup validate` checks that each draft "
                                         "has each of them."},
            "examples": {"type": "array", "items": {"$ref": "#/$defs/example"},
                         "description": "Situations and what their plans must say; `followup test` "
                                        "runs them."},
        },
        "$defs": {
            "condition": {
                "type": "object",
                "title": "Condition",
                "description": "Facts to test; several keys must all hold.",
                "properties": condition_properties,
                "additionalProperties": False,
                "minProperties": 1,
            },
            "period_day": {
                "title": "Period day",
                "description": "A day of the year, `MM-DD` (quoted), or a holiday by its name in "
                               "the calendar of the situation's country, with `days` before "
                               "(negative) or after it.",
                "anyOf": [{"type": "string", "examples": ["12-24"]},
                          {"type": "object", "additionalProperties": False, "required": ["holiday"],
                           "properties": {"holiday": {"type": "string", "minLength": 1,
                                                      "examples": ["Diwali"]},
                                          "days": {"type": "integer", "minimum": -60,
                                                   "maximum": 60}}}],
            },
            "rule": rule,
            "draft": draft_schema(source_ref),
            "example": example,
            **situation_definitions(),
        },
    }


def _write(name: str, schema: dict[str, Any]) -> None:
    text = json.dumps(schema, indent=2) + "\n"
    with open(schema_path(name), "w", encoding="utf-8") as handle:
        handle.write(text)


def write_profile_schema() -> None:
    """Regenerate ``schemas/profile.schema.json`` after a change to the vocabulary."""
    _write("profile", profile_schema())


def write_schemas() -> None:
    """Regenerate what the vocabulary decides in ``schemas/``: the profile schema, the situation's
    spellings, the plan's effects and country."""
    _write("situation", situation_schema())
    write_profile_schema()
    _write("plan", plan_schema())
