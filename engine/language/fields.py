"""Situation fields a profile declares for itself: outlet type, company size, interview round.

A profile's ``fields:`` section declares each field (its type, its allowed values or
range, a default and a description); a situation gives values under ``fields:``; rules
test them in ``when:`` with ``field: {NAME: value}``. A field is a step fact of its own
(``field:NAME``), known for the whole plan. This module holds the declarations, their
checks, and the check of a situation's values against them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import Diagnostic, SituationError, did_you_mean, shown
from ..vocabulary import FIELD_PREFIX, FactSpec
from .yaml_source import Document

__all__ = ["FIELD_KINDS", "FieldDecl", "check_fields", "check_situation_fields", "field_uses",
           "parse_fields"]

# The kinds a field may have, as a fact's kinds: a choice among names, yes or no, a whole number.
FIELD_KINDS = ("enum", "bool", "int")


@dataclass(frozen=True)
class FieldDecl:
    """A declared situation field: its name, kind, allowed values (enum) or range (int), default."""

    name: str
    kind: str
    description: str
    default: Any
    values: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    profile: str = ""

    @property
    def fact(self) -> str:
        return FIELD_PREFIX + self.name

    def spec(self) -> FactSpec:
        """The field as a fact spec, for checking the values a condition compares it with."""
        low = -(10**9) if self.minimum is None else self.minimum
        high = 10**9 if self.maximum is None else self.maximum
        return FactSpec(self.name, self.kind, "step", self.description,  # type: ignore[arg-type]
                        self.values, bounds=(lambda _: (low, high)) if self.kind == "int" else None)

    def allowed(self) -> str:
        """The values the field takes, in words."""
        if self.kind == "enum":
            return "one of " + ", ".join(self.values)
        if self.kind == "bool":
            return "true or false"
        low = "" if self.minimum is None else f" from {self.minimum}"
        high = "" if self.maximum is None else f" to {self.maximum}"
        return f"a whole number{low}{high}"

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is not a value of this field, or None."""
        if self.kind == "enum":
            ok = isinstance(value, str) and value in self.values
        elif self.kind == "bool":
            ok = isinstance(value, bool)
        else:
            ok = (isinstance(value, int) and not isinstance(value, bool)
                  and (self.minimum is None or value >= self.minimum)
                  and (self.maximum is None or value <= self.maximum))
        return None if ok else f"expected {self.allowed()}, got {shown(value)}"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.kind}
        if self.values:
            data["values"] = list(self.values)
        if self.minimum is not None:
            data["minimum"] = self.minimum
        if self.maximum is not None:
            data["maximum"] = self.maximum
        data["default"] = self.default
        data["description"] = self.description
        return data


def _default(kind: str, raw: Mapping[str, Any]) -> Any:
    if "default" in raw:
        return raw["default"]
    if kind == "bool":
        return False
    if kind == "int":
        return raw.get("minimum", 0)
    values = raw.get("values")
    return values[0] if isinstance(values, list) and values else None


def parse_fields(data: Mapping[str, Any], profile: str = "") -> dict[str, FieldDecl]:
    """The fields a (schema-checked) profile document declares."""
    raw = data.get("fields")
    found: dict[str, FieldDecl] = {}
    for name, spec in (raw.items() if isinstance(raw, Mapping) else ()):
        if not isinstance(spec, Mapping) or spec.get("type") not in FIELD_KINDS:
            continue
        kind = str(spec["type"])
        found[name] = FieldDecl(
            name, kind, str(spec.get("description", "")), _default(kind, spec),
            tuple(spec.get("values", ())) if kind == "enum" else (),
            spec.get("minimum") if kind == "int" else None,
            spec.get("maximum") if kind == "int" else None, profile)
    return found


def check_fields(document: Document) -> list[Diagnostic]:
    """R315 for a declaration the schema cannot judge: values of the wrong type, a default that is
    no value of the field, a range that ends before it starts."""
    data = document.data
    raw = data.get("fields") if isinstance(data, Mapping) else None
    found: list[Diagnostic] = []
    for name, spec in (raw.items() if isinstance(raw, Mapping) else ()):
        if not isinstance(spec, Mapping) or spec.get("type") not in FIELD_KINDS:
            continue
        kind = spec["type"]
        if kind == "enum" and not spec.get("values"):
            found.append(document.diagnostic(("fields", name), "R315",
                                             f"field {name!r}: an enum field lists its values"))
            continue
        for key in ("values", "minimum", "maximum"):
            if key in spec and (kind != "enum") == (key == "values"):
                article = "an" if kind in ("enum", "int") else "a"
                found.append(document.diagnostic(("fields", name, key), "R315",
                                                 f"field {name!r}: {article} {kind} field has no "
                                                 f"{key}", key=True))
        low, high = spec.get("minimum"), spec.get("maximum")
        if kind == "int" and isinstance(low, int) and isinstance(high, int) and high < low:
            found.append(document.diagnostic(("fields", name, "maximum"), "R315",
                                             f"field {name!r}: maximum {high} is below minimum "
                                             f"{low}"))
            continue
        decl = parse_fields({"fields": {name: spec}}).get(name)
        if decl is not None and "default" in spec and decl.problem(spec["default"]):
            found.append(document.diagnostic(("fields", name, "default"), "R315",
                                             f"field {name!r}: the default "
                                             f"{shown(spec['default'])} is not a "
                                             f"value of the field ({decl.allowed()})"))
    return found


def field_uses(condition: Any,
               path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str,
                                                                   Any]]:
    """Each field a raw ``when:`` condition tests: its path, name and the value tested."""
    if not isinstance(condition, Mapping):
        return
    for key, value in condition.items():
        if key in ("all", "any") and isinstance(value, list):
            for index, item in enumerate(value):
                yield from field_uses(item, (*path, key, index))
        elif key == "not":
            yield from field_uses(value, (*path, key))
        elif key == "field" and isinstance(value, Mapping):
            for name, tested in value.items():
                yield (*path, key, name), name, tested


def check_situation_fields(given: Mapping[str, Any], declared: Mapping[str, FieldDecl],
                           profile: str) -> None:
    """Raise :class:`SituationError` for a situation field
    the profile does not declare, or a wrong value."""
    for name, value in given.items():
        decl = declared.get(name)
        if decl is None:
            known = ", ".join(sorted(declared)) or "none"
            raise SituationError(f"fields.{name}",
                                 f"unknown field for the {profile} profile (its fields: {known})",
                                 suggestion=did_you_mean(name, declared) if declared else None)
        problem = decl.problem(value)
        if problem:
            raise SituationError(f"fields.{name}", problem,
                                 suggestion=did_you_mean(value, decl.values)
                                 if isinstance(value, str) else None)
