"""Fuzzing with Hypothesis: whatever comes in, only the documented errors come out.

The YAML reader, profile reading and ``engine.advise`` get arbitrary text, bytes and
JSON-like values, and mutations of valid input (each field of a valid situation, each
part of a valid profile, replaced by anything). The only exceptions allowed out are
``YamlError`` from the reader and ``FollowupError`` (``SituationError``,
``ProfileError``) from the library; a plan that does come out must keep the invariants.

``FOLLOWUP_HYPOTHESIS_PROFILE=long`` runs 5,000 examples per test instead of 100; for
coverage-guided fuzzing see ``atheris_harness.py``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

import engine
from engine.language.catalog import read_profile
from engine.language.yaml_source import YamlError, load_bytes, load_text
from engine.situation import FIELDS
from engine.testing import situations
from engine.testing.invariants import violations

# --- strategies ------------------------------------------------------------------------

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=25,
)
YAML_ALPHABET = st.sampled_from([*"[]{}:,-?&*!|>'\"%@`#\n\t .\\0123456789abcdeyYnN~<=", "é", "\u2028", "\ufeff"])
yamlish_text = st.text(alphabet=YAML_ALPHABET, max_size=200) | st.text(max_size=200)


def datetime_texts() -> st.SearchStrategy[str]:
    """Strings shaped like the ISO date-times the situation takes, with any digits in them."""
    number = st.integers(0, 9999)
    offset = st.sampled_from(["", "Z", "z", "+00:00", "+05:45", "+12:45", "+14:00", "-09:30", "+24:00", "-99:99",
                              "+05:30:30", "+0100"])
    return st.builds(
        lambda y, mo, d, h, mi, off, sep: f"{y:04d}-{mo:02d}-{d:02d}{sep}{h:02d}:{mi:02d}{off}",
        number, st.integers(0, 13), st.integers(0, 32), st.integers(0, 25), st.integers(0, 61), offset,
        st.sampled_from(["T", "t", " "]),
    )


ZONES = sorted(available_timezones())
WEIRD_ZONES = ["", "UTC", "Factory", "posixrules", "EST5EDT", "Etc/GMT+14", "Etc/GMT-14", "localtime", "America",
               "America/", "America/New_York/", "../etc/passwd", "/etc/localtime", "zone1970.tab", "+VERSION",
               "America/New_York\x00", " Europe/Paris", "europe/paris"]
COUNTRIES = ["US", "US-NY", "us-ny", "GB", "GBR", "DE-BY", "AU-NSW", "NP", "XX", "US-", "US-ZZ", "DE-by", "NZ-CAN",
             "BR-SP", "IN-KA", "JP", "KR", "CN", "FR-75"]
DATES = st.dates().map(lambda day: day.isoformat())

FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "interview": datetime_texts(),
    "timezone": st.sampled_from(ZONES) | st.sampled_from(WEIRD_ZONES),
    "industry": st.sampled_from([*engine.default_catalog().ids, "", "General", "lawyering", "core"]),
    "country": st.sampled_from(COUNTRIES) | st.from_regex(r"[A-Za-z]{2,3}(-[A-Za-z0-9 ]{1,6})?", fullmatch=True),
    "purpose": st.sampled_from(["thank_you", "status", "feedback", "competing_offer", "grievance", "Status", ""]),
    "promised_reply_by": DATES | datetime_texts(),
    "competing_offer_deadline": DATES | datetime_texts(),
    "heard_back": st.booleans(),
    "traditional": st.booleans(),
    "first_choice": st.booleans(),
    "fields": st.dictionaries(st.sampled_from(["hiring_office", "round", "", "x" * 80]),
                              st.none() | st.booleans() | st.integers() | st.text(max_size=20), max_size=3),
    "language": st.sampled_from(["en", "en-US", "en-GB", "EN-gb", "de", "en_US", "", "x-klingon"]),
    "contacts": st.lists(st.fixed_dictionaries(
        {"at": datetime_texts()}, optional={"channel": st.sampled_from(["call", "email", "fax", ""])}), max_size=4),
    **{name: st.text(max_size=40) | st.sampled_from(["{company}", "{{7*7}}", "${x}", "%s", "x" * 201])
       for name in ("ref", "company", "role", "interviewer", "candidate")},
}


def field_value(field: str) -> st.SearchStrategy[Any]:
    """A value for one situation field: plausible for that field, or anything at all."""
    return FIELD_VALUES[field] | json_values


@st.composite
def mutated_situations(draw: st.DrawFn) -> tuple[dict[str, Any], Any]:
    """A valid situation (from engine.testing) with some fields replaced, removed or added."""
    situation, now = draw(situations(draw(st.sampled_from(engine.default_catalog().accepted_industries))))
    situation = dict(situation)
    for field in draw(st.sets(st.sampled_from(FIELDS), min_size=1, max_size=4)):
        if draw(st.integers(0, 5)) == 0:
            situation.pop(field, None)
        else:
            situation[field] = draw(field_value(field))
    if draw(st.integers(0, 9)) == 0:
        now = draw(datetime_texts() | json_values)
    return situation, now


def advise_only_documented(situation: Any, now: Any = "2026-11-21T10:00", **kw: Any) -> None:
    try:
        plan = engine.advise(situation, now=now, **kw)
    except engine.FollowupError:
        return
    assert violations(plan) == [], (situation, now)
    json.dumps(plan.to_dict())  # and it renders


# --- the YAML reader -------------------------------------------------------------------


@given(text=yamlish_text)
def test_yaml_text_gives_data_or_yaml_error(text: str) -> None:
    try:
        load_text(text, "fuzz.yaml")
    except YamlError as error:
        assert error.diagnostic.code.startswith("Y")


@given(raw=st.binary(max_size=300))
def test_yaml_bytes_give_data_or_yaml_error(raw: bytes) -> None:
    try:
        load_bytes(raw, "fuzz.yaml")
    except YamlError as error:
        assert error.diagnostic.code.startswith("Y")


@given(prefix=st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b""]), raw=st.binary(max_size=200))
def test_yaml_bytes_after_a_byte_order_mark_give_data_or_yaml_error(prefix: bytes, raw: bytes) -> None:
    try:
        load_bytes(prefix + raw, "fuzz.yaml")
    except YamlError as error:
        assert error.diagnostic.code.startswith("Y")


def same_data(left: Any, right: Any) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return left == right or (math.isnan(left) and math.isnan(right))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same_data(left[key], right[key]) for key in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(same_data(a, b) for a, b in zip(left, right, strict=True))
    return type(left) is type(right) and left == right


@given(value=json_values)
def test_yaml_round_trip_of_json_like_values(value: Any) -> None:
    """What PyYAML writes, the reader gives back unchanged, or refuses it with a limit's code.

    (Escaped output: PyYAML writes U+0085 raw inside quotes with ``allow_unicode``, where
    YAML reads it as a line break, so that form does not round-trip in any reader.)
    """
    text = yaml.safe_dump(value)
    try:
        document = load_text(text, "fuzz.yaml")
    except YamlError as error:
        assert error.diagnostic.code in ("Y103", "Y104", "Y105", "Y107", "Y108"), (error, text[:200])
        return
    assert same_data(document.data, value), (text[:300], document.data)


@given(value=json_values)
def test_json_documents_give_data_or_yaml_error(value: Any) -> None:
    try:
        load_text(json.dumps(value), "fuzz.json")
    except YamlError as error:
        assert error.diagnostic.code.startswith("Y")


# --- reading profiles ------------------------------------------------------------------

BASE_PROFILE: dict[str, Any] = {
    "id": "fuzzed",
    "name": "Fuzzed profile",
    "version": 2,
    "extends": "general",
    "evidence": "thin",
    "settings": {"business_hours": {"start": "08:00", "end": "18:00"}, "horizon_days": 21, "slot_minutes": 30,
                 "sequence": ["thank_you", "status"], "best_slots": 2},
    "sources": {"fuzz": {"title": "A source", "url": "https://example.org/"}},
    "rules": [
        {"id": "fuzz-prefer", "when": {"channel": "call", "weekday": ["tue", "wed"], "time": {"lt": "12:00"}},
         "then": {"prefer": 2}, "why": "Mornings midweek are quiet.", "source": "fuzz"},
        {"id": "fuzz-forbid", "when": {"any": [{"days_after": {"between": [15, 17]}}, {"not": {"business_day": True}}]},
         "then": {"forbid": True}, "why": "Some days are off limits.", "source": ["fuzz", "seed"]},
        {"id": "thank-you-deadline", "remove": True},
    ],
    "examples": [{"name": "An example", "situation": {"interview": "2026-11-18T10:30", "timezone": "Europe/Paris",
                                                       "industry": "fuzzed"},
                  "now": "2026-11-19T09:00", "expect": {"verdict": "wait_until"}}],
}


def paths_of(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_of(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths_of(item, (*prefix, index))
    return found


PROFILE_PATHS = [path for path in paths_of(BASE_PROFILE) if path]


def replaced(value: Any, path: tuple[Any, ...], new: Any, delete: bool) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    head, rest = path[0], path[1:]
    if not rest and delete:
        del copy[head]
    else:
        copy[head] = replaced(copy[head], rest, new, delete)
    return copy


@st.composite
def mutated_profiles(draw: st.DrawFn) -> Any:
    profile: Any = BASE_PROFILE
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from([p for p in PROFILE_PATHS if exists(profile, p)] or [("id",)]))
        profile = replaced(profile, path, draw(json_values), draw(st.integers(0, 4)) == 0)
    return profile


def exists(value: Any, path: tuple[Any, ...]) -> bool:
    for part in path:
        inside = part in value if isinstance(value, dict) else (
            isinstance(value, list) and isinstance(part, int) and part < len(value))
        if not inside:
            return False
        value = value[part]
    return True


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-profiles")


def test_the_unmutated_profile_is_valid(workdir: Path) -> None:
    path = workdir / "base.yaml"
    path.write_text(yaml.safe_dump(BASE_PROFILE), encoding="utf-8")
    profile, problems = read_profile(path, "fuzz")
    assert profile is not None and problems == []
    advise_only_documented({"interview": "2026-11-18T10:30", "timezone": "Europe/Paris", "industry": "fuzzed"},
                           profiles=engine.Catalog([path]))


@given(value=json_values)
def test_read_profile_of_any_yaml_value(workdir: Path, value: Any) -> None:
    path = workdir / "any.yaml"
    path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    profile, problems = read_profile(path, "fuzz")
    assert (profile is None) == bool(problems)
    assert all(problem.code for problem in problems)


@given(raw=st.binary(max_size=300) | yamlish_text.map(lambda text: text.encode("utf-8", "surrogatepass")))
def test_read_profile_of_any_bytes(workdir: Path, raw: bytes) -> None:
    path = workdir / "bytes.yaml"
    path.write_bytes(raw)
    profile, problems = read_profile(path, "fuzz")
    assert (profile is None) == bool(problems)


@given(document=mutated_profiles())
def test_mutated_profile_is_refused_or_usable(workdir: Path, document: Any) -> None:
    """Reading, resolving and then using a mutated profile raises nothing undocumented."""
    path = workdir / "mutated.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    profile, problems = read_profile(path, "fuzz")
    if profile is None:
        assert problems
        return
    catalog = engine.Catalog([path])
    assume(isinstance(document, dict) and isinstance(document.get("id"), str))
    try:
        catalog.resolve(document["id"])
    except engine.ProfileError as error:
        assert error.diagnostics
        return
    situation = {"interview": "2026-11-18T10:30", "timezone": "Europe/Paris", "industry": document["id"]}
    for backend in ("python", engine.backend_name()):  # durable-rules too, where it runs
        advise_only_documented(situation, profiles=catalog, backend=backend)


# --- engine.advise -----------------------------------------------------------------------


@given(situation=json_values)
def test_advise_on_any_value(situation: Any) -> None:
    advise_only_documented(situation)


@given(situation=st.dictionaries(st.text(max_size=20), json_values, max_size=6))
def test_advise_on_any_mapping(situation: dict[str, Any]) -> None:
    advise_only_documented(situation)


@given(situation=st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=len(FIELDS)))
def test_advise_on_known_fields_with_any_values(situation: dict[str, Any]) -> None:
    advise_only_documented(situation)


@given(case=mutated_situations())
def test_advise_on_mutated_valid_situations(case: tuple[dict[str, Any], Any]) -> None:
    situation, now = case
    advise_only_documented(situation, now)


@given(field=st.sampled_from(FIELDS), value=st.one_of(*(field_value(field) for field in FIELDS)))
def test_each_field_of_a_valid_situation_replaced_by_anything(field: str, value: Any) -> None:
    situation = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": "legal",
                 "purpose": "status", field: value}
    advise_only_documented(situation)
    advise_only_documented({"interview": "2026-11-20T14:00", "timezone": "America/New_York"}, now=value)


@pytest.mark.parametrize("field", ["heard_back", "timezone", "purpose", "industry", "country", "contacts"])
def test_advise_on_an_enormous_integer_raises_situation_error(field: str) -> None:
    huge = 10**5000
    value: Any = [{"at": "2026-11-21T10:00", "channel": huge}] if field == "contacts" else huge
    with pytest.raises(engine.SituationError):
        engine.advise({"interview": "2026-11-20T14:00", "timezone": "America/New_York", field: value})
