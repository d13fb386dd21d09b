"""Each concept declared once: situation fields, facts and channels, and the worked examples of
docs/architecture.md carried out on a copy of the package.

The worked examples copy ``engine/``, ``schemas/`` and ``profiles/`` to a temporary folder,
hand-edit there exactly the files the architecture document lists, regenerate the schemas as
it says, and show in a fresh interpreter that everything that derives from the declaration
follows: the parser and the plan's echo, both schemas, ``followup advise``'s option, the
page's form (a situation field); the profile schema, ``validate`` and a plan that uses it (a
fact). Expected plans are written by hand from the profiles' rules.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import engine
from engine.evaluation.facts import build_grid, channel_facts, step_facts
from engine.report.wording import CHANNEL_WORDS
from engine.situation_fields import SITUATION_FIELDS
from engine.vocabulary import CHANNEL_SPECS, CHANNELS, FACTS, GROUPS, VERDICTS

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


# --- facts ---------------------------------------------------------------------------------

def test_every_declared_fact_has_a_group_and_a_computation() -> None:
    for name, spec in FACTS.items():
        assert spec.group in GROUPS and spec.compute is not None, name


def test_every_declared_fact_is_computed_for_a_real_slot() -> None:
    # Friday 20 November 2026, 14:00 in New York; a thank-you e-mail that evening and a call on Monday.
    situation = engine.parse_situation({
        "interview": "2026-11-20T14:00", "timezone": "America/New_York", "country": "US",
        "promised_reply_by": "2026-11-25",
        "contacts": [{"at": "2026-11-20T18:00", "channel": "email"}, {"at": "2026-11-23T09:30", "channel": "call"}]})
    profile = engine.default_catalog().resolve("general", "US", None)
    grid = build_grid(situation, profile.settings)
    tuesday = grid.dates.index(date(2026, 11, 24))
    slot = next(slot for slot in grid.day_slots[tuesday] if slot.minutes == 10 * 60)
    facts = {**step_facts(situation, "status", grid.interview_week_part), **channel_facts("call"),
             **grid.facts(tuesday, slot)}
    assert set(facts) == set(FACTS)
    # Written by hand: Tuesday 24 November at 10:00, two working days after the Friday interview.
    assert facts["purpose"] == "status" and facts["channel"] == "call"
    assert facts["interview_weekday"] == 4 and facts["interview_week_part"] == "last"
    assert facts["interview_time"] == 14 * 60
    assert (facts["days_after"], facts["business_days_after"], facts["weeks_after"]) == (4, 2, 1)
    assert (facts["weekday"], facts["week_part"], facts["business_day"]) == (1, "mid", True)
    assert (facts["time"], facts["end_time"], facts["hours_after"]) == (600, 660, 4 * 24 - 4)
    assert (facts["contacts"], facts["calls_made"], facts["emails_sent"]) == (2, 1, 1)
    assert facts["days_since_last_contact"] == 1 and facts["business_days_since_last_call"] == 1
    assert facts["has_promised_reply"] and not facts["promised_reply_passed"]
    assert facts["business_days_after_promise"] == 0 and not facts["holiday"]


# --- channels ------------------------------------------------------------------------------

@pytest.mark.parametrize("channel", CHANNELS)
def test_every_planned_channel_has_its_verdict_count_fact_and_words(channel: str) -> None:
    spec = CHANNEL_SPECS[channel]
    assert spec.verdict in VERDICTS
    assert FACTS[spec.count_fact].group == "contacts"
    assert channel in CHANNEL_WORDS and spec.draft_parts


@pytest.mark.parametrize(("channel", "counted"), [("call", "calls_made"), ("email", "emails_sent")])
def test_a_contact_by_a_channel_counts_in_its_fact(channel: str, counted: str) -> None:
    situation = engine.parse_situation({"interview": "2026-11-20T14:00", "timezone": "America/New_York",
                                        "contacts": [{"at": "2026-11-20T18:00", "channel": channel}]})
    profile = engine.default_catalog().resolve("general", "US", None)
    grid = build_grid(situation, profile.settings)
    monday = grid.dates.index(date(2026, 11, 23))
    facts = grid.facts(monday, grid.day_slots[monday][0])
    assert CHANNEL_SPECS[channel].count_fact == counted
    assert facts[counted] == 1 and facts["contacts"] == 1
    other = next(spec.count_fact for name, spec in CHANNEL_SPECS.items() if name in CHANNELS and name != channel)
    assert facts[other] == 0


# --- the worked examples, on a copy of the package -----------------------------------------

def _copy(tmp_path: Path) -> Path:
    for name in ("engine", "schemas", "profiles"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def _edit(path: Path, after: str, insert: str) -> None:
    """Insert ``insert`` after the line holding ``after`` (once)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(after) == 1, after
    at = text.index("\n", text.index(after)) + 1
    path.write_text(text[:at] + insert + text[at:], encoding="utf-8")


