"""parse_situation: each field's rules, and errors that name the field at fault."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import engine
from engine import Situation, SituationError, parse_situation
from engine.situation import Contact

NY = {"interview": "2026-11-20T14:00", "timezone": "America/New_York"}
KNOWN = ("accounting", "general", "it", "legal")


def parse(data: Any, known: tuple[str, ...] | None = KNOWN) -> Situation:
    return parse_situation(data, known_industries=known)


def error(data: Any, known: tuple[str, ...] | None = KNOWN) -> SituationError:
    with pytest.raises(SituationError) as caught:
        parse(data, known)
    return caught.value


# --- interview and time zone ---------------------------------------------------------------


def test_naive_interview_with_timezone_is_local_time() -> None:
    situation = parse(NY)
    assert situation.interview == datetime(2026, 11, 20, 14, 0, tzinfo=ZoneInfo("America/New_York"))
    assert situation.interview.utcoffset() == timedelta(hours=-5)
    assert situation.zone == ZoneInfo("America/New_York")
    assert situation.zone_name == "America/New_York"


def test_interview_with_offset_is_converted_to_the_timezone() -> None:
    situation = parse({"interview": "2026-11-20T19:00Z", "timezone": "America/New_York"})
    assert situation.interview.isoformat() == "2026-11-20T14:00:00-05:00"
    assert situation.zone_name == "America/New_York"


@pytest.mark.parametrize(
    ("interview", "name", "offset"),
    [
        ("2026-11-20T14:00+05:30", "UTC+05:30", timedelta(hours=5, minutes=30)),
        ("2026-11-20T14:00+05:45", "UTC+05:45", timedelta(hours=5, minutes=45)),
        ("2026-11-20T14:00-03:30", "UTC-03:30", timedelta(hours=-3, minutes=-30)),
        ("2026-11-20T14:00+14:00", "UTC+14:00", timedelta(hours=14)),
        ("2026-11-20T14:00Z", "UTC+00:00", timedelta(0)),
        ("2026-11-20T14:00z", "UTC+00:00", timedelta(0)),
    ],
)
def test_offset_only_gives_a_fixed_offset_zone(interview: str, name: str, offset: timedelta) -> None:
    situation = parse({"interview": interview})
    assert situation.zone_name == name
    assert situation.zone == timezone(offset)
    assert situation.interview.utcoffset() == offset
    assert (situation.interview.hour, situation.interview.minute) == (14, 0)


def test_offset_only_plan_says_no_time_zone_was_given() -> None:
    plan = engine.advise({"interview": "2026-11-20T14:00+05:30"}, now="2026-11-21T10:00")
    assert plan.to_dict()["timezone"] == "UTC+05:30"
    assert any("UTC+05:30" in note and "daylight-saving" in note for note in plan.to_dict()["notes"])


@pytest.mark.parametrize("timezone_value", [None, "absent"])
def test_naive_interview_without_timezone_is_an_error(timezone_value: str | None) -> None:
    data: dict[str, Any] = {"interview": "2026-11-20T14:00"}
    if timezone_value is None:
        data["timezone"] = None
    problem = error(data)
    assert problem.field == "interview"
    assert "no UTC offset" in problem.message and "timezone" in problem.message


def test_unknown_timezone_suggests_the_closest() -> None:
    problem = error({**NY, "timezone": "America/New_Yrok"})
    assert problem.field == "timezone"
    assert problem.message == "unknown time zone 'America/New_Yrok'"
    assert problem.suggestion == "America/New_York"
    assert str(problem) == "timezone: unknown time zone 'America/New_Yrok' (did you mean 'America/New_York'?)"


@pytest.mark.parametrize("value", ["", 5, ["UTC"], "../../etc/passwd", "/etc/localtime", "Nowhere/Special"])
def test_bad_timezone_names_the_field(value: Any) -> None:
    assert error({**NY, "timezone": value}).field == "timezone"


def test_time_in_a_dst_gap_does_not_exist() -> None:
    problem = error({"interview": "2026-03-08T02:30", "timezone": "America/New_York"})
    assert problem.field == "interview"
    assert "does not exist" in problem.message
    assert "2026-03-08T02:30" in problem.message


def test_time_in_a_dst_fold_is_ambiguous() -> None:
    problem = error({"interview": "2026-11-01T01:30", "timezone": "America/New_York"})
    assert problem.field == "interview"
    assert "happens twice" in problem.message


@pytest.mark.parametrize(
    ("interview", "expected"),
    [
        ("2026-03-08T02:30-05:00", "2026-03-08T03:30:00-04:00"),  # the gap, given as standard time
        ("2026-11-01T01:30-04:00", "2026-11-01T01:30:00-04:00"),  # the fold's first pass
        ("2026-11-01T01:30-05:00", "2026-11-01T01:30:00-05:00"),  # the fold's second pass
    ],
)
def test_dst_edge_with_explicit_offset_is_accepted(interview: str, expected: str) -> None:
    situation = parse({"interview": interview, "timezone": "America/New_York"})
    assert situation.interview.isoformat() == expected


def test_fold_choices_are_an_hour_apart() -> None:
    first = parse({"interview": "2026-11-01T01:30-04:00", "timezone": "America/New_York"}).interview
    second = parse({"interview": "2026-11-01T01:30-05:00", "timezone": "America/New_York"}).interview
    # Subtraction within one zone is wall-clock arithmetic in Python; compare instants.
    assert second.timestamp() - first.timestamp() == 3600
    assert (first.fold, second.fold) == (0, 1)


@pytest.mark.parametrize(
    "value",
    ["2026-11-20", "20261120", "next friday", "2026-13-01T10:00", "2026-11-20T25:00", 20261120, True, ""],
)
def test_bad_interview_names_the_field(value: Any) -> None:
    assert error({**NY, "interview": value}).field == "interview"


def test_date_only_interview_asks_for_a_time() -> None:
    problem = error({**NY, "interview": "2026-11-20"})
    assert "give a time as well as a date" in problem.message


def test_interview_is_required() -> None:
    problem = error({"timezone": "America/New_York"})
    assert problem.field == "interview"
    assert problem.message.startswith("required")


@pytest.mark.parametrize("interview", ["1899-12-31T12:00", "2201-01-01T12:00"])
def test_interview_year_is_bounded(interview: str) -> None:
    problem = error({**NY, "interview": interview})
    assert problem.field == "interview"
    assert "out of range" in problem.message


# --- fields --------------------------------------------------------------------------------


def test_unknown_field_suggests_the_closest() -> None:
    problem = error({**NY, "purpse": "status"})
    assert problem.field == "purpse"
    assert problem.message == "unknown field"
    assert problem.suggestion == "purpose"
    assert "did you mean 'purpose'?" in str(problem)


def test_not_an_object() -> None:
    problem = error(["2026-11-20T14:00"])
    assert problem.field == ""
    assert "JSON object" in problem.message


def test_defaults() -> None:
    situation = parse(NY)
    assert situation.industry == "general"
    # No country: the time zone's (America/New_York is in the US), said to come from there.
    assert (situation.country, situation.subdivision, situation.country_source) == ("US", None, "zone")
    assert situation.purpose is None
    assert (situation.promised_reply_by, situation.competing_offer_deadline) == (None, None)
    assert (situation.heard_back, situation.traditional, situation.contacts) == (False, False, ())


def test_null_is_the_same_as_absent() -> None:
    nulls = dict.fromkeys(("industry", "country", "purpose", "promised_reply_by", "competing_offer_deadline",
                           "heard_back", "traditional", "contacts"))
    assert parse({**NY, **nulls}) == parse(NY)


def test_unknown_industry_lists_known_ids() -> None:
    problem = error({**NY, "industry": "lgal"})
    assert problem.field == "industry"
    assert problem.message == "unknown profile 'lgal'; known: accounting, general, it, legal"
    assert problem.suggestion == "legal"


def test_unknown_industry_lists_the_bundled_profiles() -> None:
    with pytest.raises(SituationError) as caught:
        engine.advise({**NY, "industry": "plumbing"}, now="2026-11-21T10:00")
    assert caught.value.field == "industry"
    for known in engine.default_catalog().industries:
        assert known in caught.value.message
    assert "core" not in caught.value.message  # the base of every profile, not an industry


def test_industry_is_not_checked_without_a_catalog() -> None:
    assert parse({**NY, "industry": "plumbing"}, known=None).industry == "plumbing"


@pytest.mark.parametrize("value", [7, ["legal"]])
def test_industry_must_be_text(value: Any) -> None:
    assert error({**NY, "industry": value}).field == "industry"


@pytest.mark.parametrize(
    ("value", "country", "subdivision"),
    [("US", "US", None), ("US-NY", "US", "NY"), ("us-ny", "US", "NY"), ("GB", "GB", None),
     ("DE-BY", "DE", "BY")],
)
def test_country_and_subdivision(value: str, country: str, subdivision: str | None) -> None:
    situation = parse({**NY, "country": value})
    assert (situation.country, situation.subdivision) == (country, subdivision)
    assert situation.to_dict()["country"] == value.upper()


def test_unknown_country() -> None:
    problem = error({**NY, "country": "XX"})
    assert problem.field == "country"
    assert problem.message == "no public-holiday calendar for 'XX'"


def test_unknown_subdivision_lists_known_ones() -> None:
    problem = error({**NY, "country": "US-ZZ"})
    assert problem.field == "country"
    assert problem.message.startswith("US has no subdivision 'ZZ'; known: ")
    assert "NY" in problem.message


@pytest.mark.parametrize("value", ["U", "Germany", "US_NY", "US-NY-1", 1, ["US"]])
def test_malformed_country(value: Any) -> None:
    problem = error({**NY, "country": value})
    assert problem.field == "country"
    assert "ISO 3166" in problem.message


@pytest.mark.parametrize("purpose", ["thank_you", "status", "feedback", "competing_offer", "grievance"])
def test_every_purpose_is_accepted(purpose: str) -> None:
    assert parse({**NY, "purpose": purpose}).purpose == purpose


def test_unknown_purpose_suggests_the_closest() -> None:
    problem = error({**NY, "purpose": "thankyou"})
    assert problem.field == "purpose"
    assert problem.suggestion == "thank_you"
    assert "one of thank_you, status, feedback, competing_offer, grievance" in problem.message


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["promised_reply_by", "competing_offer_deadline"])
def test_dates_accept_yyyy_mm_dd(field: str) -> None:
    assert getattr(parse({**NY, field: "2026-11-27"}), field) == date(2026, 11, 27)


@pytest.mark.parametrize("field", ["promised_reply_by", "competing_offer_deadline"])
@pytest.mark.parametrize("value", ["2026-11-27T17:00", "2026-11-27T23:30-05:00", "2026-11-27T00:00:00Z",
                                   datetime(2026, 11, 27, 17, 0)])
def test_a_date_time_is_refused_rather_than_cut_to_its_date(field: str, value: Any) -> None:
    # The plan counts whole days: a time would be dropped unseen, and a UTC midnight is
    # the evening before in New York.
    problem = error({**NY, field: value})
    assert problem.field == field
    assert problem.message.startswith("give the date alone (e.g. 2026-11-27), not the date-time '2026-11-27T")
    assert "whole days" in problem.message


@pytest.mark.parametrize("field", ["promised_reply_by", "competing_offer_deadline"])
@pytest.mark.parametrize("value", ["27/11/2026", "2026-02-30", "next week", 20261127, True])
def test_bad_date_names_the_field(field: str, value: Any) -> None:
    assert error({**NY, field: value}).field == field


# --- flags ---------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["heard_back", "traditional"])
def test_flags_are_booleans(field: str) -> None:
    assert getattr(parse({**NY, field: True}), field) is True
    assert getattr(parse({**NY, field: False}), field) is False


@pytest.mark.parametrize("field", ["heard_back", "traditional"])
@pytest.mark.parametrize("value", ["yes", "true", 1, 0, [], {}])
def test_flag_must_be_a_boolean(field: str, value: Any) -> None:
    problem = error({**NY, field: value})
    assert problem.field == field
    assert problem.message == f"expected true or false, got {value!r}"


# --- contacts ------------------------------------------------------------------------------


def test_contacts_are_parsed_sorted_and_default_to_email() -> None:
    situation = parse({**NY, "contacts": [
        {"at": "2026-11-24T10:15", "channel": "call"},
        {"at": "2026-11-20T23:00Z"},
    ]})
    zone = ZoneInfo("America/New_York")
    assert situation.contacts == (
        Contact(datetime(2026, 11, 20, 18, 0, tzinfo=zone), "email"),
        Contact(datetime(2026, 11, 24, 10, 15, tzinfo=zone), "call"),
    )
    assert situation.to_dict()["contacts"] == [
        {"at": "2026-11-20T18:00:00-05:00", "channel": "email"},
        {"at": "2026-11-24T10:15:00-05:00", "channel": "call"},
    ]


@pytest.mark.parametrize(
    ("contacts", "field"),
    [
        ("email on monday", "contacts"),
        ({"at": "2026-11-21T10:00"}, "contacts"),
        (["2026-11-21T10:00"], "contacts[0]"),
        ([{"channel": "email"}], "contacts[0]"),
        ([{"at": "2026-11-21T10:00", "via": "call"}], "contacts[0]"),
        ([{"at": "2026-11-21T10:00"}, {"when": "2026-11-22T10:00"}], "contacts[1]"),
        ([{"at": "2026-11-21T10:00", "channel": "fax"}], "contacts[0].channel"),
        ([{"at": "2026-11-21T10:00", "channel": None}], "contacts[0].channel"),
        ([{"at": "2026-11-21"}], "contacts[0].at"),
        ([{"at": None}], "contacts[0].at"),
        ([{"at": "2026-03-08T02:30"}], "contacts[0].at"),
    ],
)
def test_bad_contacts_name_the_item(contacts: Any, field: str) -> None:
    assert error({**NY, "contacts": contacts}).field == field


def test_channel_error_says_what_is_allowed() -> None:
    problem = error({**NY, "contacts": [{"at": "2026-11-21T10:00", "channel": "fax"}]})
    assert problem.message == "expected call or email, got 'fax'"


# --- the parsed situation --------------------------------------------------------------------


def test_canonical_form_round_trips() -> None:
    data = {**NY, "industry": "legal", "country": "us-ny", "purpose": "status",
            "promised_reply_by": "2026-11-27", "competing_offer_deadline": "2026-12-01",
            "heard_back": True, "traditional": True,
            "contacts": [{"at": "2026-11-20T18:00", "channel": "email"}]}
    situation = parse(data)
    canonical = situation.to_dict()
    assert canonical == {
        "interview": "2026-11-20T14:00:00-05:00",
        "timezone": "America/New_York",
        "industry": "legal",
        "country": "US-NY",
        "purpose": "status",
        "promised_reply_by": "2026-11-27",
        "competing_offer_deadline": "2026-12-01",
        "heard_back": True,
        "traditional": True,
        "contacts": [{"at": "2026-11-20T18:00:00-05:00", "channel": "email"}],
    }
    assert parse(canonical) == situation


def test_a_parsed_situation_is_returned_as_is() -> None:
    situation = parse(NY)
    assert parse(situation) is situation


def test_offset_only_canonical_form_round_trips() -> None:
    situation = parse({"interview": "2026-11-20T14:00+05:30"})
    assert parse(situation.to_dict()) == situation


def test_offset_name_of_a_negative_offset_with_seconds() -> None:
    assert parse({"interview": "2026-11-20T14:00-05:30:15"}).zone_name == "UTC-05:30"


# --- ref and the names that fill drafts ------------------------------------------------------

TEXT_FIELDS = ("ref", "company", "role", "interviewer", "candidate")


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_text_fields_are_kept_without_surrounding_spaces(field: str) -> None:
    situation = parse({**NY, field: "  Müller & Söhne\u00a0GmbH / app-7 "})
    assert getattr(situation, field) == "Müller & Söhne\u00a0GmbH / app-7"
    assert situation.to_dict()[field] == "Müller & Söhne\u00a0GmbH / app-7"


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("blank", [None, "", "   "])
def test_blank_text_is_the_same_as_absent(field: str, blank: str | None) -> None:
    situation = parse({**NY, field: blank})
    assert getattr(situation, field) is None
    assert field not in situation.to_dict()


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize(("value", "words"), [
    ("first\nsecond", "control characters"),
    ("tab\there", "control characters"),
    ("line\u2028separator", "control characters"),
    ("x" * 201, "longer than 200"),
    (["a"], "expected text"),
    (True, "expected text"),
])
def test_bad_text_names_the_field(field: str, value: Any, words: str) -> None:
    caught = error({**NY, field: value})
    assert caught.field == field
    assert words in str(caught)


def test_a_numeric_ref_is_refused_with_the_string_to_write() -> None:
    caught = error({**NY, "ref": 42})
    assert caught.field == "ref"
    assert '"42"' in str(caught)


def test_ref_heads_the_plan_and_is_absent_without_one() -> None:
    with_ref = engine.advise({**NY, "ref": "app-42"}, now="2026-11-21T10:00").to_dict()
    assert next(iter(with_ref)) == "ref"
    assert with_ref["ref"] == with_ref["situation"]["ref"] == "app-42"
    assert "ref" not in engine.advise(NY, now="2026-11-21T10:00").to_dict()
