"""The situation and plan schemas: valid Draft 2020-12, true to what the engine accepts and emits."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import engine
from engine.language.schema import load_schema
from engine.situation import FIELDS

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def load(name: str) -> dict[str, Any]:
    with open(SCHEMAS / f"{name}.schema.json", encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


SITUATION_SCHEMA = load("situation")
PLAN_SCHEMA = load("plan")
SITUATION = jsonschema.Draft202012Validator(SITUATION_SCHEMA)
PLAN = jsonschema.Draft202012Validator(PLAN_SCHEMA)
INDUSTRIES = tuple(engine.default_catalog().industries)


def plan_errors(plan: Mapping[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in PLAN.iter_errors(plan)]


def situation_errors(situation: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in SITUATION.iter_errors(situation)]


# --- the schemas themselves -------------------------------------------------------------


@pytest.mark.parametrize("name", ["situation", "plan"])
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = load(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:followup-etiquette:schema:{name}"
    assert schema["title"] and schema["description"]


@pytest.mark.parametrize("name", ["situation", "plan"])
def test_shipped_schema_is_what_the_engine_loads(name: str) -> None:
    assert load_schema(name) == load(name)


def test_situation_schema_has_exactly_the_engine_fields() -> None:
    assert list(SITUATION_SCHEMA["properties"]) == list(FIELDS)
    assert SITUATION_SCHEMA["required"] == ["interview"]
    assert SITUATION_SCHEMA["additionalProperties"] is False


def _documented() -> Iterator[tuple[str, Mapping[str, Any]]]:
    yield from SITUATION_SCHEMA["properties"].items()
    for name, field in SITUATION_SCHEMA["$defs"]["contact"]["properties"].items():
        yield f"contacts[].{name}", field


@pytest.mark.parametrize("name", [name for name, _ in _documented()])
def test_situation_field_has_title_description_examples(name: str) -> None:
    field = dict(_documented())[name]
    assert field.get("title"), name
    assert field.get("description"), name
    assert field.get("examples"), name


@pytest.mark.parametrize("name", FIELDS)
def test_situation_field_examples_are_valid(name: str) -> None:
    # One property's schema, with the root's $defs so that its $ref resolves.
    validator = jsonschema.Draft202012Validator(
        {"$defs": SITUATION_SCHEMA["$defs"], **SITUATION_SCHEMA["properties"][name]}
    )
    for example in SITUATION_SCHEMA["properties"][name]["examples"]:
        assert validator.is_valid(example), (name, example)


def test_every_iana_zone_matches_the_timezone_pattern() -> None:
    pattern = re.compile(SITUATION_SCHEMA["properties"]["timezone"]["pattern"])
    assert not sorted(zone for zone in available_timezones() if not pattern.match(zone))


def test_known_industries_match_the_industry_pattern() -> None:
    pattern = re.compile(SITUATION_SCHEMA["properties"]["industry"]["pattern"])
    assert all(pattern.match(industry) for industry in INDUSTRIES)
    assert set(SITUATION_SCHEMA["properties"]["industry"]["examples"]) <= set(INDUSTRIES)


@pytest.mark.parametrize("example", SITUATION_SCHEMA["examples"], ids=lambda e: e["interview"])
def test_situation_schema_examples_are_valid_and_give_plans(example: dict[str, Any]) -> None:
    assert not situation_errors(example)
    situation = engine.parse_situation(example, known_industries=INDUSTRIES)
    assert situation.industry in INDUSTRIES
    plan = engine.advise(example, now="2026-11-23T10:00").to_dict()
    assert not plan_errors(plan)


# --- real plans validate ------------------------------------------------------------------

NY = {"interview": "2026-11-20T14:00", "timezone": "America/New_York"}

# (id, situation, now): chosen to reach every verdict, every action, a note, fixed offsets,
# offsets of +05:45 and +14:00, a DST change inside the plan, and historical offsets in seconds.
PLANS: list[tuple[str, dict[str, Any], str]] = [
    ("ny-before", NY, "2026-11-20T13:00"),
    ("ny-email-now", NY, "2026-11-20T15:30"),
    ("ny-evening", NY, "2026-11-20T18:00"),
    ("ny-call-now", NY, "2026-11-24T10:30"),
    ("ny-too-late", NY, "2027-01-10T10:00"),
    ("ny-us", {**NY, "country": "US"}, "2026-11-25T10:00"),
    ("ny-us-ny", {**NY, "country": "US-NY"}, "2026-11-21T10:00"),
    ("grievance", {**NY, "purpose": "grievance"}, "2026-11-21T10:00"),
    ("heard-back", {**NY, "heard_back": True}, "2026-11-21T10:00"),
    ("thank-you", {**NY, "purpose": "thank_you"}, "2026-11-21T10:00"),
    ("feedback", {**NY, "purpose": "feedback", "country": "US"}, "2026-11-21T10:00"),
    ("status-promised", {**NY, "purpose": "status", "promised_reply_by": "2026-11-27"}, "2026-11-21T10:00"),
    ("status-promised-late", {**NY, "purpose": "status", "promised_reply_by": "2027-03-01"},
     "2026-11-21T10:00"),
    ("offer", {**NY, "purpose": "competing_offer", "competing_offer_deadline": "2026-11-25", "country": "US"},
     "2026-11-21T10:00"),
    ("offer-passed", {**NY, "purpose": "competing_offer", "competing_offer_deadline": "2026-11-10"},
     "2026-11-21T10:00"),
    ("contacts", {**NY, "contacts": [{"at": "2026-11-24T10:15", "channel": "call"},
                                     {"at": "2026-11-20T18:00-05:00"}]}, "2026-11-25T10:00"),
    ("gb", {"interview": "2026-12-18T11:00", "timezone": "Europe/London", "country": "GB"},
     "2026-12-21T09:30"),
    ("gb-dst", {"interview": "2026-10-21T11:00", "timezone": "Europe/London", "country": "GB-ENG"},
     "2026-10-26T09:30"),
    ("de-by", {"interview": "2026-12-23T10:00", "timezone": "Europe/Berlin", "country": "DE-BY"},
     "2026-12-24T10:00"),
    ("kathmandu", {"interview": "2026-11-20T14:00", "timezone": "Asia/Kathmandu", "purpose": "status"},
     "2026-11-24T10:30"),
    ("kiritimati", {"interview": "2026-11-20T14:00", "timezone": "Pacific/Kiritimati", "purpose": "status"},
     "2026-11-24T10:30"),
    ("kiritimati-utc-now", {"interview": "2026-11-20T00:00Z", "timezone": "Pacific/Kiritimati"},
     "2026-11-20T00:00Z"),
    ("fixed-offset", {"interview": "2026-11-20T14:00+05:30"}, "2026-11-21T10:00"),
    ("fixed-negative-half", {"interview": "2026-11-20T14:00-09:30", "purpose": "status"}, "2026-11-24T10:30"),
    ("utc-z", {"interview": "2026-11-20T14:00Z", "country": "GB"}, "2026-11-20T16:00Z"),
    ("sydney", {"interview": "2026-12-24T09:00", "timezone": "Australia/Sydney", "country": "AU-NSW"},
     "2026-12-29T10:00"),
    ("seconds", {"interview": "2026-11-20T14:00:30.123456-05:00", "timezone": "America/New_York"},
     "2026-11-21T10:00"),
    ("lmt-1900", {"interview": "1900-06-01T10:00", "timezone": "Asia/Kathmandu"}, "1900-06-05T10:00"),
    ("names", {**NY, "ref": "app-42", "company": "Smith & Jones LLP", "role": "Associate",
               "interviewer": "Ms. Rivera", "candidate": "Alex Kim"}, "2026-11-21T10:00"),
    ("nulls", {**NY, "industry": None, "country": None, "purpose": None, "promised_reply_by": None,
               "competing_offer_deadline": None, "heard_back": None, "traditional": None, "contacts": None,
               "ref": None, "company": None, "role": None, "interviewer": None, "candidate": None},
     "2026-11-21T10:00"),
]
for _industry in INDUSTRIES:
    PLANS += [
        (f"{_industry}-sequence", {**NY, "industry": _industry, "country": "US"}, "2026-11-23T10:00"),
        (f"{_industry}-traditional",
         {**NY, "industry": _industry, "traditional": True, "purpose": "thank_you"}, "2026-11-21T10:00"),
        (f"{_industry}-status-promised",
         {**NY, "industry": _industry, "purpose": "status", "promised_reply_by": "2026-11-24",
          "country": "US-NY"},
         "2026-11-25T10:00"),
        (f"{_industry}-offer",
         {"interview": "2026-11-18T09:00", "timezone": "Europe/Berlin", "industry": _industry,
          "country": "DE-BY", "purpose": "competing_offer", "competing_offer_deadline": "2026-11-23"},
         "2026-11-19T10:00"),
        (f"{_industry}-grievance", {**NY, "industry": _industry, "purpose": "grievance"}, "2026-11-21T10:00"),
    ]


def _plan(situation: Mapping[str, Any], now: str) -> dict[str, Any]:
    return engine.advise(situation, now=now).to_dict()


@pytest.mark.parametrize(("situation", "now"), [(s, n) for _, s, n in PLANS], ids=[i for i, _, _ in PLANS])
def test_real_plan_validates(situation: dict[str, Any], now: str) -> None:
    assert not situation_errors(situation)
    plan = _plan(situation, now)
    assert not plan_errors(plan)
    assert_key_order(plan, PLAN_SCHEMA)
    assert json.loads(json.dumps(plan)) == plan


def test_plans_cover_every_verdict_action_and_shape() -> None:
    plans = [_plan(situation, now) for _, situation, now in PLANS]
    verdicts = {plan["now"]["verdict"] for plan in plans}
    actions = {step["action"] for plan in plans for step in plan["steps"]}
    assert verdicts == set(PLAN_SCHEMA["$defs"]["now"]["properties"]["verdict"]["enum"])
    assert actions == set(PLAN_SCHEMA["$defs"]["step"]["properties"]["action"]["enum"])
    assert any("note" in step for plan in plans for step in plan["steps"])
    # Every bundled source names its page (a profile of one's own may cite one without a URL,
    # which the schema allows: a plan's own rule without sources is the shape checked here).
    assert all(source["url"] for plan in plans for step in plan["steps"]
               for reason in step["reasons"] for source in reason["sources"])
    offsets = {plan["move_on_after"][19:] for plan in plans}
    assert {"+05:45", "+14:00", "+05:30", "-09:30", "+00:00"} <= offsets
    assert any(len(offset) > 6 for offset in offsets)  # a local mean time, e.g. +05:41:16


def test_plan_for_fixed_offset_interview() -> None:
    plan = _plan({"interview": "2026-11-20T14:00+05:30"}, "2026-11-21T10:00")
    assert plan["timezone"] == "UTC+05:30"
    assert plan["situation"] == {"interview": "2026-11-20T14:00:00+05:30", "industry": "general"}
    assert all(step["window"]["earliest"].endswith("+05:30") for step in plan["steps"])
    assert not plan_errors(plan)


def _round_trip_params() -> list[Any]:
    params = []
    for ident, situation, now in PLANS:
        params.append(pytest.param(situation, now, id=ident))
    return params


@pytest.mark.parametrize(("situation", "now"), _round_trip_params())
def test_canonical_situation_is_valid_input_and_gives_the_same_plan(
    situation: dict[str, Any], now: str
) -> None:
    plan = _plan(situation, now)
    assert not situation_errors(plan["situation"])
    assert _plan(plan["situation"], now) == plan


# --- the plan schema is tight --------------------------------------------------------------


def _plan_for_mutation() -> dict[str, Any]:
    return _plan({**NY, "country": "US"}, "2026-11-20T13:00")


MUTATIONS: list[tuple[str, Any]] = [
    ("extra top-level key", lambda p: p.update(extra=1)),
    ("missing notes", lambda p: p.pop("notes")),
    ("extra profile key", lambda p: p["profile"].update(file="x.yaml")),
    ("bad evidence", lambda p: p["profile"].update(evidence="solid")),
    ("naive window", lambda p: p["steps"][0]["window"].update(earliest="2026-11-20T15:00")),
    ("Z is never written", lambda p: p.update(move_on_after="2026-12-04T22:00Z")),
    ("a moment without seconds", lambda p: p.update(move_on_after="2026-12-04T17:00-05:00")),
    ("bad action", lambda p: p["steps"][0].update(action="text")),
    ("none with a window", lambda p: p["steps"][0].update(action="none")),
    ("call without a window", lambda p: p["steps"][1].update(window=None, best=[])),
    ("active step without best times or a note", lambda p: p["steps"][0].update(best=[])),
    ("reason without its direction", lambda p: p["steps"][0]["reasons"][0].pop("direction")),
    ("reason with an unknown direction", lambda p: p["steps"][0]["reasons"][0].update(direction="maybe")),
    ("verdict without the rules for its moment", lambda p: p["now"].pop("favoured_by")),
    ("wait_until without until", lambda p: p["now"].pop("until")),
    ("until without wait_until", lambda p: p["now"].update(verdict="email_now")),
    ("bad effect", lambda p: p["steps"][0]["reasons"][0].update(effect="maybe")),
    ("source without url key", lambda p: p["steps"][0]["reasons"][0]["sources"][0].pop("url")),
    ("score as text", lambda p: p["steps"][0]["best"][0].update(score="3")),
    ("false flag written", lambda p: p["situation"].update(heard_back=False)),
    ("lower-case country", lambda p: p["situation"].update(country="us")),
    ("empty steps", lambda p: p.update(steps=[])),
]


@pytest.mark.parametrize("mutate", [m for _, m in MUTATIONS], ids=[n for n, _ in MUTATIONS])
def test_plan_schema_rejects_a_changed_plan(mutate: Any) -> None:
    plan = _plan_for_mutation()
    assert plan["now"]["verdict"] == "wait_until"
    mutate(plan)
    assert plan_errors(plan)


# --- invalid situations: the schema and parse_situation agree ---------------------------------

# (id, situation, the field SituationError names)
INVALID: list[tuple[str, Any, str]] = [
    ("not an object", ["2026-11-20T14:00"], ""),
    ("a string", "2026-11-20T14:00", ""),
    ("no interview", {"timezone": "America/New_York"}, "interview"),
    ("interview null", {"interview": None, "timezone": "America/New_York"}, "interview"),
    ("interview empty", {"interview": "", "timezone": "America/New_York"}, "interview"),
    ("interview number", {"interview": 20261120, "timezone": "America/New_York"}, "interview"),
    ("interview bool", {"interview": True, "timezone": "America/New_York"}, "interview"),
    ("interview date only", {"interview": "2026-11-20", "timezone": "America/New_York"}, "interview"),
    ("interview words", {"interview": "next friday 2pm", "timezone": "America/New_York"}, "interview"),
    ("interview month 13", {"interview": "2026-13-20T14:00", "timezone": "America/New_York"}, "interview"),
    ("interview hour 25", {"interview": "2026-11-20T25:00", "timezone": "America/New_York"}, "interview"),
    ("interview US order", {"interview": "11/20/2026 14:00", "timezone": "America/New_York"}, "interview"),
    ("naive, no timezone", {"interview": "2026-11-20T14:00"}, "interview"),
    ("naive, timezone null", {"interview": "2026-11-20T14:00", "timezone": None}, "interview"),
    ("year 1850", {"interview": "1850-11-20T14:00-05:00"}, "interview"),
    ("year 2300", {"interview": "2300-11-20T14:00", "timezone": "America/New_York"}, "interview"),
    ("unknown field", {**NY, "purpse": "status"}, "purpse"),
    ("camelCase field", {**NY, "heardBack": True}, "heardBack"),
    ("timezone empty", {**NY, "timezone": ""}, "timezone"),
    ("timezone number", {**NY, "timezone": -5}, "timezone"),
    ("timezone list", {**NY, "timezone": ["America/New_York"]}, "timezone"),
    ("timezone with space", {**NY, "timezone": "America/New York"}, "timezone"),
    ("timezone path", {**NY, "timezone": "../../etc/passwd"}, "timezone"),
    ("timezone absolute", {**NY, "timezone": "/usr/share/zoneinfo/UTC"}, "timezone"),
    ("timezone as offset", {**NY, "timezone": "+05:30"}, "timezone"),
    ("timezone as UTC+offset", {**NY, "timezone": "UTC+05:30"}, "timezone"),
    ("industry number", {**NY, "industry": 7}, "industry"),
    ("industry capitals", {**NY, "industry": "Legal"}, "industry"),
    ("industry with space", {**NY, "industry": "law firm"}, "industry"),
    ("country number", {**NY, "country": 1}, "country"),
    ("country one letter", {**NY, "country": "U"}, "country"),
    ("country name", {**NY, "country": "Germany"}, "country"),
    ("country underscore", {**NY, "country": "US_NY"}, "country"),
    ("purpose unknown", {**NY, "purpose": "thanks"}, "purpose"),
    ("purpose empty", {**NY, "purpose": ""}, "purpose"),
    ("purpose list", {**NY, "purpose": ["status"]}, "purpose"),
    ("purpose capitals", {**NY, "purpose": "Status"}, "purpose"),
    ("promised words", {**NY, "promised_reply_by": "next week"}, "promised_reply_by"),
    ("promised day first", {**NY, "promised_reply_by": "27/11/2026"}, "promised_reply_by"),
    ("promised number", {**NY, "promised_reply_by": 20261127}, "promised_reply_by"),
    ("promised true", {**NY, "promised_reply_by": True}, "promised_reply_by"),
    ("promised month 13", {**NY, "promised_reply_by": "2026-13-01"}, "promised_reply_by"),
    ("promised date-time", {**NY, "promised_reply_by": "2026-11-27T17:00"}, "promised_reply_by"),
    ("offer deadline date-time", {**NY, "competing_offer_deadline": "2026-11-25T12:00-05:00"},
     "competing_offer_deadline"),
    ("offer deadline words", {**NY, "competing_offer_deadline": "Friday"}, "competing_offer_deadline"),
    ("offer deadline list", {**NY, "competing_offer_deadline": ["2026-11-25"]}, "competing_offer_deadline"),
    ("heard_back text", {**NY, "heard_back": "yes"}, "heard_back"),
    ("heard_back one", {**NY, "heard_back": 1}, "heard_back"),
    ("heard_back zero", {**NY, "heard_back": 0}, "heard_back"),
    ("traditional text", {**NY, "traditional": "true"}, "traditional"),
    ("contacts text", {**NY, "contacts": "email on monday"}, "contacts"),
    ("contacts object", {**NY, "contacts": {"at": "2026-11-21T10:00"}}, "contacts"),
    ("contact text", {**NY, "contacts": ["2026-11-21T10:00"]}, "contacts[0]"),
    ("contact without at", {**NY, "contacts": [{"channel": "email"}]}, "contacts[0]"),
    ("contact extra key", {**NY, "contacts": [{"at": "2026-11-21T10:00", "via": "call"}]}, "contacts[0]"),
    ("contact second bad", {**NY, "contacts": [{"at": "2026-11-21T10:00"}, {"when": "2026-11-22T10:00"}]},
     "contacts[1]"),
    ("contact channel fax", {**NY, "contacts": [{"at": "2026-11-21T10:00", "channel": "fax"}]},
     "contacts[0].channel"),
    ("contact channel null", {**NY, "contacts": [{"at": "2026-11-21T10:00", "channel": None}]},
     "contacts[0].channel"),
    ("contact channel none", {**NY, "contacts": [{"at": "2026-11-21T10:00", "channel": "none"}]},
     "contacts[0].channel"),
    ("contact at null", {**NY, "contacts": [{"at": None}]}, "contacts[0].at"),
    ("contact at date only", {**NY, "contacts": [{"at": "2026-11-21"}]}, "contacts[0].at"),
    ("contact at words", {**NY, "contacts": [{"at": "yesterday"}]}, "contacts[0].at"),
]

# Values that look "absent" but have the wrong type: the field is absent, null, or of its type.
LENIENT = "a falsy value of the wrong type is not the same as absent"
# ISO 8601 spellings that datetime.fromisoformat reads but the schema does not document.
SPELLING = "only the documented ISO 8601 extended form is accepted"
MISMATCHES: list[tuple[str, Any, str, str]] = [
    ("industry empty", {**NY, "industry": ""}, "industry", LENIENT),
    ("industry zero", {**NY, "industry": 0}, "industry", LENIENT),
    ("industry false", {**NY, "industry": False}, "industry", LENIENT),
    ("country empty", {**NY, "country": ""}, "country", LENIENT),
    ("promised empty", {**NY, "promised_reply_by": ""}, "promised_reply_by", LENIENT),
    ("promised false", {**NY, "promised_reply_by": False}, "promised_reply_by", LENIENT),
    ("promised zero", {**NY, "promised_reply_by": 0}, "promised_reply_by", LENIENT),
    ("offer deadline false", {**NY, "competing_offer_deadline": False}, "competing_offer_deadline", LENIENT),
    ("contacts empty object", {**NY, "contacts": {}}, "contacts", LENIENT),
    ("contacts empty string", {**NY, "contacts": ""}, "contacts", LENIENT),
    ("contacts false", {**NY, "contacts": False}, "contacts", LENIENT),
    ("interview hour only", {**NY, "interview": "2026-11-20T14"}, "interview", SPELLING),
    ("interview basic format", {**NY, "interview": "20261120T1400"}, "interview", SPELLING),
    ("interview week date", {**NY, "interview": "2026-W47-5T14:00"}, "interview", SPELLING),
    ("interview offset hours only", {"interview": "2026-11-20T14:00+05"}, "interview", SPELLING),
]


def _engine_field(situation: Any) -> str:
    with pytest.raises(engine.SituationError) as caught:
        engine.parse_situation(situation, known_industries=INDUSTRIES)
    return caught.value.field


@pytest.mark.parametrize(
    ("situation", "field"), [(s, f) for _, s, f in INVALID], ids=[i for i, _, _ in INVALID]
)
def test_invalid_situation_is_rejected_by_schema_and_engine(situation: Any, field: str) -> None:
    assert situation_errors(situation), "the schema accepts it"
    assert _engine_field(situation) == field


@pytest.mark.parametrize(
    ("situation", "field"),
    [pytest.param(s, f, id=i) for i, s, f, _ in MISMATCHES],
)
def test_wrong_empty_values_and_other_spellings_are_refused(situation: Any, field: str) -> None:
    """Values that look like "absent" but have the wrong type, and ISO spellings the schema omits."""
    assert situation_errors(situation), "the schema accepts it"
    assert _engine_field(situation) == field


# Checks a JSON Schema cannot make: they need the zone database, the profile catalog, the
# holiday calendars or calendar arithmetic. The schema accepts these; the engine refuses them.
ENGINE_ONLY: list[Any] = [
    pytest.param({**NY, "timezone": "America/New_Yrok"}, "timezone", id="unknown zone"),
    pytest.param({**NY, "timezone": "Mars/Olympus_Mons"}, "timezone", id="invented zone"),
    pytest.param({**NY, "industry": "plumbing"}, "industry", id="unknown industry"),
    pytest.param({**NY, "country": "XX"}, "country", id="unknown country"),
    pytest.param({**NY, "country": "US-ZZ"}, "country", id="unknown subdivision"),
    pytest.param({**NY, "interview": "2026-02-30T10:00"}, "interview", id="february 30"),
    pytest.param({**NY, "interview": "2026-03-08T02:30"}, "interview", id="dst gap"),
    pytest.param({**NY, "interview": "2026-11-01T01:30"}, "interview", id="dst fold"),
    pytest.param({"interview": "2200-12-31T23:30Z", "timezone": "Pacific/Kiritimati"}, "interview",
                 id="local year 2201"),
    pytest.param({**NY, "promised_reply_by": "2026-02-30"}, "promised_reply_by", id="promised february 30"),
    pytest.param({**NY, "contacts": [{"at": "2026-03-08T02:30"}]}, "contacts[0].at", id="contact dst gap"),
]


@pytest.mark.parametrize(("situation", "field"), ENGINE_ONLY)
def test_engine_refuses_what_the_schema_cannot_check(situation: dict[str, Any], field: str) -> None:
    assert not situation_errors(situation)
    assert _engine_field(situation) == field


@pytest.mark.parametrize(
    "situation",
    [
        pytest.param({"interview": "1850-11-20T14:00", "timezone": "America/New_York"}, id="naive 1850"),
        pytest.param({"interview": "0001-01-01T00:00+00:00", "timezone": "America/New_York"},
                     id="year 1 in a zone"),
        pytest.param({"interview": "9999-12-31T23:59-05:00", "timezone": "Asia/Tokyo"},
                     id="year 9999 in a zone"),
        pytest.param({**NY, "contacts": [{"at": "0001-01-01T00:00+00:00"}]}, id="contact year 1"),
        pytest.param({**NY, "promised_reply_by": "0001-01-01"}, id="promised year 1"),
        pytest.param({**NY, "competing_offer_deadline": "9999-12-31", "timezone": "Asia/Tokyo"},
                     id="offer year 9999"),
    ],
)
def test_years_far_outside_range_are_refused_by_schema_and_engine(situation: dict[str, Any]) -> None:
    """The year range is part of every date and date-time spelling: both refuse these."""
    assert situation_errors(situation)
    field = _engine_field(situation)
    assert field in situation or field.startswith("contacts")


# --- property: any situation the schema accepts gives a plan the schema accepts -----------------

ZONES = ["America/New_York", "Europe/London", "Europe/Berlin", "Asia/Kathmandu", "Pacific/Kiritimati",
         "Australia/Lord_Howe", "America/St_Johns", "Pacific/Chatham", "UTC"]
COUNTRIES = [None, "US", "US-NY", "GB", "DE-BY", "AU-NSW", "NP"]


@st.composite
def situations(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    day = draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)))
    hour, minute = draw(st.integers(7, 19)), draw(st.sampled_from([0, 15, 30, 45]))
    zone = draw(st.sampled_from(ZONES))
    offset = draw(st.sampled_from(["", "Z", "+05:45", "-03:30", "+14:00"]))
    situation: dict[str, Any] = {"interview": f"{day.isoformat()}T{hour:02d}:{minute:02d}{offset}"}
    if not offset or draw(st.booleans()):
        situation["timezone"] = zone
    situation["industry"] = draw(st.sampled_from(INDUSTRIES))
    country = draw(st.sampled_from(COUNTRIES))
    if country:
        situation["country"] = country
    purpose = draw(st.sampled_from([None, "thank_you", "status", "feedback", "competing_offer", "grievance"]))
    if purpose:
        situation["purpose"] = purpose
    if draw(st.booleans()):
        situation["promised_reply_by"] = (day + timedelta(days=draw(st.integers(-3, 40)))).isoformat()
    if purpose == "competing_offer" or draw(st.booleans()):
        situation["competing_offer_deadline"] = (day + timedelta(days=draw(st.integers(-3, 20)))).isoformat()
    for flag in ("heard_back", "traditional"):
        if draw(st.booleans()):
            situation[flag] = True
    now_day = day + timedelta(days=draw(st.integers(-1, 40)))
    now = f"{now_day.isoformat()}T{draw(st.integers(0, 23)):02d}:10Z"
    return situation, now


@given(situations())
def test_any_valid_situation_gives_a_valid_plan(case: tuple[dict[str, Any], str]) -> None:
    situation, now = case
    assert not situation_errors(situation)
    try:
        plan = _plan(situation, now)
    except engine.SituationError as error:
        # DST gaps and folds are the engine's to find (the schema cannot).
        assert error.field == "interview" and ("does not exist" in error.message or "twice" in error.message)
        return
    assert not plan_errors(plan)
    assert_key_order(plan, PLAN_SCHEMA)


# --- key order: the plan's keys come in the schema's property order ------------------------


def _resolve(node: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node and not node.get("properties"):
        node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def assert_key_order(instance: Any, node: Mapping[str, Any], root: Mapping[str, Any] | None = None,
                     where: str = "") -> None:
    root = root or node
    node = _resolve(node, root)
    if isinstance(instance, dict):
        if "anyOf" in node and "properties" not in node:
            node = next(_resolve(alt, root) for alt in node["anyOf"]
                        if "$ref" in alt or alt.get("type") == "object")
        properties = node["properties"]
        assert list(instance) == [key for key in properties if key in instance], where
        for key, value in instance.items():
            assert_key_order(value, properties[key], root, f"{where}/{key}")
    elif isinstance(instance, list) and "items" in node:
        for index, value in enumerate(instance):
            assert_key_order(value, node["items"], root, f"{where}/{index}")


@pytest.mark.parametrize("field", ["ref", "company", "role", "interviewer", "candidate"])
@pytest.mark.parametrize("value", ["app-42", "  Müller\u00a0GmbH ", "", "x" * 200, "x" * 201, "a\nb", "a\u2028b",
                                   "tab\tin", 42, None])
def test_text_fields_schema_and_engine_agree(field: str, value: Any) -> None:
    situation = {**NY, field: value}
    try:
        engine.parse_situation(situation)
        accepted = True
    except engine.SituationError:
        accepted = False
    assert (not situation_errors(situation)) == accepted, (field, value)