def _python(root: Path, code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop("FOLLOWUP_PROFILES_PATH", None)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def _example(title: str) -> str:
    """The text of one worked example of docs/architecture.md."""
    start = ARCHITECTURE.index(f"## Worked example: {title}")
    end = ARCHITECTURE.find("\n## ", start + 1)
    return ARCHITECTURE[start:end if end != -1 else None]


REFERRED = '''\
    _flag("referred", "Referred", "Someone at the employer referred the candidate.",
          Option("Someone at the employer referred you."), PageField(1, 4, "Someone there referred me", "check"),
          Sample((True,), "situations")),
'''


def test_adding_a_situation_field_takes_the_files_the_architecture_lists(tmp_path: Path) -> None:
    example = _example("adding a situation field")
    assert "`engine/situation_fields.py`" in example and "`engine/situation.py`" in example
    root = _copy(tmp_path)
    _edit(root / "engine" / "situation_fields.py", "Sample((True,), \"named_situations\")),", REFERRED)
    _edit(root / "engine" / "situation.py", "first_choice: bool = False", "    referred: bool = False\n")
    regenerated = _python(root, "from engine.language.schema import write_schemas; write_schemas()")
    assert regenerated.returncode == 0, regenerated.stderr
    checked = _python(root, """
        import json, sys
        import jsonschema
        from click.testing import CliRunner
        import engine
        from engine.errors import SituationError
        from engine.frontends.cli import main
        from engine.frontends.serve.page import Page

        given = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "referred": True}
        situation = engine.parse_situation(given)
        assert situation.referred is True and situation.to_dict()["referred"] is True
        assert engine.parse_situation({**given, "referred": None}).referred is False
        try:
            engine.parse_situation({**given, "referred": "yes"})
        except SituationError as error:
            assert str(error).startswith("referred: expected true or false"), error
        else:
            sys.exit("a bad value passed")
        schemas = {name: json.load(open(f"schemas/{name}.schema.json")) for name in ("situation", "plan")}
        jsonschema.validate(given, schemas["situation"])
        plan = engine.advise(given, now="2026-11-21T10:00-05:00").to_dict()
        assert plan["situation"]["referred"] is True
        jsonschema.validate(plan, schemas["plan"])
        run = CliRunner().invoke(main, ["advise", "--interview", "2026-11-20T14:00", "--timezone",
                                        "America/New_York", "--referred", "--now", "2026-11-21T10:00-05:00",
                                        "--format", "json"])
        assert run.exit_code == 0, run.output
        assert json.loads(run.output)["situation"]["referred"] is True
        html = Page([]).html.decode()
        assert 'id="referred" name="referred" type="checkbox"' in html and "Someone there referred me" in html
        assert html.index('id="heard_back"') < html.index('id="referred"') < html.index('id="candidate"')
        print("ok")
    """)
    assert checked.returncode == 0 and checked.stdout.strip() == "ok", checked.stderr


INTERVIEW_HOUR = '''\
        FactSpec("interview_hour", "int", "step", "Local hour the interview started (0-23).", example=16,
                 bounds=lambda limits: (0, 23), group="step", compute=lambda step: step.situation.interview.hour),
'''
LATE = """\
id: late
name: Late interviews
extends: general
rules:
  - id: late-thanks-by-call
    when: {purpose: thank_you, interview_hour: {ge: 16}}
    then: {recommend: call}
    why: After a late interview the interviewer is still at their desk; a short call fits.
    source: seed
"""


def test_adding_a_fact_takes_the_files_the_architecture_lists(tmp_path: Path) -> None:
    example = _example("adding a fact")
    listed = re.findall(r"^\d+\. \*\*`([^`]+)`\*\*", example, flags=re.MULTILINE)
    assert listed[0] == "engine/vocabulary.py" and len(listed) <= 3, listed
    root = _copy(tmp_path)
    vocabulary = root / "engine" / "vocabulary.py"
    text = vocabulary.read_text(encoding="utf-8")
    anchor = text.index('        FactSpec("channel", "enum", "slot"')
    vocabulary.write_text(text[:anchor] + INTERVIEW_HOUR + text[anchor:], encoding="utf-8")
    regenerated = _python(root, "from engine.language.schema import write_schemas; write_schemas()")
    assert regenerated.returncode == 0, regenerated.stderr
    (root / "mine").mkdir()
    (root / "mine" / "late.yaml").write_text(LATE, encoding="utf-8")
    checked = _python(root, """
        import engine
        catalog = engine.Catalog(["mine"])
        def thanks(at):
            plan = engine.advise({"interview": at, "timezone": "America/New_York", "industry": "late",
                                  "purpose": "thank_you"}, now="2026-11-16T08:00-05:00", profiles=catalog)
            return plan.steps[0].action
        # general thanks by e-mail; the late profile by call after an interview from 16:00.
        print(thanks("2026-11-16T10:00"), thanks("2026-11-16T16:30"))
    """)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.split() == ["email", "call"]
    validated = subprocess.run([sys.executable, "-m", "engine", "validate", "mine"], cwd=root,
                               env={**os.environ, "PYTHONPATH": str(root)}, capture_output=True, text=True,
                               timeout=300, check=False)
    assert validated.returncode == 0, validated.stdout + validated.stderr


def test_the_field_table_is_where_a_field_is_named() -> None:
    """The parser, both schemas and the command take their fields from the table, in its order."""
    from engine.frontends.cli.advise import advise_command
    from engine.language.published import plan_schema, situation_schema
    from engine.situation import FIELDS

    assert tuple(SITUATION_FIELDS) == FIELDS
    assert list(situation_schema()["properties"]) == list(SITUATION_FIELDS)
    assert list(plan_schema()["$defs"]["situation"]["properties"]) == list(SITUATION_FIELDS)
    options = {param.name for param in advise_command.params}
    assert {name for name, field in SITUATION_FIELDS.items() if field.option is not None} <= options


def test_a_situation_echoed_by_a_plan_is_what_the_parser_reads() -> None:
    given = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "country": "US-NY",
             "purpose": "status", "promised_reply_by": "2026-11-27", "heard_back": True, "ref": " app-42 ",
             "contacts": [{"at": "2026-11-20T18:00", "channel": "email"}], "first_choice": False, "language": "EN"}
    echoed = engine.parse_situation(given).to_dict()
    # By hand: the fields' order, the zone's time with its offset, spaces trimmed, false and absent left out.
    assert echoed == {"interview": "2026-11-20T14:00:00-05:00", "timezone": "America/New_York",
                      "industry": "general", "country": "US-NY", "purpose": "status",
                      "promised_reply_by": "2026-11-27", "heard_back": True,
                      "contacts": [{"at": "2026-11-20T18:00:00-05:00", "channel": "email"}], "ref": "app-42",
                      "language": "en"}
    assert list(echoed) == [name for name in SITUATION_FIELDS if name in echoed]
    assert datetime.fromisoformat(echoed["interview"]).tzinfo is not None
    assert ZoneInfo(echoed["timezone"])


