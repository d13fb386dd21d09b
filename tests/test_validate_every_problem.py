"""`followup validate` lists every problem of a file in one run.

Unknown sources beside schema errors, every problem of every example, each reported
once, and nothing claimed that the file does not get wrong (a source of a parent that
cannot be read is not "unknown"). The fixtures ``r310-with-schema-errors.yaml`` and
``x501-every-problem.yaml`` under ``tests/fixtures/broken/`` hold the located cases.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import SituationError, parse_situation
from engine.frontends.cli import main
from engine.language.examples import field_path, situation_problems

FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "interview": st.sampled_from(["2026-11-20T14:00", "2026-11-20T14:00-05:00", "2026-11-20", "soon", "", 7]),
    "timezone": st.sampled_from(["America/New_York", "Europe/Berlin", "Mars/Olympus", "", None]),
    "country": st.sampled_from(["US", "DE-BY", "Mars", "XX", 3]),
    "purpose": st.sampled_from(["status", "thanks", None]),
    "promised_reply_by": st.sampled_from(["2026-11-27", "next week", 1]),
    "heard_back": st.sampled_from([True, "yes"]),
    "timezon": st.just("America/New_York"),
    "contacts": st.lists(st.fixed_dictionaries({"at": st.sampled_from(["2026-11-21T10:00", "later", 4]),
                                                "channel": st.sampled_from(["call", "email", "fax"])}),
                         max_size=3),
}


@st.composite
def messy_situations(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(sorted(FIELD_VALUES)), unique=True))
    return {key: draw(FIELD_VALUES[key]) for key in keys}


@settings(max_examples=300, deadline=None)
@given(messy_situations())
def test_every_problem_starts_with_the_one_advise_reports(situation: dict[str, Any]) -> None:
    errors, parsed = situation_problems(situation)
    try:
        expected = parse_situation(situation)
    except SituationError as first:
        assert errors and str(errors[0]) == str(first)
        assert len({str(error) for error in errors}) == len(errors), "a problem is reported twice"
    else:
        assert errors == [] and parsed == expected


def test_each_faulty_field_is_named_where_it_is_written() -> None:
    errors, parsed = situation_problems({
        "interview": "2026-11-20T14:00", "timezon": "Mars/Olympus", "country": "Mars",
        "contacts": [{"at": "2026-11-21T10:00", "channel": "call"}, {"at": "later"},
                     {"at": "2026-11-21T11:00", "channel": "fax"}],
    })
    assert [(error.field, error.message.split(" '")[0]) for error in errors] == [
        ("timezon", "unknown field"),
        ("timezon", "unknown time zone"),
        ("country", "expected an ISO 3166 code such as US, GB or US-NY, or none, got"),
        ("contacts[1].at", "not an ISO 8601 date-time:"),
        ("contacts[2].channel", "expected call or email, got"),
    ]
    assert parsed is not None and len(parsed.contacts) == 1


def test_field_paths() -> None:
    assert field_path("contacts[12].at") == ("contacts", 12, "at")
    assert field_path("country") == ("country",)
    assert field_path("") == ()


def _validate(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["validate", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output.splitlines()[:-1]


def test_sources_of_a_parent_that_cannot_be_read_are_not_called_unknown(tmp_path: Path) -> None:
    (tmp_path / "parent.yaml").write_text(
        "id: parent\nname: Parent\nextends: general\nsources: {mine: {title: Mine}}\nrules: []\nbogus: 1\n",
        encoding="utf-8")
    (tmp_path / "child.yaml").write_text(
        "id: child\nname: Child\nextends: parent\nrules:\n"
        "  - {id: r, when: {purpos: status}, then: {recommend: email}, why: Because it is kind., source: mine}\n"
        "  - {id: s, when: {purpose: status}, then: {recommend: email}, why: Because it is kind., source: nope}\n",
        encoding="utf-8")
    code, lines = _validate(str(tmp_path))
    assert code == 1
    codes = sorted((Path(line.split(":")[0]).name, line.split(": ")[1]) for line in lines)
    # The parent's own problem, the child's unknown fact; nothing about the child's citations,
    # whose sources cannot be known while the parent is broken.
    assert codes == [("child.yaml", "R301"), ("parent.yaml", "S202")]


def test_a_broken_child_cites_what_its_parent_and_itself_define(tmp_path: Path) -> None:
    (tmp_path / "child.yaml").write_text(
        "id: child\nname: Child\nextends: legal\nsources: {mine: {title: Mine}}\nrules:\n"
        "  - {id: a, when: {purpos: status}, then: {recommend: email}, why: Because it is kind., source: mine}\n"
        "  - {id: b, when: {purpose: status}, then: {recommend: email}, why: Because it is kind., source: [seed, nope]}\n"
        "  - {id: status-by-call, remove: true}\n"
        "examples:\n"
        "  - name: One\n"
        "    situation: {interview: '2026-11-20T14:00', timezone: America/New_York}\n"
        "    expect: {steps: [{purpose: status, reasons: [a, b, follow-up-next-week, status-by-call]}]}\n",
        encoding="utf-8")
    code, lines = _validate(str(tmp_path / "child.yaml"))
    assert code == 1
    assert [line.split(": ", 1)[1] for line in lines] == [
        "R301: unknown fact 'purpos' (did you mean 'purpose'?)",
        "R310: unknown source 'nope'",
        "X502: expects reason 'status-by-call', which is not a rule of this profile",
    ]


def test_a_broken_core_checks_its_sources_against_its_own(tmp_path: Path) -> None:
    (tmp_path / "core.yaml").write_text(
        "id: core\nname: Core\nsources: {mine: {title: Mine}}\nrules:\n"
        "  - {id: a, when: {purpos: status}, then: {recommend: email}, why: Because it is kind., source: mine}\n"
        "  - {id: b, when: {purpose: status}, then: {recommend: email}, why: Because it is kind., source: nope}\n",
        encoding="utf-8")
    code, lines = _validate(str(tmp_path / "core.yaml"))
    assert code == 1
    found = [line.split(": ", 2)[1] + ": " + line.split(": ", 2)[2] for line in lines]
    assert "R310: unknown source 'nope'" in found
    assert not any("'mine'" in line for line in found)


def test_examples_of_a_profile_that_does_not_resolve_are_checked(tmp_path: Path) -> None:
    (tmp_path / "pub.yaml").write_text(
        "id: pub\nname: Pub\nextends: general\nrules:\n"
        "  - {id: r1, when: {purpose: status}, then: {recommend: email}, why: Because it is kind., source: nosuch}\n"
        "examples:\n"
        "  - name: One\n"
        "    situation: {interview: '2026-11-20T14:00', timezone: Mars/Olympus}\n"
        "    expect: {steps: [{purpose: status, reasons: [nope, r1, follow-up-next-week]}]}\n",
        encoding="utf-8")
    code, lines = _validate(str(tmp_path / "pub.yaml"))
    assert code == 1
    assert [line.split(": ", 1)[1] for line in lines] == [
        "R310: unknown source 'nosuch'",
        "X501: example situation: timezone: unknown time zone 'Mars/Olympus'",
        "X502: expects reason 'nope', which is not a rule of this profile",
    ]
