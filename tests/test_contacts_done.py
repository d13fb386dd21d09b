"""Recorded contacts that count: a step a contact fulfilled is shown as done in JSON, the text
plan, the calendar and the agenda, and `--contact` (and the agenda's contacts column) say what a
contact was for. Expected words and times are written from the situation, by hand."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner
from conftest import ROOT
from icalendar import Calendar

import engine
from engine.frontends.cli import main
from engine.report.ics import render_ics
from engine.report.text import render_text

NY = "America/New_York"
# Interview Mon 2 Nov 10:00; the thank-you e-mail sent that evening; a status call on Thu 12.
THANKED = {"interview": "2026-11-02T10:00", "timezone": NY, "country": "US",
           "contacts": [{"at": "2026-11-02T18:30", "channel": "email"}]}
BOTH = {**THANKED, "contacts": [*THANKED["contacts"], {"at": "2026-11-12T10:00", "channel": "call",
                                                       "purpose": "status"}]}
PLAN_SCHEMA = json.loads((ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))


def test_json_shows_the_done_step_without_times_or_draft_and_the_next_step_planned() -> None:
    plan = engine.advise(THANKED, now="2026-11-03T09:30").to_dict()
    jsonschema.validate(plan, PLAN_SCHEMA)
    thanks, status = plan["steps"]
    assert thanks == {"purpose": "thank_you", "action": "email", "window": None, "best": [], "reasons": [],
                      "note": "done: sent by e-mail on Mon 2 Nov 18:30",
                      "done": {"at": "2026-11-02T18:30:00-05:00", "channel": "email"}, "draft": None}
    assert status["action"] == "call" and status["best"] and "done" not in status
    assert plan["now"]["purpose"] == "status"  # no second thanks
    assert plan["situation"]["contacts"] == [{"at": "2026-11-02T18:30:00-05:00", "channel": "email"}]


def test_every_step_done_the_verdict_waits_for_the_reply_until_move_on() -> None:
    plan = engine.advise(BOTH, now="2026-11-13T10:00").to_dict()
    jsonschema.validate(plan, PLAN_SCHEMA)
    assert [step["done"]["channel"] for step in plan["steps"]] == ["email", "call"]
    assert plan["now"] == {"at": "2026-11-13T10:00:00-05:00", "verdict": "wait_until", "purpose": "status",
                           "until": "2026-11-16T17:00:00-05:00",
                           "reason": "every step is done; wait for their reply until Mon 16 Nov 17:00, then move on",
                           "favoured_by": [], "against": []}
    assert plan["situation"]["contacts"][1] == {"at": "2026-11-12T10:00:00-05:00", "channel": "call",
                                                "purpose": "status"}


def test_the_text_plan_says_what_was_done_and_to_wait_for_the_reply() -> None:
    text = render_text(engine.advise(BOTH, now="2026-11-13T10:00"))
    lines = text.splitlines()
    verdict = " ".join(line.strip() for line in text.split("\n\n")[0].splitlines())  # wrapped at 99 columns
    assert verdict == ("Now (Fri 13 Nov 10:00 New York time): every step is done; wait for their reply until "
                       "Mon 16 Nov 17:00, then move on")
    assert "1. Send a thank-you e-mail \u2014 done: sent by e-mail on Mon 2 Nov 18:30" in lines
    assert "2. Call to ask about the status \u2014 done: called on Thu 12 Nov 10:00" in lines
    assert "Window:" not in text and "What to say" not in text and "its time has passed" not in text


def test_the_calendar_has_no_event_for_a_done_step() -> None:
    thanked = Calendar.from_ical(render_ics(engine.advise(THANKED, now="2026-11-03T09:30")))
    summaries = [str(event["summary"]) for event in thanked.walk("VEVENT")]
    assert summaries == ["Follow-up call: ask about the status"]
    both = Calendar.from_ical(render_ics(engine.advise(BOTH, now="2026-11-13T10:00")))
    (note,) = both.walk("VEVENT")
    assert str(note["summary"]) == "Follow-up: done, wait for their reply"
    assert "1. Send a thank-you e-mail \u2014 done: sent by e-mail on Mon 2 Nov 18:30" in str(note["description"])


def test_the_agenda_lists_an_application_with_every_step_done_as_done(tmp_path: Path) -> None:
    rows = tmp_path / "applications.csv"
    rows.write_text("ref,interview,timezone,country,contacts\n"
                    "a1,2026-11-02T10:00,America/New_York,US,2026-11-02T18:30 email; 2026-11-12T10:00 call status\n"
                    "a2,2026-11-02T10:00,America/New_York,US,2026-11-02T18:30 email\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["agenda", str(rows), "--now", "2026-11-13T10:00", "--format", "json"])
    assert result.exit_code == 0, result.output
    items = {item["ref"]: item for item in json.loads(result.stdout)["applications"]}
    assert items["a1"]["status"] == "done"
    assert items["a1"]["reason"] == "every step is done; wait for their reply until Mon 16 Nov 17:00, then move on"
    assert items["a2"]["status"] != "done" and items["a2"]["purpose"] == "status"
    text = CliRunner().invoke(main, ["agenda", str(rows), "--now", "2026-11-13T10:00"]).stdout
    done = text.split("Done (nothing to do)\n")[1]
    assert "wait for their reply until Mon 16 Nov 17:00" in done


def test_the_contact_option_takes_what_a_contact_was_for() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["advise", "--interview", "2026-11-02T10:00", "--timezone", NY, "--country", "US",
                                  "--contact", "2026-11-02T18:30=email", "--contact", "2026-11-12T10:00=call:status",
                                  "--now", "2026-11-13T10:00", "--format", "json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert [step.get("done", {}).get("at") for step in plan["steps"]] == ["2026-11-02T18:30:00-05:00",
                                                                          "2026-11-12T10:00:00-05:00"]
    bad = runner.invoke(main, ["advise", "--interview", "2026-11-02T10:00", "--timezone", NY,
                               "--contact", "2026-11-12T10:00=call:chat"])
    assert bad.exit_code == 2
    assert "give DATETIME=call or DATETIME=email, optionally with what it was for" in bad.output
    assert "Traceback" not in bad.output


def test_a_contact_with_an_unknown_purpose_is_named_by_its_field() -> None:
    result = CliRunner().invoke(main, ["advise", "--input", "-", "--format", "json"], input=json.dumps(
        {**THANKED, "contacts": [{"at": "2026-11-03T10:00", "channel": "email", "purpose": "thanks"}]}))
    assert result.exit_code == 2
    assert "contacts[0].purpose: unknown purpose 'thanks'" in result.output
    assert "thank_you" in result.output
