"""``followup serve``'s API through an ASGI test client: each route against the CLI's own output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st
from starlette.testclient import TestClient

import engine
from engine.frontends.cli import main
from engine.frontends.serve import MAX_BODY, create_app
from engine.report.profile_text import profile_rows

PLAN_SCHEMA = json.loads((ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))
NOW = "2026-11-21T10:00"
SITUATIONS = [
    {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": "legal", "country": "US"},
    {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "purpose": "status"},
    {"interview": "2026-11-17T09:30+01:00", "country": "DE-BY", "promised_reply_by": "2026-11-27",
     "competing_offer_deadline": "2026-12-02", "traditional": True, "industry": "accounting"},
    {"interview": "2026-11-19T11:00", "timezone": "Europe/London", "country": "GB", "purpose": "grievance"},
]
FLAGS = {"interview": "--interview", "timezone": "--timezone", "industry": "--industry", "country": "--country",
         "purpose": "--purpose", "promised_reply_by": "--promised-reply-by",
         "competing_offer_deadline": "--competing-offer-deadline"}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(engine.default_catalog(), engine.backend_name()), raise_server_exceptions=False) as c:
        yield c


def cli(situation: dict[str, Any], *extra: str) -> tuple[int, bytes, str]:
    """``followup advise`` with the situation as flags: exit code, stdout bytes, stderr."""
    args = ["advise", "--now", NOW, *extra]
    for key, value in situation.items():
        args += [f"--{key.replace('_', '-')}"] if value is True else [FLAGS[key], str(value)]
    # The server knows nothing of the candidate's own zone: the CLI runs as on a machine whose
    # clock is the employer's (+01:00 in November is Berlin's), so it adds no clock of theirs.
    machine = situation.get("timezone", "Europe/Berlin")
    result = CliRunner().invoke(main, args, env={"TZ": machine})
    return result.exit_code, result.stdout_bytes, result.stderr


def post_json(client: TestClient, value: Any, now: str | None = None) -> Any:
    """POST any JSON value (``None`` too: the body ``null``)."""
    return client.post("/v1/advise", params={"now": now} if now else {}, content=json.dumps(value),
                       headers={"Content-Type": "application/json"})


def is_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://followup-etiquette.dev/problems/")
    assert "Traceback" not in response.text
    return body


@pytest.mark.parametrize("situation", SITUATIONS, ids=lambda s: s.get("purpose", s.get("industry", "general")))
@pytest.mark.parametrize(("accept", "fmt"), [("application/json", "json"), ("text/calendar", "ics"),
                                              ("text/plain", "text")])
def test_advise_answers_the_bytes_the_cli_prints(client: TestClient, situation: dict[str, Any], accept: str,
                                                 fmt: str) -> None:
    response = client.post(f"/v1/advise?now={NOW}", json=situation, headers={"Accept": accept})
    code, printed, _ = cli(situation, "--format", fmt)
    assert code == 0
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    assert response.content == printed


def test_the_plan_validates_and_a_repeated_request_gives_the_same_bytes(client: TestClient) -> None:
    first = client.post(f"/v1/advise?now={NOW}", json=SITUATIONS[0])
    second = client.post(f"/v1/advise?now={NOW}", json=SITUATIONS[0])
    assert first.content == second.content
    jsonschema.validate(first.json(), PLAN_SCHEMA)
    assert first.json()["profile"]["chain"] == ["legal", "general", "core"]


def test_ref_and_names_come_back_in_the_plan(client: TestClient) -> None:
    situation = {**SITUATIONS[1], "ref": "app-1234", "company": "Initech", "candidate": "Ada"}
    plan = client.post(f"/v1/advise?now={NOW}", json=situation).json()
    assert next(iter(plan)) == "ref"
    assert plan["ref"] == "app-1234"
    assert plan == engine.advise(situation, now=NOW).to_dict()


def test_no_accept_or_any_gives_json_and_an_unknown_one_406(client: TestClient) -> None:
    for accept in ("", "*/*", "text/html;q=0.9, */*;q=0.1", "text/calendar;q=0.2, application/json"):
        response = client.post(f"/v1/advise?now={NOW}", json=SITUATIONS[1], headers={"Accept": accept})
        assert response.headers["content-type"] == "application/json", accept
    body = is_problem(client.post("/v1/advise", json=SITUATIONS[1], headers={"Accept": "image/png"}), 406)
    assert "text/calendar" in body["allowed"]


@pytest.mark.parametrize(("accept", "media_type"), [
    ("application/json;q=0, text/calendar", "text/calendar"),
    ("text/*", "text/plain"),
    ("text/plain;q=0.5, text/calendar;q=0.9", "text/calendar"),
    ("TEXT/CALENDAR", "text/calendar"),
    ("text/calendar;q=abc, application/json", "application/json"),
])
def test_accept_quality_values_choose_the_format(client: TestClient, accept: str, media_type: str) -> None:
    response = client.post(f"/v1/advise?now={NOW}", json=SITUATIONS[1], headers={"Accept": accept})
    assert response.headers["content-type"].split(";")[0] == media_type


def test_yaml_bodies_are_read_as_the_cli_reads_an_input_file(client: TestClient) -> None:
    text = "interview: 2026-11-20T14:00\ntimezone: America/New_York\npurpose: status\n"
    response = client.post(f"/v1/advise?now={NOW}", content=text, headers={"Content-Type": "application/yaml"})
    assert response.status_code == 200
    assert response.content == cli(SITUATIONS[1], "--format", "json")[1]


@pytest.mark.parametrize(
    ("situation", "now", "field"),
    [
        ({"interview": "2026-11-20T14:00", "timezone": "Mars/Olympus"}, NOW, "timezone"),
        ({"interview": "2026-11-20T14:00", "timezone": "America/New_Yrok"}, NOW, "timezone"),
        ({"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": "lawyers"}, NOW, "industry"),
        ({"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": "core"}, NOW, "industry"),
        ({"interview": "2026-03-08T02:30", "timezone": "America/New_York"}, NOW, "interview"),
        ({"interview": "2026-11-20T14:00"}, NOW, "interview"),
        ({"interview": "2026-11-20T14:00", "timezone": "America/New_York", "country": "XX"}, NOW, "country"),
        ({"interview": "2026-11-20T14:00", "timezone": "America/New_York", "promised_reply_by": "soon"}, NOW,
         "promised_reply_by"),
        ({"interview": "2026-11-20T14:00", "timezone": "America/New_York"}, "tomorrow", "now"),
    ],
)
def test_a_bad_situation_is_422_naming_the_field_with_the_cli_message(
        client: TestClient, situation: dict[str, Any], now: str, field: str) -> None:
    body = is_problem(client.post("/v1/advise", params={"now": now}, json=situation), 422)
    assert body["field"] == field
    code, _, stderr = cli(situation) if now == NOW else cli(situation, "--now", now)
    assert code == 2
    assert stderr == f"followup: error: {body['detail']}\n"


def test_unknown_fields_and_non_objects_are_422(client: TestClient) -> None:
    body = is_problem(client.post("/v1/advise", json={"interview": "2026-11-20T14:00Z", "timezon": "UTC"}), 422)
    assert (body["field"], body["suggestion"]) == ("timezon", "timezone")
    for value in ([], "2026-11-20", 3, None):
        assert is_problem(post_json(client, value), 422)["field"] == ""


@pytest.mark.parametrize("data", [b"{", b'{"interview": "a", "interview": "b"}', b"\xff\xfe{", b"[" * 5000,
                                  b"!!python/object:os.system {}"])
def test_malformed_bodies_are_400(client: TestClient, data: bytes) -> None:
    body = is_problem(client.post("/v1/advise", content=data, headers={"Content-Type": "application/json"}), 400)
    assert body["detail"].startswith("body")


def test_json_that_yaml_cannot_spell_is_read_as_json(client: TestClient) -> None:
    escaped = json.dumps({**SITUATIONS[1], "company": "Ac\U0001F600me"}, ensure_ascii=True)  # a surrogate pair
    assert "\\ud83d\\ude00" in escaped
    response = client.post(f"/v1/advise?now={NOW}", content=escaped, headers={"Content-Type": "application/json"})
    assert response.status_code == 200
    assert response.json()["situation"]["company"] == "Ac\U0001F600me"
    for bad in ('{"company": "\\udbb8", "interview": "2026-11-20T14:00Z"}',  # a lone surrogate
                '{"company": "\\ud83d\\ude00", "company": "x"}',  # a duplicate key
                '{"company": "\\ud83d\\ude00", "contacts": ' + "[" * 100 + "]" * 100 + "}"):  # too deep
        body = is_problem(client.post("/v1/advise", content=bad, headers={"Content-Type": "application/json"}), 400)
        assert body["detail"].startswith("body:1:")


def test_a_body_over_the_limit_is_413_whether_declared_or_streamed(client: TestClient) -> None:
    big = b'{"interview": "' + b"x" * MAX_BODY + b'"}'
    declared = client.post("/v1/advise", content=big, headers={"Content-Type": "application/json"})
    assert is_problem(declared, 413)["detail"] == f"body: larger than {MAX_BODY} bytes; refused"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server counts as it reads
        for start in range(0, len(big), 4096):
            yield big[start:start + 4096]

    streamed = client.post("/v1/advise", content=chunks(), headers={"Content-Type": "application/json"})
    is_problem(streamed, 413)
    small = json.dumps(SITUATIONS[1]).encode()
    assert client.post(f"/v1/advise?now={NOW}", content=small, headers={"Content-Type": "application/json"}
                       ).status_code == 200


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_a_wrong_content_type_is_415(client: TestClient, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    body = is_problem(client.post("/v1/advise", content=json.dumps(SITUATIONS[1]), headers=headers), 415)
    assert body["allowed"] == ["application/json", "application/yaml"]


def test_unknown_routes_and_methods_are_problems(client: TestClient) -> None:
    is_problem(client.get("/v2/advise"), 404)
    response = client.get("/v1/advise")
    is_problem(response, 405)
    assert response.headers["allow"] == "POST"
    is_problem(client.get("/static/../app.py"), 404)
    is_problem(client.get("/static/secret.txt"), 404)


def test_profiles_lists_what_followup_profiles_lists(client: TestClient) -> None:
    listed = client.get("/v1/profiles").json()
    rows = profile_rows(engine.default_catalog())
    assert listed == [{key: row[key] for key in row if key != "file"} for row in rows]
    assert {"general", "legal", "it"} <= {row["id"] for row in listed}


@pytest.mark.parametrize("name", ["profile", "situation", "plan"])
def test_schemas_are_the_shipped_files(client: TestClient, name: str) -> None:
    response = client.get(f"/v1/schemas/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/schema+json"
    assert response.content == CliRunner().invoke(main, ["schema", name]).stdout_bytes


def test_an_unknown_schema_is_404_listing_the_names(client: TestClient) -> None:
    assert is_problem(client.get("/v1/schemas/agenda"), 404)["allowed"] == ["profile", "situation", "plan"]


def test_health_names_the_evaluator(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "version": engine.__version__,
                                             "evaluator": engine.backend_name()}


def test_a_profile_with_problems_is_422_with_its_diagnostics(tmp_path: Path) -> None:
    source = ROOT / "tests" / "fixtures" / "broken" / "r301-unknown-fact.yaml"
    (tmp_path / "broken.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    app = create_app(engine.Catalog([str(tmp_path)]), engine.backend_name())
    with TestClient(app) as client:
        situation = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": "broken-r301"}
        body = is_problem(client.post("/v1/advise", json=situation), 422)
        assert body["field"] == "industry"
        assert [error["code"] for error in body["errors"]] == ["R301"]
        assert client.post(f"/v1/advise?now={NOW}", json=SITUATIONS[1]).status_code == 200


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
fields = st.sampled_from(["interview", "timezone", "industry", "country", "purpose", "promised_reply_by",
                          "competing_offer_deadline", "heard_back", "traditional", "contacts"])
near_situations = st.fixed_dictionaries(
    {"interview": st.sampled_from(["2026-11-20T14:00", "2026-11-20T14:00Z", "2026-02-30T10:00", "x", ""])},
    optional={"timezone": st.sampled_from(["America/New_York", "Asia/Kolkata", "Nowhere", ""])},
).flatmap(lambda base: st.dictionaries(fields, json_values, max_size=3).map(lambda extra: {**base, **extra}))


@given(body=json_values | near_situations, now=st.none() | st.text(max_size=25))
def test_any_json_body_gets_a_plan_or_a_problem_never_a_failure(client: TestClient, body: Any,
                                                                 now: str | None) -> None:
    response = post_json(client, body, now)
    if response.status_code == 200:
        jsonschema.validate(response.json(), PLAN_SCHEMA)
    else:
        problem = is_problem(response, response.status_code)
        assert response.status_code in (400, 422)
        assert problem["detail"]


def test_the_page_offers_what_a_situation_accepts_and_fetches_nothing_from_elsewhere(client: TestClient) -> None:
    response = client.get("/")
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    page = response.text
    assert '<option value="legal">' in page and '<option value="core">' not in page  # industries only
    assert '<option value="America/New_York">' in page and '<option value="GB">' in page
    assert "<!--" not in page  # every list filled in
    assert "http://" not in page and "https://" not in page
    for name in ("app.js", "style.css"):
        assert client.get(f"/static/{name}").status_code == 200


def test_the_json_sentences_are_in_the_plans_language_when_asked(client: TestClient) -> None:
    situation = {"interview": "2026-11-20T14:00", "timezone": "Europe/Berlin", "country": "DE"}
    english = client.post("/v1/advise", params={"now": NOW}, json=situation).json()
    german = client.post("/v1/advise", params={"now": NOW, "sentences": "plan"}, json=situation).json()
    # The same plan: only the sentences for people differ.
    assert [step["best"] for step in german["steps"]] == [step["best"] for step in english["steps"]]
    assert german["now"]["verdict"] == english["now"]["verdict"]
    # A Saturday: wait for Monday, said in German; the German overlay's reasons in German.
    assert german["now"]["verdict"] == "wait_until"
    assert german["now"]["reason"] != english["now"]["reason"]
    whys = [reason["why"] for step in german["steps"] for reason in step["reasons"]]
    assert any("Wochenende" in why for why in whys), whys
    assert all(reason["why"].isascii() for step in english["steps"] for reason in step["reasons"]
               if reason["profile"] == "core")
    assert client.post("/v1/advise", params={"now": NOW, "sentences": "english"}, json=situation).json() == english
    jsonschema.validate(german, json.loads((ROOT / "schemas" / "plan.schema.json").read_text()))


def test_an_unknown_sentences_value_is_refused_by_name(client: TestClient) -> None:
    body = is_problem(client.post("/v1/advise", params={"sentences": "german"},
                                  json={"interview": "2026-11-20T14:00", "timezone": "Europe/Berlin"}), 422)
    assert body["field"] == "sentences" and body["allowed"] == ["english", "plan"]
