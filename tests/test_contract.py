"""The published schemas and the engine agree, as real schema clients read them.

check-jsonschema and ajv (strict mode, Draft 2020-12) judge a table of situation spellings
exactly as ``engine.parse_situation`` does, validate every plan below (a varied set made
for this test, the plans of test_schemas.py and of every bundled profile's examples), and
accept the three schemas themselves.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest
import regress
import third_party
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from test_schemas import PLANS

import engine
from engine.frontends.cli import main
from engine.language.schema import load_schema
from engine.situation import parse_datetime

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
INDUSTRIES = tuple(engine.default_catalog().industries)
NY = {"interview": "2026-11-20T14:00", "timezone": "America/New_York"}


def at(interview: str, **more: Any) -> dict[str, Any]:
    return {**NY, "interview": interview, **more}


# (id, situation, accepted): the ways a user may spell a date, a date-time or a country.
SPELLINGS: list[tuple[str, dict[str, Any], bool]] = [
    ("minutes", at("2026-11-20T14:00"), True),
    ("seconds", at("2026-11-20T14:00:00"), True),
    ("one decimal", at("2026-11-20T14:00:00.5"), True),
    ("six decimals", at("2026-11-20T14:00:00.123456"), True),
    ("Z", {"interview": "2026-11-20T19:00Z"}, True),
    ("lower-case z", {"interview": "2026-11-20T19:00z"}, True),
    ("offset and zone", at("2026-11-20T14:00-05:00"), True),
    ("offset only", {"interview": "2026-11-20T14:00+05:30"}, True),
    ("offset with seconds", at("1900-01-01T10:00-04:56:02"), True),
    ("decimals and offset", {"interview": "2026-11-20T14:00:00.25+14:00"}, True),
    ("year 1900", at("1900-06-01T10:00"), True),
    ("year 2200", at("2200-06-01T10:00"), True),
    ("contact at", at("2026-11-20T14:00", contacts=[{"at": "2026-11-20T18:00", "channel": "email"}]), True),
    ("promised date", at("2026-11-20T14:00", promised_reply_by="2026-11-27"), True),
    ("promised date-time", at("2026-11-20T14:00", promised_reply_by="2026-11-27T17:00-05:00"), False),
    ("country lower case", at("2026-11-20T14:00", country="us-ny"), True),
    ("country alpha-3", at("2026-11-20T14:00", country="USA-NY"), True),
    ("subdivision by name", at("2026-11-20T14:00", country="DE-Augsburg"), True),
    ("subdivision alias", at("2026-11-20T14:00", country="de-bayern"), True),
    ("lower-case t", at("2026-11-20t14:00"), False),
    ("space for T", at("2026-11-20 14:00"), False),
    ("decimal comma", at("2026-11-20T14:00:00,5"), False),
    ("offset without colon", at("2026-11-20T14:00+0530"), False),
    ("offset hours only", {"interview": "2026-11-20T14:00+05"}, False),
    ("spaces around", at(" 2026-11-20T14:00 "), False),
    ("final newline", at("2026-11-20T14:00\n"), False),
    ("hour 24", at("2026-11-20T24:00"), False),
    ("minute 60", at("2026-11-20T14:60"), False),
    ("leap second", at("2026-11-20T14:00:60"), False),
    ("month 13", at("2026-13-20T14:00"), False),
    ("seven decimals", at("2026-11-20T14:00:00.1234567"), False),
    ("hour only", at("2026-11-20T14"), False),
    ("basic format", at("20261120T1400"), False),
    ("week date", at("2026-W47-5T14:00"), False),
    ("year 1899", at("1899-12-31T10:00"), False),
    ("year 2201", at("2201-01-01T10:00"), False),
    ("full-width digits", at("\uff12\uff10\uff12\uff16-11-20T14:00"), False),
    ("no offset, no zone", {"interview": "2026-11-20T14:00"}, False),
    ("date only", at("2026-11-20"), False),
    ("contact lower-case t", at("2026-11-20T14:00", contacts=[{"at": "2026-11-20t18:00"}]), False),
    ("contact with a space", at("2026-11-20T14:00", contacts=[{"at": "2026-11-20 18:00"}]), False),
    ("contact offset without colon", at("2026-11-20T14:00", contacts=[{"at": "2026-11-20T18:00-0500"}]), False),
    ("promised with slashes", at("2026-11-20T14:00", promised_reply_by="2026/11/27"), False),
    ("promised with a space", at("2026-11-20T14:00", promised_reply_by="2026-11-27 "), False),
    ("country one letter", at("2026-11-20T14:00", country="U"), False),
    ("country dash only", at("2026-11-20T14:00", country="US-"), False),
    ("country punctuation", at("2026-11-20T14:00", country="DE-BY!"), False),
]


def engine_accepts(situation: dict[str, Any]) -> bool:
    try:
        engine.parse_situation(situation, known_industries=INDUSTRIES)
    except engine.SituationError:
        return False
    return True


def write_all(folder: Path, items: list[tuple[str, Any]]) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for number, (name, data) in enumerate(items):
        path = folder / f"{number:04d}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        files[name] = path
    return files


def test_the_table_is_large_and_covers_both_verdicts() -> None:
    assert len(SPELLINGS) >= 30
    assert len({name for name, _, _ in SPELLINGS}) == len(SPELLINGS)
    assert {accepted for _, _, accepted in SPELLINGS} == {True, False}


@pytest.mark.parametrize(("situation", "accepted"), [pytest.param(s, a, id=n) for n, s, a in SPELLINGS])
def test_the_engine_reads_each_spelling_as_the_table_says(situation: dict[str, Any], accepted: bool) -> None:
    assert engine_accepts(situation) is accepted


@pytest.fixture(scope="module")
def spelling_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("spellings"), [(name, s) for name, s, _ in SPELLINGS])


def _disagreements(errors: dict[str, list[str]], files: dict[str, Path]) -> list[str]:
    expected = {name: accepted for name, _, accepted in SPELLINGS}
    return [f"{name}: engine {'accepts' if expected[name] else 'refuses'}, client says {errors[str(path)] or 'valid'}"
            for name, path in files.items() if (not errors[str(path)]) is not expected[name]]


def test_check_jsonschema_agrees_with_the_engine(spelling_files: dict[str, Path]) -> None:
    errors = third_party.check_jsonschema_errors(SCHEMAS / "situation.schema.json", spelling_files.values())
    assert not _disagreements(errors, spelling_files)


def test_ajv_strict_agrees_with_the_engine(spelling_files: dict[str, Path]) -> None:
    errors = third_party.ajv_errors(SCHEMAS / "situation.schema.json", spelling_files.values())
    assert not _disagreements(errors, spelling_files)


# --- every plan the suite makes validates in both clients ---------------------------------------------

ZONES = ["America/New_York", "Europe/London", "Europe/Berlin", "Asia/Kathmandu", "Asia/Jerusalem",
         "Australia/Lord_Howe", "America/St_Johns", "Pacific/Chatham", "UTC"]
COUNTRIES = [None, "US", "us-ca", "GB", "GB-SCT", "DE-BY", "de-augsburg", "DE-Bayern", "IL", "AU-NSW", "NP", "FR"]
PURPOSES = [None, "thank_you", "status", "feedback", "competing_offer", "grievance"]


def varied_situations(count: int, seed: int = 13) -> list[tuple[dict[str, Any], str]]:
    """Situations over every profile, many countries (codes, names, aliases), zones and purposes."""
    draw = random.Random(seed)
    made = []
    for number in range(count):
        day = date(2026, 1, 5) + timedelta(days=draw.randrange(900))
        situation: dict[str, Any] = {"interview": f"{day}T{draw.randrange(8, 18):02d}:{draw.choice(['00', '30'])}",
                                     "timezone": draw.choice(ZONES), "industry": INDUSTRIES[number % len(INDUSTRIES)]}
        for key, value in (("country", draw.choice(COUNTRIES)), ("purpose", draw.choice(PURPOSES))):
            if value:
                situation[key] = value
        if draw.random() < 0.3:
            situation["promised_reply_by"] = str(day + timedelta(days=draw.randrange(1, 20)))
        if situation.get("purpose") == "competing_offer" or draw.random() < 0.2:
            situation["competing_offer_deadline"] = str(day + timedelta(days=draw.randrange(-2, 15)))
        if draw.random() < 0.3:
            situation["contacts"] = [{"at": f"{day + timedelta(days=draw.randrange(0, 6))}T16:00",
                                      "channel": draw.choice(["call", "email"])}]
        if draw.random() < 0.2:
            situation["ref"] = f"application-{number}"
        made.append((situation, f"{day + timedelta(days=draw.randrange(-1, 25))}T{draw.randrange(24):02d}:10"))
    return made


def suite_plans() -> list[tuple[str, dict[str, Any]]]:
    plans: list[tuple[str, dict[str, Any]]] = []
    cases = [(f"varied {n}", s, now) for n, (s, now) in enumerate(varied_situations(120))]
    cases += [(f"test_schemas {name}", s, now) for name, s, now in PLANS]
    cases += [(f"spelling {name}", s, "2026-11-23T10:00Z") for name, s, accepted in SPELLINGS if accepted]
    for profile_id in engine.default_catalog().ids:
        source = engine.default_catalog().file_of(profile_id)
        assert source is not None
        for number, example in enumerate(source.data.get("examples", [])):
            cases.append((f"{profile_id} example {number}", example["situation"], example.get("now")))
    for name, situation, now in cases:
        try:
            plans.append((name, engine.advise(situation, now=now).to_dict()))
        except engine.SituationError as error:  # a local time a DST change skips or repeats
            assert "does not exist" in error.message or "twice" in error.message, (name, error)
    return plans


@pytest.fixture(scope="module")
def plan_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    plans = suite_plans()
    assert len(plans) >= 150
    return write_all(tmp_path_factory.mktemp("plans"), plans)


def _invalid(errors: dict[str, list[str]], files: dict[str, Path]) -> dict[str, list[str]]:
    return {name: errors[str(path)] for name, path in files.items() if errors[str(path)]}


def test_every_plan_validates_in_check_jsonschema(plan_files: dict[str, Path]) -> None:
    errors = third_party.check_jsonschema_errors(SCHEMAS / "plan.schema.json", plan_files.values())
    assert not _invalid(errors, plan_files)


def test_every_plan_validates_in_ajv_strict(plan_files: dict[str, Path]) -> None:
    errors = third_party.ajv_errors(SCHEMAS / "plan.schema.json", plan_files.values())
    assert not _invalid(errors, plan_files)


# --- the schemas themselves, and the profiles ----------------------------------------------------------


def test_every_bundled_profile_validates_in_both_clients(tmp_path: Path) -> None:
    """ajv reads JSON: the bundled profiles as the engine reads them, one file each."""
    sources = [source for key in engine.default_catalog().ids if (source := engine.default_catalog().file_of(key)) is not None]
    files = write_all(tmp_path, [(source.id, source.data) for source in sources])
    schema = SCHEMAS / "profile.schema.json"
    assert not _invalid(third_party.ajv_errors(schema, files.values()), files)
    yaml_files = {source.id: Path(source.file) for source in sources}
    assert not _invalid(third_party.check_jsonschema_errors(schema, yaml_files.values()), yaml_files)


@pytest.mark.parametrize(("text", "field"), [
    pytest.param({"timezon": "America/New_York"}, "timezon", id="misspelt field"),
    pytest.param({"interview": "2026-11-20 14:00"}, "interview", id="date-time with a space"),
])
def test_an_example_situation_the_engine_refuses_fails_the_profile_schema(
        tmp_path: Path, text: dict[str, Any], field: str) -> None:
    situation = {**NY, **text}
    assert not engine_accepts(situation)
    profile = {"id": "x", "name": "X", "rules": [], "examples": [
        {"name": "an example", "situation": situation, "now": "not a time", "expect": {"verdict": "wait_until"}}]}
    files = write_all(tmp_path, [("profile", profile)])
    schema = SCHEMAS / "profile.schema.json"
    for errors in (third_party.ajv_errors(schema, files.values()),
                   third_party.check_jsonschema_errors(schema, files.values())):
        found = " ".join(errors[str(files["profile"])])
        assert "situation" in found and "now" in found, found


# --- the schemas compile in ajv's strict mode, and the spellings agree everywhere --------------------


@pytest.mark.parametrize("name", ["situation", "plan", "profile"])
def test_the_schema_compiles_in_ajv_strict_mode(name: str) -> None:
    assert third_party.ajv_errors(SCHEMAS / f"{name}.schema.json", []) == {}


_PIECES = {
    "date": st.sampled_from(["2026-11-20", "2026-02-30", "1899-12-31", "1900-01-01", "2200-12-31", "2201-01-01",
                             "2026-1-20", "2026-13-01", "20261120", "2026/11/20", "\uff12026-11-20"]),
    "separator": st.sampled_from(["T", "t", " ", "", "TT"]),
    "time": st.sampled_from(["14:00", "14", "1400", "24:00", "23:59", "14:60", "9:00", "14:00:00", "14:00:60"]),
    "fraction": st.sampled_from(["", ".5", ".123456", ".1234567", ",5", "."]),
    "offset": st.sampled_from(["", "Z", "z", "+05:30", "-05:00", "+0530", "+05", "+24:00", "+05:53:28", "UTC"]),
    "space": st.sampled_from(["", " ", "\n", "\t"]),
}


@st.composite
def datetime_texts(draw: st.DrawFn) -> str:
    pieces = {name: draw(strategy) for name, strategy in _PIECES.items()}
    return (pieces["space"] + pieces["date"] + pieces["separator"] + pieces["time"] + pieces["fraction"]
            + pieces["offset"] + draw(_PIECES["space"]))


@given(datetime_texts())
def test_an_ecma_regex_engine_and_the_parser_agree_on_every_date_time_spelling(text: str) -> None:
    """regress (an ECMA-262 engine, as in check-jsonschema) reads the schema's pattern; the
    parser accepts a text exactly when it matches, unless the day is not in the calendar."""
    pattern = regress.Regex(load_schema("situation")["$defs"]["dateTime"]["pattern"])
    try:
        parse_datetime(text, "interview", ZoneInfo("America/New_York"))
        accepted = True
    except engine.SituationError as error:
        accepted = False
        calendar = "not a valid date-time" in error.message
    assert (pattern.find(text) is not None) is (accepted or calendar), text


@pytest.mark.parametrize("country", sorted({code for code in holidays.list_supported_countries(include_aliases=False) if len(code) == 2}))
def test_every_subdivision_a_situation_can_name_is_echoed_as_the_plan_schema_allows(country: str) -> None:
    given_pattern = regress.Regex(load_schema("situation")["properties"]["country"]["pattern"])
    echoed_pattern = regress.Regex(load_schema("plan")["$defs"]["situation"]["properties"]["country"]["pattern"])
    calendar = getattr(holidays, country)
    names = [country, *(f"{country}-{name}" for name in (*calendar.subdivisions,
                                                         *getattr(calendar, "subdivisions_aliases", {})))]
    for spelling in (form for name in names for form in (name, name.lower())):
        if given_pattern.find(spelling) is None:
            continue  # a name with letters the situation's spelling does not take (São Paulo)
        echoed = engine.parse_situation({**NY, "country": spelling}).to_dict()["country"]
        assert echoed_pattern.find(echoed) is not None, (spelling, echoed)


@pytest.mark.parametrize(("given_country", "echoed"), [
    ("DE-Augsburg", "DE-Augsburg"), ("de-augsburg", "DE-Augsburg"), ("de-bayern", "DE-BY"), ("usa-ny", "US-NY")])
def test_the_command_line_echoes_a_country_as_the_plan_schema_allows(
        tmp_path: Path, given_country: str, echoed: str) -> None:
    result = CliRunner().invoke(main, ["advise", "--interview", "2026-11-20T14:00", "--timezone", "Europe/Berlin",
                                       "--country", given_country, "--now", "2026-11-21T10:00", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["situation"]["country"] == echoed
    files = write_all(tmp_path, [("plan", json.loads(result.output))])
    assert not _invalid(third_party.check_jsonschema_errors(SCHEMAS / "plan.schema.json", files.values()), files)
