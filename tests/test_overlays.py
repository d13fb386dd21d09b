"""Country overlays: the employer's country's etiquette between general and the industry.

Every expected day and time below was worked out by hand from the overlays' cited norms
(profiles/de.yaml ... br.yaml, docs/research-countries.md), the general profile's weights
(week after +3, midweek +1, 10:00-11:59 and 14:00 +1 for calls, 15:00 on -2, the first
morning and the last afternoon of the week -1) and the countries' calendars; each is set
against the plan the same interview gets in the US, where the sources say they differ.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine.errors import ProfileError, SituationError
from engine.plan import Plan, Step
from engine.testing.invariants import violations
from engine.testing.strategies import named_situations

CATALOG = engine.default_catalog()
COUNTRIES = {"GB": "gb", "DE": "de", "FR": "fr", "ES": "es", "JP": "jp", "IN": "in", "BR": "br"}
PLAN_SCHEMA = jsonschema.Draft202012Validator(
    json.loads((ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8")))


def plan(interview: str, zone: str, now: str, **fields: Any) -> Plan:
    return engine.advise({"interview": interview, "timezone": zone, **fields}, now=now)


def only(p: Plan) -> Step:
    assert len(p.steps) == 1
    return p.steps[0]


def local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def window(step: Step) -> tuple[str, str]:
    assert step.window is not None
    return local(step.window[0]), local(step.window[1])


def first_best(step: Step) -> tuple[str, str]:
    return local(step.best[0].start), local(step.best[0].end)


# --- each country against the US -------------------------------------------------------

def test_germany_waits_more_than_ten_days_for_the_status_call() -> None:
    # Tue 10 Nov: in the US the week after (Mon 16) opens the window and Tue 17 mid-morning is
    # best. In Germany more than ten days pass first: day 11 is Sat 21 Nov, so Mon 23 opens it,
    # Tue 24 mid-morning is best, and the window runs four weeks (to Tue 8 Dec).
    us = only(plan("2026-11-10T10:00", "America/New_York", "2026-11-10T11:00", purpose="status"))
    de = only(plan("2026-11-10T10:00", "Europe/Berlin", "2026-11-10T11:00", purpose="status"))
    assert (us.action, window(us)[0], first_best(us)) == ("call", "2026-11-16 09:00", ("2026-11-17 10:00",
                                                                                       "2026-11-17 12:00"))
    assert (de.action, window(de), first_best(de)) == ("call", ("2026-11-23 09:00", "2026-12-08 17:00"),
                                                       ("2026-11-24 10:00", "2026-11-24 12:00"))
    assert "de-outcome-after-ten-days" in {reason.rule.id for reason in de.reasons}


def test_germany_makes_no_call_late_on_a_friday() -> None:
    # A competing offer (Wed 11 Nov, deadline Mon 16): calls from Fri 13 on. In the US the
    # Friday afternoon is allowed, if disfavoured; in Germany no call starts at 14:00 or later.
    offer = {"purpose": "competing_offer", "competing_offer_deadline": "2026-11-16"}
    us = only(plan("2026-11-11T10:00", "America/New_York", "2026-11-11T11:00", **offer))
    de = only(plan("2026-11-11T10:00", "Europe/Berlin", "2026-11-11T11:00", **offer))
    friday = date(2026, 11, 13)
    assert [slot.start.hour for slot in us.allowed if slot.day == friday] == [9, 10, 11, 12, 13, 14, 15, 16]
    assert [slot.start.hour for slot in de.allowed if slot.day == friday] == [9, 10, 11, 12, 13]


def test_britain_asks_about_the_status_by_email() -> None:
    # The same week after and midweek; an e-mail, not a call, from 09:00 on Tue 17 Nov.
    us = only(plan("2026-11-10T10:00", "America/New_York", "2026-11-10T11:00", purpose="status"))
    gb = only(plan("2026-11-10T10:00", "Europe/London", "2026-11-10T11:00", purpose="status"))
    assert us.action == "call"
    assert (gb.action, window(gb)[0], first_best(gb)[0]) == ("email", "2026-11-16 09:00", "2026-11-17 09:00")


def test_france_calls_around_the_lunch_break() -> None:
    # Tue 17 Nov at 12:30, the week after a Tue 10 Nov interview. In France 12:00-14:00 is
    # forbidden and 15:00-16:59 favoured (+1 instead of general's -2): 14:00-17:00 scores 5
    # throughout. In the US only 14:00-15:00 scores 5 that afternoon.
    us = only(plan("2026-11-10T10:00", "America/New_York", "2026-11-17T12:30", purpose="status"))
    fr = only(plan("2026-11-10T10:00", "Europe/Paris", "2026-11-17T12:30", purpose="status"))
    assert first_best(us) == ("2026-11-17 14:00", "2026-11-17 15:00")
    assert first_best(fr) == ("2026-11-17 14:00", "2026-11-17 17:00")
    assert not [slot for slot in fr.allowed if 12 <= slot.start.hour < 14]
    assert [slot for slot in us.allowed if 12 <= slot.start.hour < 14]


def test_spain_makes_no_call_over_the_long_lunch() -> None:
    # Feedback, Tue 17 Nov at 14:30: in the US the 14:00 call is best (week after +3,
    # midweek +1, early afternoon +1) and now is inside it. In Spain 14:00-15:59 is
    # forbidden; the afternoon's good moment is 16:00 (+1), so wait until then.
    us = plan("2026-11-10T10:00", "America/New_York", "2026-11-17T14:30", purpose="feedback")
    es = plan("2026-11-10T10:00", "Europe/Madrid", "2026-11-17T14:30", purpose="feedback")
    assert us.now.verdict == "call_now"
    assert es.now.verdict == "wait_until" and es.now.until is not None
    assert local(es.now.until) == "2026-11-17 16:00"
    assert not [slot for slot in only(es).allowed if 14 <= slot.start.hour < 16]


def test_japan_thanks_within_a_day_and_asks_by_email_after_two_weeks() -> None:
    # Thank-you: Tue 10 Nov and the next working day only (Wed 11). Status: no pressure, an
    # e-mail two weeks on: Tue 24 Nov opens the window; Mon 23 is Labour Thanksgiving Day, so
    # Tuesday starts that working week and Wed 25 (midweek +1) is best.
    thanks = only(plan("2026-11-10T15:00", "Asia/Tokyo", "2026-11-10T16:00", purpose="thank_you"))
    assert thanks.action == "email" and window(thanks)[1] == "2026-11-11 17:00"
    us = only(plan("2026-11-10T15:00", "America/New_York", "2026-11-10T16:00", purpose="status"))
    jp = only(plan("2026-11-10T15:00", "Asia/Tokyo", "2026-11-10T16:00", purpose="status"))
    assert us.action == "call"
    assert (jp.action, window(jp), first_best(jp)[0]) == ("email", ("2026-11-24 09:00", "2026-12-08 17:00"),
                                                          "2026-11-25 09:00")


def test_japan_calls_neither_over_lunch_nor_first_thing() -> None:
    # A competing offer (Tue 10 Nov, deadline Mon 16): calls from Thu 12. In the US 12:00 is an
    # allowed time; in Japan it is the lunch hour. The first hour is disfavoured (-2) in Japan,
    # so Thursday's best call is 10:00-12:00 (mid-morning +1, days left +2 and +1).
    offer = {"purpose": "competing_offer", "competing_offer_deadline": "2026-11-16"}
    us = only(plan("2026-11-10T10:00", "America/New_York", "2026-11-12T09:30", **offer))
    jp = only(plan("2026-11-10T10:00", "Asia/Tokyo", "2026-11-12T09:30", **offer))
    thursday = date(2026, 11, 12)
    assert 12 in [slot.start.hour for slot in us.allowed if slot.day == thursday]
    assert [slot.start.hour for slot in jp.allowed if slot.day == thursday] == [9, 10, 11, 13, 14, 15, 16]
    assert first_best(jp) == ("2026-11-12 10:00", "2026-11-12 12:00")


@pytest.mark.parametrize(("zone", "country"), [("Asia/Kolkata", "IN"), ("America/Sao_Paulo", "BR")])
def test_india_and_brazil_write_after_five_working_days(zone: str, country: str) -> None:
    # Thu 3 Dec: in the US the status call is best on Tue 8 Dec (week after, midweek). In
    # India and Brazil an e-mail waits five working days: Fri 4, Mon 7, Tue 8, Wed 9 are
    # days 1-4, so Thu 10 Dec opens the window and is best (week after +3, midweek +1).
    us = only(plan("2026-12-03T10:00", "America/New_York", "2026-12-03T11:00", purpose="status"))
    here = only(plan("2026-12-03T10:00", zone, "2026-12-03T11:00", purpose="status"))
    assert (us.action, first_best(us)[0]) == ("call", "2026-12-08 10:00")
    assert (here.action, window(here)[0], first_best(here)[0]) == ("email", "2026-12-10 09:00", "2026-12-10 09:00")
    assert f"{COUNTRIES[country]}-outcome-after-five-working-days" in {reason.rule.id for reason in here.reasons}


# --- the chain ---------------------------------------------------------------------------

def test_the_overlay_sits_between_general_and_the_industry() -> None:
    p = plan("2026-11-10T10:00", "Europe/Berlin", "2026-11-10T11:00", industry="legal")
    assert p.to_dict()["profile"]["id"] == "legal"
    assert p.to_dict()["profile"]["chain"] == ["legal", "de", "general", "core"]


@pytest.mark.parametrize(("fields", "overlays", "chain"), [
    ({"timezone": "Europe/Berlin", "country": "none"}, True, ["general", "core"]),  # weekends only, no overlay
    ({"timezone": "America/New_York", "country": "DE"}, True, ["de", "general", "core"]),  # the country, not the zone
    ({"timezone": "Europe/Berlin"}, False, ["general", "core"]),  # a catalog that leaves overlays out
])
def test_the_country_chooses_the_overlay(fields: dict[str, Any], overlays: bool, chain: list[str]) -> None:
    situation = {"interview": "2026-11-10T10:00", **fields}
    found = engine.advise(situation, now="2026-11-10T11:00", profiles=engine.Catalog(overlays=overlays))
    assert found.to_dict()["profile"]["chain"] == chain


def test_the_country_from_the_time_zone_chooses_the_overlay() -> None:
    p = plan("2026-11-10T10:00", "Asia/Tokyo", "2026-11-10T11:00")
    assert p.to_dict()["profile"]["chain"] == ["jp", "general", "core"]


def test_an_overlay_is_no_industry() -> None:
    with pytest.raises(SituationError) as caught:
        plan("2026-11-10T10:00", "Europe/Berlin", "2026-11-10T11:00", industry="de")
    assert "unknown profile 'de'" in str(caught.value)
    assert "de" not in CATALOG.industries and "general" in CATALOG.industries
    assert set(CATALOG.overlays) == set(COUNTRIES.values())


def test_resolution_is_cached_per_industry_and_country() -> None:
    catalog = engine.Catalog()
    first = catalog.resolve("legal", "DE", None)
    assert catalog.resolve("legal", "DE", None) is first
    assert catalog.resolve("legal", "DE", "BY").chain == first.chain == ("legal", "de", "general", "core")
    assert catalog.resolve("legal", "US", None) is catalog.resolve("legal")


# --- user overlays -------------------------------------------------------------------------

PT = """\
id: pt
name: Portugal (country overlay)
country: PT
extends: general
sources:
  notes: {title: "Notes", url: "https://example.org/pt/notes"}
