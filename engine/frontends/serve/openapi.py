"""The OpenAPI 3.1 document of the server, whose bodies are the shipped JSON Schemas.

``schemas/situation.schema.json``, ``plan.schema.json`` and ``profile.schema.json`` go
into ``components/schemas`` with the same validation, in the shape every mainstream client
generator reads: each schema's ``$defs`` become components of their own, named after the
schema and the definition (``#/$defs/step`` of the plan is ``PlanStep``), and every
``$ref`` points at them; the schemas lose ``$schema`` and ``$id``, being no longer
documents of their own (:func:`embedded`; :func:`shipped` undoes it, and the tests check
both ways). The served document also lists, as an ``enum``, the industries this server
knows, where the shipped situation schema can only give their spelling.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ...language.schema import SCHEMA_NAMES
from ...report.formats import PLAN_FORMATS
from ...resources import schema_path
from .problems import PROBLEM_MEDIA_TYPE, problem_schema

__all__ = ["COMPONENT_NAMES", "SENTENCES", "embedded", "openapi_document", "shipped"]

# How POST /v1/advise writes a JSON plan's sentences for people: English, or the plan's language.
SENTENCES = ("english", "plan")
COMPONENT_NAMES = {name: name.capitalize() for name in SCHEMA_NAMES}
_LOCAL = "#/$defs/"
_COMPONENTS = "#/components/schemas/"


def definition_name(name: str, definition: str) -> str:
    """The component of one of a shipped schema's ``$defs``: ``PlanStep``, ``SituationDateTime``."""
    return COMPONENT_NAMES[name] + definition[:1].upper() + definition[1:]


_ANNOTATIONS = frozenset({"title", "description", "examples", "default"})
# ``const: true`` as generators read it (openapi-python-client writes broken code for it);
# the same values validate.
_CONST_TRUE = {"type": "boolean", "enum": [True]}


def _rewrite(node: Any, refs: dict[str, str], *, served: bool = True) -> Any:
    """``$ref``s renamed by ``refs``; served, ``const: true`` as ``enum: [true]``, else back."""
    if isinstance(node, dict):
        keys = set(node) - _ANNOTATIONS
        if served and keys == {"const"} and node["const"] is True:
            node = {**{key: value for key, value in node.items() if key != "const"}, **_CONST_TRUE}
        elif not served and keys == set(_CONST_TRUE) and all(
                node[key] == _CONST_TRUE[key] for key in keys):
            node = {**{key: value for key, value in node.items() if key not in keys}, "const": True}
        return {key: (refs[value] if key == "$ref" and isinstance(value, str) and value in refs
                      else _rewrite(value, refs, served=served)) for key, value in node.items()}
    if isinstance(node, list):
        return [_rewrite(item, refs, served=served) for item in node]
    return node


def _titled(component: str, schema: dict[str, Any]) -> dict[str, Any]:
    # Generators name a model after its title: "Contact" of the plan and of the situation
    # would be one class. The component's name is unique; the shipped title was only a label.
    return {"title": component, **{key: value for key, value in schema.items() if key != "title"}}


