"""Drafts: chosen per step from the profile, filled as plain text, shown in every format."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import engine
from engine.api import advise_any_profile
from engine.frontends.cli import main
from engine.language.catalog import default_catalog
from engine.placeholders import PLACEHOLDERS
from engine.report.drafts import STAND_INS, fill, placeholder_values
from engine.report.ics import render_ics
from engine.report.text import render_text
from engine.report.variants import respell
from engine.testing.drafts import draft_problems
from engine.testing.strategies import named_situations

ROOT = Path(__file__).resolve().parent.parent
BASE = {"interview": "2026-11-17T10:00", "timezone": "America/New_York", "country": "US"}
NOW = "2026-11-17T12:00"
NAMES = ("candidate", "interviewer", "company", "role")
HOSTILE = ("{{7*7}}", "${x}", "%s", "{company.__class__}", "{role}", "<b>{0}</b>")


def plan_dict(now: str = NOW, **fields: Any) -> dict[str, Any]:
    return engine.advise({**BASE, **fields}, now=now).to_dict()


def texts(step: dict[str, Any]) -> list[str]:
    return [value for key in ("draft", "alternative") if step.get(key)
            for part, value in step[key].items() if part in ("subject", "body", "opening", "question", "close")]


def test_names_fill_the_thank_you_email() -> None:
    plan = plan_dict(candidate="Alex Kim", interviewer="Ms Rivera", company="Acme", role="data analyst")
    draft = plan["steps"][0]["draft"]
    assert (draft["id"], draft["profile"], draft["channel"]) == ("thank-you-email", "general", "email")
    assert draft["subject"] == "Thank you for today's interview"  # sent on the interview's afternoon
    # A US employer: American dates, closed by a comma when the sentence goes on; the role as a noun
    # phrase, the company named.
    assert draft["body"].startswith("Dear Ms Rivera,\n\nThank you for meeting me on Tuesday, November 17, to talk "
                                    "about the data analyst role at Acme.")
    assert draft["language"] == "en-US"
    assert draft["body"].endswith("Kind regards,\nAlex Kim")


def test_missing_names_read_naturally() -> None:
    plan = plan_dict()
    email, call = plan["steps"][0]["draft"], plan["steps"][1]["draft"]
    assert email["body"].startswith("Dear Hiring Manager,")
    assert "about the position at your organization." in email["body"]
    assert email["body"].endswith("Kind regards,")  # the signature line without a name is dropped
    assert call["channel"] == "call" and set(call) >= {"opening", "question", "close"}


@pytest.mark.parametrize("value", HOSTILE)
def test_situation_values_are_inserted_as_plain_text(value: str) -> None:
    plan = plan_dict(company=value, role=value, interviewer=value, candidate=value, industry="legal")
    parts = texts(plan["steps"][0])
    assert any(value in part for part in parts)
    joined = "\n".join(parts)
    assert "49" not in joined and "Acme" not in joined
    assert "__class__" not in joined or value == "{company.__class__}"
    # One pass: a value that looks like a placeholder is not filled again.
    assert joined.count(value) == sum(part.count(value) for part in parts)
    if value == "{role}":
        assert "the position" not in joined


@pytest.mark.parametrize("template", ["{{7*7}}", "${x}", "%s", "{company.__class__}", "{0}", "{}", "%(role)s"])
def test_template_text_that_is_no_placeholder_stays_as_written(template: str) -> None:
    values = {"company": "Acme", "role": "analyst", "x": "X", "0": "zero"}
    assert fill(f"a {template} b {{company}}", values) == f"a {template} b Acme"


def test_stand_ins_are_the_documented_ones() -> None:
    for name, stand_in in STAND_INS.items():
        assert (f'"{stand_in}"' in PLACEHOLDERS[name]) or (stand_in == "" and "left out" in PLACEHOLDERS[name])


_LETTER_FIELDS = st.fixed_dictionaries({}, optional={name: st.sampled_from(["Alex Kim", "Ms Rivera", "Acme"])
                                                     for name in NAMES})


@given(fields=_LETTER_FIELDS, industry=st.sampled_from(sorted(default_catalog().industries)),
       promised=st.booleans(), offer=st.booleans(), traditional=st.booleans())
def test_every_bundled_draft_reads_cleanly(fields: dict[str, str], industry: str, promised: bool, offer: bool,
                                           traditional: bool) -> None:
    """With or without names and dates: no None, no braces, no sentence starting in lower case."""
    situation: dict[str, Any] = {**BASE, **fields, "industry": industry, "traditional": traditional}
    if promised:
        situation["promised_reply_by"] = "2026-11-27"
    if offer:
        situation["competing_offer_deadline"] = "2026-12-02"
    plan = engine.advise(situation, now="2026-11-16T09:00").to_dict()
    for step in plan["steps"]:
        assert (step["draft"] is None) == (step["action"] == "none")
        for text in texts(step):
            assert "None" not in text and "{" not in text and "}" not in text
            assert not re.search(r"[.!?]\s+[a-z]", text), text
            assert "  " not in text and " ," not in text and " ." not in text


@pytest.mark.parametrize("profile_id", ["core", "general"])
def test_every_purpose_and_channel_has_a_draft_from_the_root_profiles(profile_id: str) -> None:
    """`core` drafts everything plainly, so a profile extending it directly still says what to say."""
    profile = default_catalog().resolve(profile_id)
    for purpose in ("thank_you", "status", "feedback", "competing_offer"):
        for channel in ("email", "call"):
            draft = profile.draft_for(purpose, channel, {"has_promised_reply": False, "traditional": False,
                                                                "first_choice": False})
            assert draft is not None and draft.profile == profile_id


def test_a_promise_picks_the_draft_that_names_its_date() -> None:
    plan = plan_dict(purpose="status", promised_reply_by="2026-11-20", now="2026-11-23T09:00")
    draft = plan["steps"][0]["draft"]
    assert draft["id"] == "status-call-after-promise"
    assert "decide by Friday, November 20: could you" in draft["question"]


def test_legal_offers_a_thank_you_letter_beside_the_email() -> None:
    step = plan_dict(industry="legal")["steps"][0]
    assert step["action"] == "email" and step["draft"]["id"] == "thank-you-email"
    letter = step["alternative"]
    assert letter["channel"] == "letter" and letter["why"] and letter["sources"]
    assert "body" in letter and "subject" not in letter


LETTERED = ("id: lettered\nname: Lettered\nextends: general\nrules: []\nsources: {note: {title: A note}}\n"
            "drafts:\n  - {id: any-letter, purpose: PURPOSE, channel: letter, body: 'Dear {interviewer}',"
            " why: A letter for every step of this purpose., source: note}\n")


PURPOSES_WITH_DRAFTS = ("thank_you", "status", "feedback", "competing_offer")


@pytest.fixture(scope="module")
def lettered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Per purpose, a folder with a profile that offers a letter beside every step of it."""
    folders = {}
    for purpose in PURPOSES_WITH_DRAFTS:
        folder = tmp_path_factory.mktemp(purpose)
        (folder / "lettered.yaml").write_text(LETTERED.replace("PURPOSE", purpose), encoding="utf-8")
        folders[purpose] = folder
    return folders


