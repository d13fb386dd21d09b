"""A remembered schema pass belongs to the schema (and the code) it was checked with.

A profile that passed under one version of the shipped profile schema must be checked
again under another: a pass remembered by the document alone would let a profile the
new schema refuses skip its check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.language import passed
from engine.language.yaml_source import load_text
from engine.resources import schema_path

PROFILE = """id: digested
name: Digested
extends: general
rules:
  - id: digested-mornings
    when: {time: {lt: "10:00"}}
    then: {prefer: 1}
    why: Mornings suit this field.
    source: seed
"""


@pytest.fixture
def fresh_salt() -> object:
    passed._salt.cache_clear()  # type: ignore[attr-defined]
    yield
    passed._salt.cache_clear()  # type: ignore[attr-defined]


def test_the_same_document_under_another_schema_has_another_digest(tmp_path: Path, fresh_salt: object,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    document = load_text(PROFILE, "digested.yaml")
    shipped = passed._digest(document)
    assert shipped is not None and shipped == passed._digest(load_text(PROFILE, "elsewhere.yaml"))
    changed = tmp_path / "profile.schema.json"
    text = schema_path("profile").read_text(encoding="utf-8")
    changed.write_text(text.replace('"title": "Rule"', '"title": "Rule of a newer version"', 1), encoding="utf-8")
    assert changed.read_text(encoding="utf-8") != text
    monkeypatch.setattr(passed, "schema_path", lambda name: changed)
    passed._salt.cache_clear()  # type: ignore[attr-defined]
    assert passed._digest(document) not in (None, shipped)


def test_another_document_has_another_digest(fresh_salt: object) -> None:
    first = passed._digest(load_text(PROFILE, "digested.yaml"))
    second = passed._digest(load_text(PROFILE.replace("prefer: 1", "prefer: 2"), "digested.yaml"))
    assert first is not None and second is not None and first != second
