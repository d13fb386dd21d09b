"""The OpenAPI document: a valid OpenAPI 3.1 whose bodies are the shipped JSON Schemas."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest
from conftest import ROOT
from openapi_spec_validator import validate
from starlette.testclient import TestClient

import engine
from engine.frontends.serve import create_app
from engine.frontends.serve.openapi import COMPONENT_NAMES, shipped


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    with TestClient(create_app(engine.default_catalog(), engine.backend_name())) as client:
        response = client.get("/openapi.json")
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    return data


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1")
    validate(document)


def _served_industry_enum(components: dict[str, Any]) -> dict[str, Any]:
    """The components without the served document's list of known industries."""
    situation = components["Situation"]
    industry = {key: value for key, value in situation["properties"]["industry"].items() if key != "enum"}
    return {**components, "Situation": {**situation, "properties": {**situation["properties"], "industry": industry}}}


@pytest.mark.parametrize("name", sorted(COMPONENT_NAMES))
def test_each_body_schema_is_the_shipped_schema(document: dict[str, Any], name: str) -> None:
    on_disk = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert shipped(name, _served_industry_enum(document["components"]["schemas"]), on_disk) == on_disk


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [node["$ref"]] if "$ref" in node else [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def test_every_definition_is_a_component_that_references_resolve_to(document: dict[str, Any]) -> None:
    """What client generators read: no ``$defs`` inside a component, every ``$ref`` a component."""
    components = document["components"]["schemas"]
    assert "$defs" not in json.dumps(document)
    assert {"PlanStep", "PlanDraft", "SituationContact", "SituationDateTime", "ProfileRule"} <= set(components)
    for ref in _refs(document):
        assert ref.startswith("#/components/schemas/") and ref.removeprefix("#/components/schemas/") in components
    titles = [schema["title"] for schema in components.values() if "title" in schema]
    assert len(titles) == len(set(titles))  # a generator names a class after the title: one class each
    assert '"const": true' not in json.dumps(document)


def test_now_has_its_pattern_and_industry_the_known_ids(document: dict[str, Any]) -> None:
    parameter = document["paths"]["/v1/advise"]["post"]["parameters"][0]
    assert parameter["name"] == "now"
    pattern = re.compile(parameter["schema"]["pattern"])
    assert pattern.search("2026-11-21T10:00") and pattern.search("2026-11-21T10:00:30.5-05:00")
    assert not pattern.search("tomorrow") and not pattern.search("2026-11-21 10:00")
    assert pattern.search("")  # an empty now is the current time, as no now is
    industry = document["components"]["schemas"]["Situation"]["properties"]["industry"]
    assert industry["enum"] == ["academia", "accounting", "consulting", "finance", "general", "government",
                                "healthcare", "it", "legal", "sales", None]


@pytest.mark.parametrize("situation", [
    {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "heard_back": True,
     "contacts": [{"at": "2026-11-23T10:00", "channel": "call"}]},
    {"interview": "2026-11-20T14:00Z", "industry": None},
    {"interview": "2026-11-20 14:00", "timezone": "America/New_York"},
    {"interview": "2026-11-20T14:00", "contacts": [{"channel": "call"}]},
    {"interview": "2026-11-20T14:00", "industry": "Legal"},
    {"timezone": "UTC"},
])
def test_the_components_validate_situations_as_the_shipped_schema_does(document: dict[str, Any],
                                                                       situation: dict[str, Any]) -> None:
    on_disk = json.loads((ROOT / "schemas" / "situation.schema.json").read_text(encoding="utf-8"))
    served = jsonschema.Draft202012Validator({**document, "$ref": "#/components/schemas/Situation"})
    assert served.is_valid(situation) == jsonschema.Draft202012Validator(on_disk).is_valid(situation)


def test_the_routes_use_those_schemas(document: dict[str, Any]) -> None:
    advise = document["paths"]["/v1/advise"]["post"]
    assert advise["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Situation"}
    assert advise["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Plan"}
    assert set(advise["responses"]) == {"200", "400", "406", "413", "415", "422"}
    assert set(document["paths"]) == {"/v1/advise", "/v1/profiles", "/v1/schemas/{name}", "/openapi.json",
                                      "/healthz", "/"}


def test_a_real_plan_validates_against_the_documents_plan_schema(document: dict[str, Any]) -> None:
    plan = engine.advise({"interview": "2026-11-20T14:00", "timezone": "America/New_York", "country": "US",
                          "promised_reply_by": "2026-11-27"}, now="2026-11-21T10:00").to_dict()
    validator = jsonschema.Draft202012Validator({**document, "$ref": "#/components/schemas/Plan"})
    validator.validate(plan)
    broken = {**plan, "steps": [{**plan["steps"][0], "action": "fax"}]}
    assert not validator.is_valid(broken)
