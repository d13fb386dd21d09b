"""Schema validation of a profile document, and the shipped schemas by name.

``check_document`` validates a loaded document against ``schemas/profile.schema.json`` and
turns every schema error into a located :class:`Diagnostic`, with the specific codes and
did-you-mean suggestions of :mod:`engine.language.conditions`. The schema itself is built
from the vocabulary in :mod:`.schema_build` (``profile_schema()``, ``write_schemas()``, both
also importable from here); a test keeps the shipped file equal to it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..caches import memo
from ..errors import Diagnostic, Suggestions
from ..resources import schema_path
from .conditions import (
    CONDITION_KEYS,
    check_condition_value,
    condition_fact_at,
)
from .published import plan_schema
from .schema_build import profile_schema, write_profile_schema, write_schemas
from .schema_parts import (
    SLUG,
)
from .yaml_source import Document, JsonPath

__all__ = ["SCHEMA_NAMES", "check_document", "load_schema", "plan_schema", "profile_schema",
           "write_profile_schema", "write_schemas"]

SCHEMA_NAMES = ("profile", "situation", "plan")
@memo("language.schema.load_schema")
def load_schema(name: str) -> dict[str, Any]:
    """A shipped schema by name (``profile``, ``situation`` or ``plan``)."""
    with open(schema_path(name), encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


@memo("language.schema.pattern_of")
def _pattern_of(pattern: str) -> re.Pattern[str]:
    """A schema pattern as JSON Schema means it (ECMA-262): ``$`` is the end of the text,
    and ``\\d`` an ASCII digit.

    Python's ``$`` also matches before a final newline, which let ``"general\\n"`` pass
    for a profile id, and its ``\\d`` takes any decimal digit (``"٢٠٢٦"``); our patterns
    end with ``$`` only in ECMA's sense.
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern, re.ASCII)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema import ValidationError

    if validator.is_type(instance, "string") and not _pattern_of(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@memo("language.schema.validator")
def _validator() -> Any:
    import jsonschema  # imported on first validation: it is the slowest import of the package

    schema = load_schema("profile")
    checker = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator, {"pattern": _pattern})
    return checker(schema, format_checker=None)


def check_document(document: Document) -> list[Diagnostic]:
    """Every schema problem of a profile document, located and deduplicated."""
    found: dict[tuple[str, str], Diagnostic] = {}
    suggest = Suggestions()
    for error in _validator().iter_errors(document.data):
        if _in_example_situation(tuple(error.absolute_path)):
            continue  # language.examples reports these (X501) in the words of ``advise``
        for diagnostic in _explain(document, error, suggest):
            found.setdefault((diagnostic.path, diagnostic.code), diagnostic)
    return sorted(found.values())


def _in_example_situation(path: JsonPath) -> bool:
    """An example's situation or ``now``: the schema checks them as ``advise`` does, for editors."""
    return len(path) >= 3 and path[0] == "examples" and path[2] in ("situation", "now")


def _explain(document: Document, error: Any, suggest: Suggestions) -> Iterator[Diagnostic]:
    path: JsonPath = tuple(error.absolute_path)
    fact_at = condition_fact_at(path)
    if fact_at is not None:
        fact_path = path[: fact_at + 1]
        value = _get(document.data, fact_path)
        for sub, code, message, suggestion in check_condition_value(str(path[fact_at]), value):
            yield document.diagnostic((*fact_path, *sub), code, message, key=code == "R302",
                                      suggestion=suggestion)
        return
    keyword = error.validator
    if keyword == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        in_condition = error.schema.get("title") == "Condition"
        for key in sorted(set(error.instance) - allowed):
            if in_condition:
                yield document.diagnostic(
                    (*path, key), "R301", f"unknown fact {key!r}", key=True,
                    suggestion=suggest(key, CONDITION_KEYS),
                )
            else:
                what = "effect" if error.schema.get("title") == "Effect" else "key"
                yield document.diagnostic(
                    (*path, key), "S202", f"unknown {what} {key!r}", key=True,
                    suggestion=suggest(key, allowed),
                )
        return
    if keyword == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        for name in missing:
            yield document.diagnostic(path, "S203", f"missing required key {name!r}")
        return
    if path[-1:] == ("extends",) and keyword == "pattern" and isinstance(error.instance, str):
        value = error.instance
        if "/" in value or "\\" in value or value.endswith((".yaml", ".yml")):
            yield document.diagnostic(path, "I404",
                                      f"extends names a profile id, never a path: {value!r}")
        else:
            slug = value.strip().lower().replace(" ", "-")
            yield document.diagnostic(path, "S201",
                                      f"extends: {value!r} is not a profile id (lower-case "
                                      "letters, digits, - and _)",
                                      suggestion=slug if _pattern_of(SLUG).search(slug) else None)
        return
    yield document.diagnostic(path, "S201", _short(error))


def _short(error: Any) -> str:
    where = "/".join(str(part) for part in error.absolute_path) or "the document"
    if error.validator == "type":
        return f"{where}: expected {error.validator_value}, got {type(error.instance).__name__}"
    if error.validator == "enum":
        choices = ", ".join(map(str, error.validator_value))
        return f"{where}: {error.instance!r} is not one of {choices}"
    if error.validator in ("const",):
        return f"{where}: must be {error.validator_value!r}"
    message = str(error.message)
    return f"{where}: {message if len(message) < 200 else message[:200] + '...'}"


def _get(data: Any, path: JsonPath) -> Any:
    for part in path:
        data = data[part]
    return data