rules:
  - id: pt-status-by-email
    when: {purpose: status}
    then: {recommend: email}
    why: Status questions go in writing.
    source: notes
"""


def test_a_user_overlay_from_a_folder(tmp_path: Path) -> None:
    (tmp_path / "pt.yaml").write_text(PT, encoding="utf-8")
    catalog = engine.Catalog([tmp_path])
    lisbon = engine.advise({"interview": "2026-11-10T10:00", "timezone": "Europe/Lisbon", "purpose": "status"},
                           now="2026-11-10T11:00", profiles=catalog)
    assert lisbon.to_dict()["profile"]["chain"] == ["pt", "general", "core"]
    assert only(lisbon).action == "email"
    elsewhere = engine.advise({"interview": "2026-11-10T10:00", "timezone": "Europe/Lisbon", "purpose": "status",
                               "country": "none"}, now="2026-11-10T11:00", profiles=catalog)
    assert only(elsewhere).action == "call"


def test_an_overlay_for_one_industry_and_one_region(tmp_path: Path) -> None:
    (tmp_path / "legal-jp.yaml").write_text(
        "id: legal-jp\nname: Legal in Japan\ncountry: JP\nextends: legal\nrules:\n"
        "  - {id: jp-legal-thanks-by-email, when: {purpose: thank_you}, then: {recommend: email},"
        " why: Thanks are written., source: vault}\n", encoding="utf-8")
    (tmp_path / "es-ct.yaml").write_text(
        "id: es-ct\nname: Catalonia\ncountry: ES-CT\nextends: es\nrules: []\n", encoding="utf-8")
    catalog = engine.Catalog([tmp_path])
    tokyo = engine.advise({"interview": "2026-11-10T10:00", "timezone": "Asia/Tokyo", "industry": "legal"},
                          now="2026-11-10T11:00", profiles=catalog).to_dict()["profile"]
    assert (tokyo["id"], tokyo["chain"]) == ("legal", ["legal-jp", "legal", "jp", "general", "core"])
    assert catalog.resolve("it", "JP").chain == ("it", "jp", "general", "core")  # only legal's
    assert catalog.resolve("general", "ES", "CT").chain == ("es-ct", "es", "general", "core")
    assert catalog.resolve("general", "ES", "MD").chain == ("es", "general", "core")


def test_a_profile_may_remove_a_rule_the_overlay_removes_too(tmp_path: Path) -> None:
    # The French overlay removes general's no-late-calls (French offices call later in the
    # afternoon); a profile of a user's that removes it as well still plans in France.
    (tmp_path / "late-ok.yaml").write_text(
        "id: late-ok\nname: Late calls are fine\nextends: general\nrules:\n"
        "  - id: no-late-calls\n    remove: true\n", encoding="utf-8")
    catalog = engine.Catalog([tmp_path])
    plan = engine.advise({"interview": "2026-11-17T10:00", "timezone": "Europe/Paris", "country": "FR",
                          "industry": "late-ok", "purpose": "status"}, now="2026-11-17T11:00", profiles=catalog)
    assert plan.profile.chain == ("late-ok", "fr", "general", "core")
    assert "no-late-calls" not in {rule.id for rule in plan.profile.rules}
    with pytest.raises(ProfileError) as caught:  # a removal of a rule no parent has is still refused
        (tmp_path / "bad.yaml").write_text(
            "id: bad\nname: Bad\nextends: general\nrules:\n  - id: no-such-rule\n    remove: true\n",
            encoding="utf-8")
        engine.advise({"interview": "2026-11-17T10:00", "timezone": "Europe/Paris", "country": "FR",
                       "industry": "bad"}, now="2026-11-17T11:00", profiles=engine.Catalog([tmp_path]))
    assert [d.code for d in caught.value.diagnostics] == ["R308"]


def test_an_overlays_own_rule_ids_start_with_its_country(tmp_path: Path) -> None:
    (tmp_path / "pt.yaml").write_text(PT.replace("pt-status-by-email", "status-by-letter"), encoding="utf-8")
    catalog = engine.Catalog([tmp_path])
    with pytest.raises(ProfileError) as caught:
        catalog.resolve("pt")
    assert [d.code for d in caught.value.diagnostics] == ["R317"]
    assert "'pt-'" in caught.value.diagnostics[0].message


def test_an_overlay_may_override_a_rule_of_general_by_its_id() -> None:
    fr = CATALOG.resolve("general", "FR")
    assert "no-late-calls" not in {rule.id for rule in fr.rules}
    es = {rule.id: rule for rule in CATALOG.resolve("general", "ES").rules}
    assert es["no-late-calls"].profile == "es"


# --- the invariants, for every industry in every overlay's country -------------------------

@pytest.mark.parametrize("industry", CATALOG.industries)
@pytest.mark.parametrize("country", sorted(COUNTRIES))
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_every_invariant_holds_for_every_industry_in_every_overlay_country(
        industry: str, country: str, data: st.DataObject) -> None:
    horizon = CATALOG.resolve(industry, country).settings.horizon_days
    situation, now = data.draw(named_situations(industry, max_horizon=horizon + 3, country=country))
    found = engine.advise(situation, now=now)
    assert COUNTRIES[country] in found.to_dict()["profile"]["chain"]
    assert violations(found, engine.advise(situation, now=now)) == []
    PLAN_SCHEMA.validate(found.to_dict())


# --- the command line ------------------------------------------------------------------------

def followup(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("FOLLOWUP_PROFILES_PATH", None)
    return subprocess.run([sys.executable, "-m", "engine", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300)


def test_init_country_writes_an_overlay_that_validates_tests_and_applies(tmp_path: Path) -> None:
    made = followup("init", "mine", "--country", "pt", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    text = (tmp_path / "mine" / "pt.yaml").read_text(encoding="utf-8")
    assert "country: PT" in text and "id: pt-status-by-email" in text
    assert followup("validate", "mine", cwd=tmp_path).returncode == 0
    tested = followup("test", "mine", "--examples", "10", "--strict", cwd=tmp_path)
    assert tested.returncode == 0, tested.stdout
    advised = followup("advise", "--interview", "2026-11-10T10:00", "--timezone", "Europe/Lisbon", "--purpose",
                       "status", "--now", "2026-11-10T11:00", "--profiles", "mine", "--format", "json", cwd=tmp_path)
    assert json.loads(advised.stdout)["profile"]["chain"] == ["pt", "general", "core"]


def test_init_refuses_a_country_without_a_calendar(tmp_path: Path) -> None:
    refused = followup("init", "mine", "--country", "zz", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.startswith("followup: error: --country: no public-holiday calendar for 'ZZ'")
    assert "Traceback" not in refused.stderr and not (tmp_path / "mine").exists()


def test_profiles_lists_the_overlays_apart_from_the_industries() -> None:
    listed = followup("profiles").stdout
    industries, overlays = listed.split("\n\nCountry overlays, chosen by the situation's country (never an industry):\n")
    assert "de " not in industries and "legal " in industries
    rows = {line.split()[0]: line.split() for line in overlays.splitlines()[1:8]}
    assert set(rows) == set(COUNTRIES.values())
    assert rows["de"][-4:] == ["DE", "general", "mixed", "bundled"]


# Spain's Christmas to Epiphany and August, Japan's year-end closure (docs/research-countries.md).

def test_in_spain_a_status_question_after_christmas_waits_for_epiphany() -> None:
    # Interview Monday 28 December: the status window opens on Monday 4 January, but Spain's
    # Christmas lasts to Reyes (a holiday on Wednesday 6 January); the first midweek day
    # after it is Thursday 7 January.
    plan = engine.advise({"interview": "2026-12-28T10:00", "timezone": "Europe/Madrid", "purpose": "status"},
                         now="2026-12-29T09:00", profiles=CATALOG)
    assert plan.verdict.verdict == "wait_until"
    assert plan.verdict.until == datetime.fromisoformat("2027-01-07T09:00:00+01:00")
    step = plan.steps[0]
    assert "es-quiet-to-epiphany" in {reason.rule.id for reason in step.reasons}


def test_in_spain_a_status_question_in_late_august_waits_for_september() -> None:
    # Interview Wednesday 19 August: a week later is still August, when most offices are
    # closed or slowed and HR is away; the question goes on Tuesday 1 September.
    plan = engine.advise({"interview": "2026-08-19T10:00", "timezone": "Europe/Madrid", "purpose": "status"},
                         now="2026-08-20T09:00", profiles=CATALOG)
    assert plan.verdict.until == datetime.fromisoformat("2026-09-01T09:00:00+02:00")
    assert "es-quiet-august" in {reason.rule.id for reason in plan.steps[0].reasons}


def test_in_japan_nobody_is_contacted_over_the_year_end_closure() -> None:
    # Interview Monday 28 December, the last working day of the year (仕事納め): the thank-you
    # goes that afternoon; from 29 December to 3 January the company is closed.
    plan = engine.advise({"interview": "2026-12-28T10:00", "timezone": "Asia/Tokyo"}, now="2026-12-28T12:00",
                         profiles=CATALOG)
    thanks = next(step for step in plan.steps if step.purpose == "thank_you")
    assert thanks.window is not None
    assert thanks.window[1] == datetime.fromisoformat("2026-12-28T17:00:00+09:00")
    # A status question for an interview on 17 December can open no earlier than Monday 4 January.
    later = engine.advise({"interview": "2026-12-17T10:00", "timezone": "Asia/Tokyo", "purpose": "status"},
                          now="2026-12-18T09:00", profiles=CATALOG)
    assert later.steps[0].window is not None
    assert later.steps[0].window[0] == datetime.fromisoformat("2027-01-04T09:00:00+09:00")
    assert all(not date(2026, 12, 29) <= item.start.date() <= date(2027, 1, 3) for item in later.steps[0].best)
