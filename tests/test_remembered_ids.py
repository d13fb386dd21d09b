"""A catalog with a cache remembers the id each file's bytes were read to, and parses only what it needs.

The first catalog parses every file and remembers each profile's id (and country) by a
digest of the file's bytes; the next one, finding the same bytes, knows the ids without
parsing, and parses a file when one of its profiles is needed. It sees the same ids,
overlays and problems and resolves the same profiles; an edited file is parsed again; a
marker that was not sealed with the folder's key is ignored.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine.language.catalog import Catalog
from engine.language.passed import IDS_FOLDER, KEY_FILE
from engine.resources import bundled_profiles_dir

MINE = """id: mine
name: Mine
extends: general
sources: {note: {title: A note}}
rules:
  - id: mine-mornings
    when: {time: {lt: "10:00"}}
    then: {prefer: 1}
    why: Mornings suit this field.
    source: note
"""
# Valid YAML with an id, but a schema problem: found when the file is checked, as before.
BROKEN = MINE.replace("id: mine\n", "id: broken\n").replace("prefer: 1", "prefer: lots")
SITUATION = {"interview": "2026-11-18T10:30", "timezone": "America/New_York", "industry": "mine"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "mine.yaml").write_text(MINE, encoding="utf-8")
    (profiles / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return profiles


def markers(cache: Path) -> set[str]:
    return {path.name for path in (cache / IDS_FOLDER).iterdir() if path.name != KEY_FILE}


def parsed(catalog: Catalog) -> set[str]:
    """The files of the catalog that have been parsed so far, by name."""
    return {Path(shown).name for shown, entries in catalog._by_shown.items()
            if any(entry.document is not None for entry in entries)}


def test_the_second_catalog_parses_only_the_chain_it_resolves(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = Catalog([folder], cache=cache)
    # Every file of the folder with an id; the bundled ones' ids come from the shipped index.
    assert len(markers(cache)) == 2
    assert parsed(first) == {"mine.yaml", "broken.yaml"}

    second = Catalog([folder], cache=cache)
    assert parsed(second) == set()
    assert second.ids == first.ids and dict(second.overlays) == dict(first.overlays)
    plan = engine.advise(SITUATION, now="2026-11-19T09:00", profiles=second)
    assert plan.to_dict() == engine.advise(SITUATION, now="2026-11-19T09:00", profiles=first).to_dict()
    assert parsed(second) == {"mine.yaml", "general.yaml", "core.yaml"}
    # The broken file's problem is the same, found when it is checked.
    assert second.check("broken") == first.check("broken")
    assert any(problem.code.startswith("S") for problem in second.check("broken"))


def test_an_edited_file_is_parsed_again(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Catalog([folder], cache=cache)
    (folder / "mine.yaml").write_text(MINE.replace("id: mine\n", "id: renamed\n"), encoding="utf-8")
    again = Catalog([folder], cache=cache)
    assert "renamed" in again.ids and "mine" not in again.ids
    assert "mine.yaml" in parsed(again)


def test_a_marker_not_sealed_with_the_key_is_ignored(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Catalog([folder], cache=cache)
    for name in markers(cache):  # a forged marker: another id, without the key's seal
        (cache / IDS_FOLDER / name).write_bytes(b"0" * 64 + b'\n["forged", null]')
    again = Catalog([folder], cache=cache)
    assert "forged" not in again.ids and {"mine", "general", "broken"} <= set(again.ids)


def test_without_a_cache_every_file_of_a_folder_is_parsed(folder: Path) -> None:
    catalog = Catalog([folder])
    assert {"mine.yaml", "broken.yaml"} <= parsed(catalog)
    # The bundled files' ids are in the index shipped beside them (tests/test_bundled_index.py).
    assert "legal.yaml" not in parsed(catalog)
    assert len(list(bundled_profiles_dir().glob("*.yaml"))) > 2