# --- followup advise: options -> request -> mode -------------------------------------------

@pytest.mark.parametrize(("args", "mode"), [
    (["--interview", "2026-11-20T14:00", "--timezone", "America/New_York"], "flags"),
    (["--input", "situations.jsonl", "--industry", "legal"], "input"),
    (["--input", "in/*.jsonl", "--dask", "local:2", "--output-dir", "out"], "cluster"),
])
def test_advise_builds_a_request_from_its_options_and_chooses_its_mode(args: list[str], mode: str) -> None:
    from engine.frontends.cli.advise import advise_command, build_request

    context = advise_command.make_context("advise", [*args, "--heard-back", "--contact", "2026-11-20T18:00=call"])
    request = build_request(context.params)
    assert request.mode == mode
    # The situation's fields given as options, by their names; the others are the command's own.
    assert request.given["heard_back"] is True
    assert request.given["contacts"] == [{"at": "2026-11-20T18:00", "channel": "call"}]
    assert set(request.given) <= set(SITUATION_FIELDS)
    assert ("industry" in request.given) == ("--industry" in args)


MARKDOWN = '''\
"""A plan as Markdown: a heading, then each step as a list item."""

from __future__ import annotations

from ..plan import Plan
from .text import action_sentence


def render_markdown(plan: Plan, drafts: bool = True) -> bytes:
    lines = [f"# Follow-up plan ({plan.profile.id})", ""]
    lines += [f"- {action_sentence(step)}" for step in plan.steps]
    return ("\\n".join(lines) + "\\n").encode()
'''
MARKDOWN_FORMAT = '''\
        PlanFormat("md", "text/markdown; charset=utf-8", ".md", _markdown),
'''
MARKDOWN_RENDERER = '''\
def _markdown(plan: Plan, reading: Reading) -> bytes:
    from .markdown import render_markdown

    return render_markdown(plan, drafts=reading.drafts)


'''


