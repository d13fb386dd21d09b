"""The OpenAPI document: a valid OpenAPI 3.1 whose bodies are the shipped JSON Schemas."""

from __future__ import annotations

import json
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


@pytest.mark.parametrize("name", sorted(COMPONENT_NAMES))
def test_each_body_schema_is_the_shipped_schema(document: dict[str, Any], name: str) -> None:
    on_disk = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    component = document["components"]["schemas"][COMPONENT_NAMES[name]]
    assert shipped(name, component, on_disk["$schema"], on_disk["$id"]) == on_disk


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