def embedded(name: str, schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A shipped schema as components: ``COMPONENT_NAMES[name]`` and one per definition,
    each titled with its component's name."""
    definitions: dict[str, Any] = schema.get("$defs", {})
    refs = {_LOCAL + key: _COMPONENTS + definition_name(name, key) for key in definitions}
    inner = {key: value for key, value in schema.items() if key not in ("$schema", "$id", "$defs")}
    components = {COMPONENT_NAMES[name]: inner,
                  **{definition_name(name, key): value for key, value in definitions.items()}}
    return {component: _titled(component,
                               _rewrite(value, refs)) for component, value in components.items()}


def shipped(name: str, components: dict[str, Any], original: dict[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`embedded`: the schema document again, with the ``$schema``, ``$id``,
    titles and order of ``$defs`` of the ``original`` (the annotations :func:`embedded` drops)."""
    definitions = list(original.get("$defs", {}))
    refs = {_COMPONENTS + definition_name(name, key): _LOCAL + key for key in definitions}

    def back(component: str, source: dict[str, Any]) -> dict[str, Any]:
        value = {key: item for key, item in _rewrite(components[component], refs,
                                                     served=False).items()
                 if key != "title"}
        return {"title": source["title"], **value} if "title" in source else value

    document = {"$schema": original["$schema"], "$id": original["$id"],
                **back(COMPONENT_NAMES[name], original)}
    if definitions:
        document["$defs"] = {key: back(definition_name(name, key),
                                       original["$defs"][key]) for key in definitions}
    return document


def _ref(component: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{component}"}


def _problems(*statuses: int) -> dict[str, Any]:
    why = {400: "The body is not JSON (or YAML).", 404: "No such resource.",
           406: "The Accept header admits none of the plan's formats.",
           413: "The body is over the size limit (refused before it is read whole).",
           415: "The body is neither application/json nor application/yaml.",
           422: "The situation, `now` or the profile it names is not usable; `field` names the "
                "field at fault."}
    return {str(status): {"description": why[status],
                          "content": {PROBLEM_MEDIA_TYPE: {"schema": _ref("Problem")}}}
            for status in statuses}


def _plan_responses() -> dict[str, Any]:
    content: dict[str, Any] = {"application/json": {"schema": _ref("Plan")}}
    for spec in PLAN_FORMATS.values():
        base = spec.media_type.split(";")[0]
        if base != "application/json":
            content[base] = {"schema": {"type": "string"}}
    return {"200": {"description": "The plan: JSON as `followup advise --format json` prints it; "
                                   "with `Accept: text/calendar` the .ics, with `text/plain` the "
                                   "text timeline.",
                    "content": content}}


def openapi_document(version: str, max_body: int, industries: Sequence[str] = ()) -> dict[str, Any]:
    """The whole document, for this package ``version``, body limit and the ``industries`` the
    server knows (an ``enum`` of the situation's ``industry``; none: any id of the right spelling).
    """
    schemas = {name: json.loads(schema_path(name).read_text(encoding="utf-8"))
               for name in SCHEMA_NAMES}
    components: dict[str, Any] = {}
    for name, schema in schemas.items():
        components.update(embedded(name, schema))
    if industries:
        industry = components[COMPONENT_NAMES["situation"]]["properties"]["industry"]
        industry["enum"] = [*industries, None]
    now_pattern = components[definition_name("situation", "dateTime")]["pattern"]
    situation_body = {"schema": _ref("Situation")}
    summary = {
        "type": "object",
        "required": ["id", "name", "extends", "evidence", "origin", "ok", "industry"],
        "properties": {
            "id": {"type": "string"}, "name": {"type": "string"},
            "extends": {"type": ["string", "null"]},
            "evidence": {"type": ["string", "null"]}, "origin": {"type": "string"},
            "ok": {"type": "boolean",
                   "description": "False when the profile has problems (`followup validate`)."},
            "industry": {"type": "boolean",
                         "description": "False for `core`, the root that is not an industry."},
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
            "description": "When and how to follow up after a job interview. Errors are "
                           "application/problem+json (RFC 9457); a bad situation names its field.",
        },
        "paths": {
            "/v1/advise": {"post": {
                "operationId": "advise",
                "summary": "Plan the follow-up of one interview.",
                "parameters": [{"name": "now", "in": "query", "required": False,
                                "description": "Plan as of this moment (ISO 8601; without an "
                                               "offset, in the employer's zone). Absent or empty: "
                                               "the current time.",
                                "schema": {"type": "string", "pattern": f"^$|{now_pattern}",
                                           "examples": ["2026-11-21T10:00", "2026-11-21T15:00Z"]}},
                               {"name": "sentences", "in": "query", "required": False,
                                "description": "JSON's sentences for people (a reason's `why`, "
                                               "`note`, the verdict's `reason`, `notes`): "
                                               "`english` (the default, for programs) or `plan`, "
                                               "in the plan's language as the text output writes "
                                               "them.",
                                "schema": {"enum": list(SENTENCES)}}],
                "requestBody": {"required": True,
                                "description": f"A situation, at most {max_body} bytes.",
                                "content": {"application/json": situation_body,
                                            "application/yaml": situation_body}},
                "responses": {**_plan_responses(), **_problems(400, 406, 413, 415, 422)},
            }},
            "/v1/profiles": {"get": {
                "operationId": "profiles",
                "summary": "The profiles in sight, as `followup profiles` lists them.",
                "responses": {"200": {"description": "One entry per profile.", "content": {
                    "application/json": {"schema": {"type": "array",
                                                    "items": _ref("ProfileSummary")}}}}},
            }},
            "/v1/schemas/{name}": {"get": {
                "operationId": "schema",
                "summary": "A JSON Schema, as `followup schema NAME` prints it.",
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
                "operationId": "health",
                "summary": "Whether the server answers, and which evaluator plans.",
                "responses": {"200": {"description": "Up.",
                                      "content": {"application/json": {"schema": _ref("Health")}}}},
            }},
            "/": {"get": {
                "operationId": "page", "summary": "The page for candidates.",
                "responses": {"200": {"description": "HTML.",
                                      "content": {"text/html": {"schema": {"type": "string"}}}}},
            }},
        },
        "components": {"schemas": {
            **components,
            "ProfileSummary": summary,
            "Health": health,
            "Problem": problem_schema(),
        }},
    }
