"""Drafts: chosen per step from the profile, filled as plain text, shown in every format."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import engine
from engine.frontends.cli import main
from engine.language.catalog import default_catalog
from engine.report.drafts import STAND_INS, fill
from engine.report.ics import render_ics
from engine.report.text import render_text
from engine.vocabulary import PLACEHOLDERS

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
    assert draft["subject"] == "Thank you for Tuesday's interview"
    assert draft["body"].startswith("Dear Ms Rivera,\n\nThank you for meeting me on Tuesday 17 November to talk "
                                    "about data analyst.")
    assert draft["body"].endswith("Kind regards,\nAlex Kim")


def test_missing_names_read_naturally() -> None:
    plan = plan_dict()
    email, call = plan["steps"][0]["draft"], plan["steps"][1]["draft"]
    assert email["body"].startswith("Dear Hiring Manager,")
    assert "about the position." in email["body"]
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
            draft = profile.draft_for(purpose, channel, {"has_promised_reply": False, "traditional": False})
            assert draft is not None and draft.profile == profile_id


def test_a_promise_picks_the_draft_that_names_its_date() -> None:
    plan = plan_dict(purpose="status", promised_reply_by="2026-11-20", now="2026-11-23T09:00")
    draft = plan["steps"][0]["draft"]
    assert draft["id"] == "status-call-after-promise"
    assert "decide by Friday 20 November" in draft["question"]


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
    assert "Subject: Thank you for Tuesday's interview" in unfolded
    assert "about analyst." in unfolded.replace("\\n", "\n").replace("\\,", ",")
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
    assert first["draft"] == {"id": "thank-you-email", "profile": "brief", "channel": "email",
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


@pytest.mark.parametrize("profile_id", sorted(default_catalog().ids))
def test_every_bundled_profile_has_an_example_that_checks_a_draft(profile_id: str) -> None:
    """`followup test` runs these examples, so a draft a profile loses fails its own example."""
    profile = default_catalog().resolve(profile_id)
    checked = [step["draft"] for example in profile.examples
               for step in example.get("expect", {}).get("steps", []) if "draft" in step]
    assert checked, f"{profile_id}: no example checks a draft"
