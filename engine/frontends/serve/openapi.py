"""The OpenAPI 3.1 document of the server, whose bodies are the shipped JSON Schemas.

``schemas/situation.schema.json``, ``plan.schema.json`` and ``profile.schema.json`` go
into ``components/schemas`` as they are, except that, being no longer documents of their
own, they lose ``$schema`` and ``$id`` and their ``#/$defs/...`` references point into
the component (:func:`embedded`; :func:`shipped` undoes it, and the tests check both ways).
"""

from __future__ import annotations

import json
from typing import Any

from ...language.schema import SCHEMA_NAMES
from ...report.formats import PLAN_FORMATS
from ...resources import schema_path
from .problems import PROBLEM_MEDIA_TYPE, problem_schema

__all__ = ["COMPONENT_NAMES", "embedded", "openapi_document", "shipped"]

COMPONENT_NAMES = {name: name.capitalize() for name in SCHEMA_NAMES}
_LOCAL = "#/$defs/"


def _component_prefix(name: str) -> str:
    return f"#/components/schemas/{COMPONENT_NAMES[name]}/$defs/"


def _rewrite(node: Any, old: str, new: str) -> Any:
    if isinstance(node, dict):
        return {key: (new + value[len(old):] if key == "$ref" and isinstance(value, str) and value.startswith(old)
                      else _rewrite(value, old, new)) for key, value in node.items()}
    if isinstance(node, list):
        return [_rewrite(item, old, new) for item in node]
    return node


def embedded(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A shipped schema as the component ``COMPONENT_NAMES[name]`` of the document."""
    inner = {key: value for key, value in schema.items() if key not in ("$schema", "$id")}
    return dict(_rewrite(inner, _LOCAL, _component_prefix(name)))


def shipped(name: str, component: dict[str, Any], dialect: str, identifier: str) -> dict[str, Any]:
    """The inverse of :func:`embedded`: the schema document again, with its ``$schema`` and ``$id``."""
    return {"$schema": dialect, "$id": identifier, **_rewrite(component, _component_prefix(name), _LOCAL)}


def _ref(component: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{component}"}


def _problems(*statuses: int) -> dict[str, Any]:
    why = {400: "The body is not JSON (or YAML).", 404: "No such resource.",
           406: "The Accept header admits none of the plan's formats.",
           413: "The body is over the size limit (refused before it is read whole).",
           415: "The body is neither application/json nor application/yaml.",
           422: "The situation, `now` or the profile it names is not usable; `field` names the field at fault."}
    return {str(status): {"description": why[status],
                          "content": {PROBLEM_MEDIA_TYPE: {"schema": _ref("Problem")}}} for status in statuses}


def _plan_responses() -> dict[str, Any]:
    content: dict[str, Any] = {"application/json": {"schema": _ref("Plan")}}
    for spec in PLAN_FORMATS.values():
        base = spec.media_type.split(";")[0]
        if base != "application/json":
            content[base] = {"schema": {"type": "string"}}
    return {"200": {"description": "The plan: JSON as `followup advise --format json` prints it; with "
                                   "`Accept: text/calendar` the .ics, with `text/plain` the text timeline.",
                    "content": content}}


def openapi_document(version: str, max_body: int) -> dict[str, Any]:
    """The whole document, for this package ``version`` and body limit."""
    schemas = {name: json.loads(schema_path(name).read_text(encoding="utf-8")) for name in SCHEMA_NAMES}
    situation_body = {"schema": _ref("Situation")}
    summary = {
        "type": "object",
        "required": ["id", "name", "extends", "evidence", "origin", "ok", "industry"],
        "properties": {
            "id": {"type": "string"}, "name": {"type": "string"}, "extends": {"type": ["string", "null"]},
            "evidence": {"type": ["string", "null"]}, "origin": {"type": "string"},
            "ok": {"type": "boolean", "description": "False when the profile has problems (`followup validate`)."},
            "industry": {"type": "boolean", "description": "False for `core`, the root that is not an industry."},
        },
    }
    health = {"type": "object", "required": ["status", "version", "evaluator"],
              "properties": {"status": {"const": "ok"}, "version": {"type": "string"},
                             "evaluator": {"enum": ["durable", "python"]}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "followup-etiquette",
            "version": version,
            "description": "When and how to follow up after a job interview. Errors are application/problem+json "
                           "(RFC 9457); a bad situation names its field.",
        },
        "paths": {
            "/v1/advise": {"post": {
                "operationId": "advise",
                "summary": "Plan the follow-up of one interview.",
                "parameters": [{"name": "now", "in": "query", "required": False,
                                "description": "Plan as of this moment (ISO 8601; without an offset, in the "
                                               "employer's zone). Default: the current time.",
                                "schema": {"type": "string"}}],
                "requestBody": {"required": True,
                                "description": f"A situation, at most {max_body} bytes.",
                                "content": {"application/json": situation_body, "application/yaml": situation_body}},
                "responses": {**_plan_responses(), **_problems(400, 406, 413, 415, 422)},
            }},
            "/v1/profiles": {"get": {
                "operationId": "profiles", "summary": "The profiles in sight, as `followup profiles` lists them.",
                "responses": {"200": {"description": "One entry per profile.", "content": {
                    "application/json": {"schema": {"type": "array", "items": _ref("ProfileSummary")}}}}},
            }},
            "/v1/schemas/{name}": {"get": {
                "operationId": "schema", "summary": "A JSON Schema, as `followup schema NAME` prints it.",
                "parameters": [{"name": "name", "in": "path", "required": True,
                                "schema": {"enum": list(SCHEMA_NAMES)}}],
                "responses": {"200": {"description": "The schema.", "content": {
                    "application/schema+json": {"schema": {"type": "object"}}}}, **_problems(404)},
            }},
            "/openapi.json": {"get": {
                "operationId": "openapi", "summary": "This document.",
                "responses": {"200": {"description": "OpenAPI 3.1.", "content": {
                    "application/json": {"schema": {"type": "object"}}}}},
            }},
            "/healthz": {"get": {
                "operationId": "health", "summary": "Whether the server answers, and which evaluator plans.",
                "responses": {"200": {"description": "Up.", "content": {"application/json": {"schema": _ref("Health")}}}},
            }},
            "/": {"get": {
                "operationId": "page", "summary": "The page for candidates.",
                "responses": {"200": {"description": "HTML.", "content": {"text/html": {"schema": {"type": "string"}}}}},
            }},
        },
        "components": {"schemas": {
            **{COMPONENT_NAMES[name]: embedded(name, schema) for name, schema in schemas.items()},
            "ProfileSummary": summary,
            "Health": health,
            "Problem": problem_schema(),
        }},
    }