@pytest.mark.slow  # a long run: CI's slow set
@given(purpose=st.sampled_from(PURPOSES_WITH_DRAFTS), days=st.integers(0, 12), hour=st.integers(6, 19),
       traditional=st.booleans())
def test_a_letter_never_changes_when_or_how_a_step_is_done(lettered: dict[str, Path], purpose: str, days: int,
                                                           hour: int, traditional: bool) -> None:
    """The same plan, step for step, with a letter offered beside every step of a purpose."""
    situation = {**BASE, "purpose": purpose, "traditional": traditional, "competing_offer_deadline": "2026-11-27"}
    now = f"2026-11-{17 + days:02d}T{hour:02d}:00"
    plain = engine.advise(situation, now=now).to_dict()
    lettered_plan = engine.advise({**situation, "industry": "lettered"}, now=now,
                                  profiles=[lettered[purpose]]).to_dict()
    step = lettered_plan["steps"][0]
    if step["action"] != "none":
        assert step.pop("alternative")["id"] == "any-letter"
    assert lettered_plan["steps"] == plain["steps"] and lettered_plan["now"] == plain["now"]


def test_no_rule_can_recommend_a_letter(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(
        "id: x\nname: X\nextends: general\nrules:\n  - {id: by-letter, when: {purpose: status},"
        " then: {recommend: letter}, why: Letters are the way here., source: seed}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "x.yaml")])
    assert result.exit_code == 1 and "S201" in result.output and "'letter' is not one of" in result.output


def test_traditional_accounting_calls_and_offers_a_letter() -> None:
    step = plan_dict(industry="accounting", traditional=True)["steps"][0]
    assert step["action"] == "call" and step["draft"]["channel"] == "call"
    assert step["alternative"]["id"] == "thank-you-letter"


def test_no_draft_for_a_step_without_contact() -> None:
    step = plan_dict(purpose="grievance")["steps"][0]
    assert step["action"] == "none" and step["draft"] is None and "alternative" not in step


def test_text_shows_the_draft_and_no_drafts_hides_it() -> None:
    args = ["advise", "--interview", "2026-11-17T10:00", "--timezone", "America/New_York", "--industry", "legal",
            "--now", NOW]
    shown = CliRunner().invoke(main, args)
    hidden = CliRunner().invoke(main, [*args, "--no-drafts"])
    assert shown.exit_code == hidden.exit_code == 0
    assert "What to say (e-mail):" in shown.output and "Subject: Thank you: interview for the position" in shown.output
    assert "Or a letter: Law firms still value" in shown.output
    assert "What to say" not in hidden.output and "Dear Hiring Manager" not in hidden.output
    assert hidden.output.splitlines()[0] == shown.output.splitlines()[0]


def test_calendar_description_holds_the_draft() -> None:
    plan = engine.advise({**BASE, "company": "Acme", "role": "analyst"}, now=NOW)
    data = render_ics(plan).decode()
    unfolded = data.replace("\r\n ", "")
    assert "Subject: Thank you for today's interview" in unfolded
    assert "about the analyst role at Acme." in unfolded.replace("\\n", "\n").replace("\\,", ",")
    assert "Subject:" not in render_ics(plan, drafts=False).decode()
    assert "What to say" in render_text(plan) and "What to say" not in render_text(plan, drafts=False)


def test_a_child_replaces_and_removes_drafts_by_id(tmp_path: Path) -> None:
    (tmp_path / "brief.yaml").write_text(
        "id: brief\nname: Brief\nextends: general\nrules: []\ndrafts:\n"
        "  - {id: thank-you-email, purpose: thank_you, channel: email, subject: 'Thanks, {interviewer}',"
        " body: 'Thanks for {interview_weekday}. %s %(role)s $role and a lone {'}\n"
        "  - {id: status-call, remove: true}\n", encoding="utf-8")
    plan = engine.advise({**BASE, "industry": "brief", "interviewer": "Sam"}, now=NOW, profiles=[tmp_path]).to_dict()
    first, second = plan["steps"]
    assert first["draft"] == {"id": "thank-you-email", "profile": "brief", "channel": "email", "language": "en-US",
                              "subject": "Thanks, Sam", "body": "Thanks for Tuesday. %s %(role)s $role and a lone {",
                              "sources": []}
    assert second["action"] == "call" and second["draft"] is None  # removed, and nothing else drafts it


def test_an_example_whose_draft_differs_fails(tmp_path: Path) -> None:
    (tmp_path / "strict.yaml").write_text(
        "id: strict\nname: Strict\nextends: general\nrules: []\nexamples:\n"
        "  - name: Thank-you\n"
        "    situation: {interview: '2026-11-18T10:30', timezone: America/New_York, purpose: thank_you}\n"
        "    now: '2026-11-18T12:30'\n"
        "    expect:\n      steps:\n        - {purpose: thank_you, draft: thank-you-email,"
        " draft_contains: ['Dear Ms Nobody']}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["test", str(tmp_path / "strict.yaml"), "--examples", "1"])
    assert result.exit_code == 1
    assert "thank_you: no draft contains 'Dear Ms Nobody'" in result.output


@pytest.mark.parametrize("profile_id", sorted(default_catalog().accepted_industries))
def test_every_bundled_profile_has_an_example_that_checks_a_draft(profile_id: str) -> None:
    """`followup test` runs these examples, so a draft a profile loses fails its own example."""
    profile = default_catalog().resolve(profile_id)
    checked = [step["draft"] for example in profile.examples
               for step in example.get("expect", {}).get("steps", []) if "draft" in step]
    assert checked, f"{profile_id}: no example checks a draft"


# --- words a candidate can send as written ------------------------------------------------

# Thursday 19 November 2026, in New York (a US employer) and in London (a British one).
US = {"interview": "2026-11-19T14:00", "timezone": "America/New_York", "country": "US"}
GB = {"interview": "2026-11-19T14:00", "timezone": "Europe/London"}
NAMED = {"candidate": "Ana Ruiz", "interviewer": "Ms Rivera", "company": "Hollis & Crane LLP", "role": "data analyst"}


def steps_of(situation: dict[str, Any], now: str, **fields: Any) -> dict[str, dict[str, Any]]:
    plan = engine.advise({**situation, **fields}, now=now).to_dict()
    return {step["purpose"]: step for step in plan["steps"]}


def test_a_call_script_says_who_is_calling() -> None:
    call = steps_of(US, "2026-11-19T15:00", purpose="thank_you", traditional=True, industry="accounting",
                    **NAMED)["thank_you"]["draft"]
    assert call["channel"] == "call"
    assert call["opening"] == ("Hello, this is Ana Ruiz. We met on Thursday, November 19, about the data analyst "
                               "role at Hollis & Crane LLP, and I am calling briefly to thank you for your time.")
    unnamed = steps_of(US, "2026-11-19T15:00", purpose="thank_you", traditional=True,
                       industry="accounting")["thank_you"]["draft"]
    assert unnamed["opening"].startswith("Hello. We met on Thursday, November 19, about the position at your "
                                         "organization, and I am")


@pytest.mark.parametrize("industry", sorted(default_catalog().industries))
def test_every_status_call_says_who_is_calling(industry: str) -> None:
    step = steps_of(US, "2026-11-20T09:00", purpose="status", industry=industry, **NAMED)["status"]
    draft = step["draft"] or {}
    if draft.get("channel") == "call":
        assert draft["opening"].startswith("Hello, this is Ana Ruiz."), draft["opening"]


@pytest.mark.parametrize(("role", "phrase"), [
    ("data analyst", "the data analyst role"),
    ("Associate", "the Associate role"),
    ("position of auditor", "the position of auditor"),
    ("a Senior Nurse post", "the Senior Nurse post"),
    ("The Head of Sales position", "the Head of Sales position"),
])
def test_the_role_is_a_noun_phrase(role: str, phrase: str) -> None:
    step = steps_of(US, "2026-11-30T10:00", purpose="status", role=role)["status"]
    assert step["draft"]["opening"] == (f"Hello. I interviewed on Thursday, November 19, for {phrase} at your "
                                        "organization, and I am calling to follow up.")


def test_the_readme_role_reads_as_a_noun_phrase_everywhere() -> None:
    """'about auditor' was in the README itself: no draft of any bundled profile pastes the title bare."""
    for industry in sorted(default_catalog().industries):
        for purpose in ("thank_you", "status", "feedback", "competing_offer"):
            step = steps_of(US, "2026-11-19T15:00", purpose=purpose, industry=industry, role="auditor",
                            competing_offer_deadline="2026-11-27")[purpose]
            for text in texts(step):
                assert "auditor" not in text.replace("the auditor role", ""), (industry, purpose, text)


@pytest.mark.parametrize("industry", ["general", "legal", "it", "consulting", "healthcare", "core"])
def test_the_thank_you_email_names_the_company(industry: str) -> None:
    # core is no industry a situation may name; followup test plans with it to check its drafts.
    plan = advise_any_profile({**US, "purpose": "thank_you", "industry": industry, **NAMED}, now="2026-11-19T15:00")
    step = plan.to_dict()["steps"][0]
    assert step["draft"]["channel"] == "email"
    assert "Hollis & Crane LLP" in step["draft"]["body"]


@pytest.mark.parametrize(("zone", "stand_in"), [("America/New_York", "your organization"),
                                                ("Europe/London", "your organisation")])
def test_a_company_not_given_reads_naturally(zone: str, stand_in: str) -> None:
    draft = steps_of({**US, "timezone": zone, "country": None}, "2026-11-19T15:00",
                     purpose="thank_you")["thank_you"]["draft"]
    assert f"about the position at {stand_in}." in draft["body"]


@pytest.mark.parametrize(("industry", "interviewer", "line"), [
    ("general", None, "Dear Hiring Manager,"),
    ("general", "Sam Lee", "Dear Sam Lee,"),
    ("it", None, "Hello,"),
    ("it", "Sam Lee", "Hi Sam Lee,"),
    ("it", "Herr Huber", "Dear Herr Huber,"),
    ("it", "Tanaka-san", "Dear Tanaka-san,"),
    ("it", "Dr. Okafor", "Dear Dr. Okafor,"),
    ("it", "Ms Rivera", "Dear Ms Rivera,"),
])
def test_the_greeting_fits_the_name_and_the_register(industry: str, interviewer: str | None, line: str) -> None:
    fields = {"interviewer": interviewer} if interviewer else {}
    body = steps_of(US, "2026-11-19T15:00", purpose="thank_you", industry=industry,
                    **fields)["thank_you"]["draft"]["body"]
    assert body.splitlines()[0] == line
    assert "Hi Hiring Manager" not in body and "Hi Herr" not in body and "Hi Tanaka" not in body


@pytest.mark.parametrize(("deadline", "sent", "said"), [
    # An offer expiring today or tomorrow is e-mailed at once, on the interview's afternoon.
    ("2026-11-19", "2026-11-19", "which I need to answer by today."),
    ("2026-11-20", "2026-11-19", "which I need to answer by tomorrow."),
    # Later, it is a call on Monday 23 November: a deadline within the week is its weekday.
    ("2026-11-27", "2026-11-23", "I need to answer it by Friday, and"),
    ("2026-11-25", "2026-11-23", "I need to answer it by Wednesday, and"),
    ("2026-12-04", "2026-11-23", "I need to answer it by Friday, December 4, and"),
])
def test_an_offer_deadline_reads_from_the_day_the_message_is_sent(deadline: str, sent: str, said: str) -> None:
    step = steps_of(US, "2026-11-19T15:00", purpose="competing_offer",
                    competing_offer_deadline=deadline)["competing_offer"]
    assert step["best"][0]["start"][:10] == sent
    assert any(said in text for text in texts(step)), texts(step)


def test_a_call_on_the_deadline_day_says_today() -> None:
    """The issue's case: the offer call on the deadline's own day said 'by Thursday 19 November'."""
    step = steps_of(US, "2026-11-23T08:00", purpose="competing_offer",
                    competing_offer_deadline="2026-11-24")["competing_offer"]
    assert step["action"] == "call" and step["best"][0]["start"].startswith("2026-11-23")
    assert "I need to answer it by tomorrow," in step["draft"]["question"]


@pytest.mark.parametrize("industry", sorted(default_catalog().industries))
def test_an_offer_claims_a_first_choice_only_when_the_situation_does(industry: str) -> None:
    situation = {**US, "industry": industry, "competing_offer_deadline": "2026-11-27"}
    plain = steps_of(situation, "2026-11-19T15:00")["competing_offer"]
    assert all("first choice" not in text for text in texts(plain))
    chosen = steps_of(situation, "2026-11-19T15:00", first_choice=True)["competing_offer"]
    if chosen["draft"]["profile"] in ("general",):
        assert any("my first choice" in text for text in texts(chosen))


@pytest.mark.parametrize("industry", sorted(default_catalog().industries))
def test_a_status_message_after_a_promise_names_it(industry: str) -> None:
    """Promised by Friday 27 November: the status step (from Monday 30 November) says so."""
    step = steps_of(US, "2026-11-30T08:00", purpose="status", industry=industry,
                    promised_reply_by="2026-11-27")["status"]
    assert step["action"] in ("call", "email")
    assert any("Friday, November 27" in text for text in texts(step)), (industry, texts(step))
    assert all("when can I expect to hear from you" not in text for text in texts(step))


@pytest.mark.parametrize(("zone", "country", "language", "licence", "date"), [
    ("America/New_York", "US", None, "license", "Thursday, November 19"),
    ("Europe/London", None, None, "licence", "Thursday 19 November"),
    ("Australia/Sydney", "AU", None, "licence", "Thursday 19 November"),
    ("Asia/Kolkata", None, None, "licence", "Thursday 19 November"),
    ("America/New_York", "US", "en-GB", "licence", "Thursday 19 November"),
    ("Europe/London", "GB", "en-us", "license", "Thursday, November 19"),
    ("Europe/London", "GB", "en", "licence", "Thursday 19 November"),
])
def test_spelling_and_dates_follow_the_employers_english(zone: str, country: str | None, language: str | None,
                                                          licence: str, date: str) -> None:
    situation: dict[str, Any] = {"interview": "2026-11-19T10:00", "timezone": zone, "industry": "healthcare",
                                 "purpose": "thank_you", "company": "Organisation Ltd"}
    if country:
        situation["country"] = country
    if language:
        situation["language"] = language
    draft = engine.advise(situation, now="2026-11-19T11:00").to_dict()["steps"][0]["draft"]
    assert f"my {licence} details" in draft["body"] and date in draft["body"]
    assert "Organisation Ltd" in draft["body"]  # a name is never respelt
    assert draft["language"] == ("en-GB" if licence == "licence" else "en-US")


def test_an_unsupported_language_is_refused_naming_the_field() -> None:
    with pytest.raises(engine.SituationError) as caught:
        engine.advise({**US, "language": "it"})
    assert caught.value.field == "language" and "accepted: en, en-US, en-GB, de, fr" in str(caught.value)
    result = CliRunner().invoke(main, ["advise", "--interview", US["interview"], "--timezone", US["timezone"],
                                       "--language", "en-AU"])
    assert result.exit_code == 2 and "language" in result.output and "Traceback" not in result.output


def test_the_cli_takes_first_choice_and_language() -> None:
    args = ["advise", "--interview", US["interview"], "--timezone", US["timezone"], "--purpose", "competing_offer",
            "--competing-offer-deadline", "2026-11-27", "--now", "2026-11-19T15:00", "--format", "json",
            "--first-choice", "--language", "en-GB"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["situation"]["first_choice"] is True and plan["situation"]["language"] == "en-GB"
    step = plan["steps"][0]
    assert step["draft"]["language"] == "en-GB" and step["best"][0]["start"].startswith("2026-11-23")
    assert any("this role is my first choice" in text for text in texts(step))
    assert any("answer it by Friday," in text for text in texts(step))


def test_a_greeting_is_a_whole_line(tmp_path: Path) -> None:
    (tmp_path / "inline.yaml").write_text(
        "id: inline\nname: Inline\nextends: general\nrules: []\ndrafts:\n"
        "  - {id: thank-you-email, purpose: thank_you, channel: email, subject: Thanks,"
        " body: '{greeting} thank you for the interview.'}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "inline.yaml")])
    assert result.exit_code == 1 and "D607" in result.output and "{greeting} is a whole line" in result.output


# A user profile with one flaw a coach would correct, and what `followup test` says of it.
FLAWS = [
    ("status-call", "status", "call", {"opening": "I interviewed on {interview_date} for {the_role}.",
                                       "question": "Any news?", "close": "Thanks."},
     "the call does not open by saying who is calling ('Ana Ruiz')"),
    ("thank-you-email", "thank_you", "email", {"subject": "Thanks", "body": "{greeting}\n\nThanks for talking "
                                               "about {role} at {company}.\n\n{candidate}"},
     "the role is pasted in bare: 'data analyst' outside 'the ... role'"),
    ("thank-you-email", "thank_you", "email", {"subject": "Thanks", "body": "Hi {interviewer},\n\nThank you, "
                                               "{company}.\n\n{candidate}"},
     "reads 'Hi the hiring manager'"),
    ("thank-you-email", "thank_you", "email", {"subject": "Thanks", "body": "{greeting}\n\nSee you on Thursday, "
                                               "November 20, 2026 at {company}.\n\n{candidate}"},
     "'Thursday, November 20, 2026' is a Friday"),
    ("thank-you-email", "thank_you", "email", {"subject": "Thanks", "body": "{greeting}\n\nI have practised for "
                                               "{the_role} at {company}.\n\n{candidate}"},
     "'practised' is not en-US spelling"),
    ("status-call-after-promise", "status", "call", {"when": {"has_promised_reply": True},
                                                     "opening": "{introduction}", "question": "Any news?",
                                                     "close": "Thanks."},
     "the promise of a reply by 2026-11-06 is not named"),
    ("competing-offer-email", "competing_offer", "email", {"subject": "Timeline", "body": "{greeting}\n\nYou are "
                                                           "my first choice: when will you decide?\n\n{candidate}"},
     "claims a first choice the situation does not"),
]


@pytest.mark.parametrize(("draft_id", "purpose", "channel", "parts", "said"), FLAWS)
def test_followup_test_reports_a_draft_a_coach_would_correct(tmp_path: Path, draft_id: str, purpose: str,
                                                             channel: str, parts: dict[str, Any], said: str) -> None:
    draft = {"id": draft_id, "purpose": purpose, "channel": channel, **parts}
    profile = {"id": "careless", "name": "Careless", "extends": "general", "rules": [], "drafts": [draft]}
    (tmp_path / "careless.yaml").write_text(json.dumps(profile), encoding="utf-8")
    result = CliRunner().invoke(main, ["test", str(tmp_path / "careless.yaml"), "--examples", "20", "--seed", "1"])
    assert result.exit_code == 1, result.output
    assert said in result.output, result.output
    assert "reproduce: followup advise" in result.output and f"--profiles {tmp_path}" in result.output


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=st.sampled_from(sorted(default_catalog().industries)).flatmap(lambda industry: named_situations(industry,
                                                                                                     max_horizon=20)))
def test_every_bundled_draft_passes_the_coachs_checks(case: tuple[dict[str, Any], str]) -> None:
    """Generated situations, names given or not, for every bundled profile: nothing a coach would correct."""
    situation, now = case
    assert draft_problems(engine.advise(situation, now=now)) == []


def test_the_checks_hold_on_the_plans_the_issue_quoted() -> None:
    """Each of the issue's examples, now read by the checks: names given, a promise, an offer, an honorific."""
    for industry in ("sales", "academia", "government", "it", "legal", "general"):
        for extra in ({"promised_reply_by": "2026-11-27"}, {"competing_offer_deadline": "2026-11-20"}, {}):
            plan = engine.advise({**US, **NAMED, "interviewer": "Herr Huber", "industry": industry, **extra},
                                 now="2026-11-19T15:00")
            assert draft_problems(plan) == [], (industry, extra)


@pytest.mark.parametrize(("british", "american"), [
    ("I organised it with candour.", "I organized it with candor."),
    ("My Licence, the Organisation's programme.", "My License, the Organization's program."),
    ("Paediatric centres", "Pediatric centers"),
])
def test_one_template_reads_in_either_spelling(british: str, american: str) -> None:
    assert respell(british, "en-US") == american
    assert respell(american, "en-GB") == british.replace("programme", "program")  # a program may be software


@pytest.mark.parametrize(("tag", "accepted"), [("en", True), ("en-GB", True), ("EN-us", True), ("it", False), ("DE", True), ("pt", True),
                                               ("en_GB", False), ("en-AU", False), (" en", False)])
def test_the_schema_and_the_engine_accept_the_same_language_tags(tag: str, accepted: bool) -> None:
    schema = json.loads((ROOT / "schemas" / "situation.schema.json").read_text(encoding="utf-8"))
    valid = not list(Draft202012Validator(schema).iter_errors({**US, "language": tag}))
    try:
        engine.advise({**US, "language": tag}, now="2026-11-19T15:00")
        parsed = True
    except engine.SituationError as error:
        assert error.field == "language"
        parsed = False
    assert valid == parsed == accepted


def test_without_a_best_time_a_date_is_seen_from_now() -> None:
    """A step with no best time left (its time has passed) still says what to say: dates read from `now`."""
    plan = engine.advise({**US, "purpose": "competing_offer", "competing_offer_deadline": "2026-11-24"},
                         now="2026-11-23T08:00")
    step = plan.steps[0]
    assert step.best and str(step.best[0].start.date()) == "2026-11-23"
    assert placeholder_values(plan, step)["offer_deadline"] == "tomorrow"
    assert placeholder_values(plan, replace(step, best=()))["offer_deadline"] == "tomorrow"  # now: Monday 23
    later = engine.advise({**US, "purpose": "competing_offer", "competing_offer_deadline": "2026-11-24"},
                          now="2026-11-24T08:00")
    assert placeholder_values(later, replace(later.steps[0], best=()))["offer_deadline"] == "today"


@pytest.mark.parametrize(("now", "subject", "said"), [
    # it thanks on the interview's day, or the next morning when the afternoon is over.
    ("2026-11-19T15:00", "Thanks for today's interview", "Thanks for the conversation today about"),
    ("2026-11-19T18:30", "Thanks for yesterday's interview", "Thanks for the conversation yesterday about"),
    ("2026-11-23T09:00", "Thanks for Thursday's interview", "Thanks for the conversation on Thursday about"),
])
def test_a_thank_you_speaks_of_the_interview_from_the_day_it_is_sent(now: str, subject: str, said: str) -> None:
    step = steps_of(US, now, purpose="thank_you", industry="it")["thank_you"]
    assert step["draft"]["subject"] == subject and said in step["draft"]["body"], (step["best"][:1], step["draft"])