def test_adding_an_output_format_takes_the_files_the_architecture_lists(tmp_path: Path) -> None:
    example = _example("adding an output format")
    listed = re.findall(r"^\d+\. \*\*`([^`]+)`\*\*", example, flags=re.MULTILINE)
    assert listed == ["engine/report/markdown.py", "engine/report/formats.py"], listed
    root = _copy(tmp_path)
    (root / "engine" / "report" / "markdown.py").write_text(MARKDOWN, encoding="utf-8")
    _edit(root / "engine" / "report" / "formats.py", 'PlanFormat("ics", "text/calendar', MARKDOWN_FORMAT)
    formats = root / "engine" / "report" / "formats.py"
    text = formats.read_text(encoding="utf-8")
    at = text.index("PLAN_FORMATS: dict[str, PlanFormat]")
    formats.write_text(text[:at] + MARKDOWN_RENDERER + text[at:], encoding="utf-8")
    checked = _python(root, """
        from click.testing import CliRunner
        from starlette.testclient import TestClient
        from engine.frontends.cli import main
        import engine
        from engine.frontends.serve.app import create_app

        run = CliRunner().invoke(main, ["advise", "--interview", "2026-11-20T14:00", "--timezone",
                                        "America/New_York", "--now", "2026-11-21T10:00-05:00", "--format", "md"])
        assert run.exit_code == 0, run.output
        print(run.output, end="")
        client = TestClient(create_app(engine.default_catalog(), "python"))
        answer = client.post("/v1/advise", json={"interview": "2026-11-20T14:00", "timezone": "America/New_York"},
                             headers={"Accept": "text/markdown"})
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/markdown"), answer.text
        assert "text/markdown" in client.get("/openapi.json").text
    """)
    assert checked.returncode == 0, checked.stderr
    # general: a thank-you e-mail, then a status call.
    assert checked.stdout.splitlines() == ["# Follow-up plan (general)", "", "- Send a thank-you e-mail",
                                           "- Call to ask about the status"]


LINKEDIN = '''\
    ChannelSpec("linkedin", 0, ("body",), "linkedin_now", "linkedin_messages"),
'''
LINKEDIN_FACT = '''\
        FactSpec("linkedin_messages", "int", "slot", "Earlier follow-up LinkedIn messages sent up to the slot's start.",
                 example=0, bounds=_any_count, group="contacts", compute=lambda slot: slot.made("linkedin")),
'''
LINKEDIN_WORDS = '''\
    "linkedin": ChannelWords(
        N_("LinkedIn message"), N_("a LinkedIn message"), N_("one more follow-up: the last one was a LinkedIn message on {moment}"),
        N_("done: sent on LinkedIn on {moment}"), N_("now is one of the best times to write on LinkedIn ({purpose})"),
        N_("the next best time to write on LinkedIn ({purpose}) is {start}"), N_("Send a LinkedIn message to {what}"),
        N_("Send a thank-you message on LinkedIn")),
'''
NETWORKED = """\
id: networked
name: Thanks on LinkedIn
extends: general
rules:
  - id: thanks-on-linkedin
    when: {purpose: thank_you}
    then: {recommend: linkedin}
    why: In this field a short LinkedIn message is the usual thanks.
    source: seed
"""


def test_adding_a_channel_takes_the_files_the_architecture_lists(tmp_path: Path) -> None:
    example = _example("adding a channel")
    assert "**`engine/vocabulary.py`**" in example and "**`engine/report/wording.py`**" in example
    root = _copy(tmp_path)
    vocabulary = root / "engine" / "vocabulary.py"
    _edit(vocabulary, 'ChannelSpec("email", 1,', LINKEDIN)
    text = vocabulary.read_text(encoding="utf-8")
    anchor = text.index('        FactSpec("days_since_last_contact"')
    vocabulary.write_text(text[:anchor] + LINKEDIN_FACT + text[anchor:], encoding="utf-8")
    _edit(root / "engine" / "report" / "wording.py", 'N_("Send a thank-you e-mail")),', LINKEDIN_WORDS)
    regenerated = _python(root, "from engine.language.schema import write_schemas; write_schemas()")
    assert regenerated.returncode == 0, regenerated.stderr
    (root / "mine").mkdir()
    (root / "mine" / "networked.yaml").write_text(NETWORKED, encoding="utf-8")
    checked = _python(root, """
        from click.testing import CliRunner
        import engine
        from engine.frontends.cli import main

        situation = {"interview": "2026-11-16T10:00", "timezone": "America/New_York", "industry": "networked",
                     "contacts": [{"at": "2026-11-16T11:00", "channel": "linkedin", "purpose": "status"}]}
        plan = engine.advise(situation, now="2026-11-16T12:00-05:00", profiles=engine.Catalog(["mine"]))
        print(plan.steps[0].action)
        from engine.evaluation.facts import build_grid
        grid = build_grid(plan.situation, plan.profile.settings)
        print(grid.facts(1, grid.day_slots[1][0])["linkedin_messages"])
        run = CliRunner().invoke(main, ["advise", "--profiles", "mine", "--industry", "networked", "--interview",
                                        "2026-11-16T10:00", "--timezone", "America/New_York",
                                        "--contact", "2026-11-16T11:00=linkedin:status",
                                        "--now", "2026-11-16T12:00-05:00"])
        assert run.exit_code == 0, run.output
        print(run.output)
    """)
    assert checked.returncode == 0, checked.stderr
    lines = checked.stdout.splitlines()
    assert lines[0] == "linkedin"
    assert lines[1] == "1"  # the count fact of the new channel, on the day after the message
    # By hand: general thanks first and then calls about the status; the thanks is now a LinkedIn
    # message, and the status step follows one on LinkedIn.
    assert "1. Send a thank-you message on LinkedIn" in checked.stdout, checked.stdout
    assert "One more follow-up: the last one was a LinkedIn message on Mon 16 Nov 11:00." in checked.stdout
