"""Profiles that passed the schema check are remembered between processes, when asked, and only those.

A fresh process that plans with profiles checked before does not import jsonschema at
all; an edited file is checked again; a problem is never remembered; remembering can be
turned off, and a cache folder that cannot be written changes nothing but the time.
(tests/reliability/test_cache.py: nothing written unless asked, and no pass can be planted.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

import engine
from engine.language.passed import ENV_CACHE, FOLDER, KEY_FILE

GOOD = """id: remembered
name: Remembered
extends: general
sources: {note: {title: A note}}
rules:
  - id: remembered-mornings
    when: {time: {lt: "10:00"}}
    then: {prefer: 1}
    why: Mornings suit this field.
    source: note
"""
# The same profile, its rule's weight now a string: a schema problem (S-code) at that line.
BROKEN = GOOD.replace("prefer: 1", "prefer: lots")
SITUATION = {"interview": "2026-11-18T10:30", "timezone": "America/New_York", "industry": "remembered"}

PROBE = """
import sys, engine
from engine.language.passed import user_cache_dir
engine.advise({situation!r}, now="2026-11-19T09:00", profiles=engine.Catalog([{folder!r}], cache=user_cache_dir()))
print("jsonschema" in sys.modules)
"""


def _fresh_process(folder: Path, cache: str) -> bool:
    """Plan in a new process; whether it had to import jsonschema to check the profiles."""
    env = {**os.environ, ENV_CACHE: cache, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE.format(situation=SITUATION, folder=str(folder))],
                          env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip() == "True"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "remembered.yaml").write_text(GOOD, encoding="utf-8")
    return profiles


def _marks(cache: Path) -> set[str]:
    return {path.name for path in (cache / FOLDER).iterdir() if path.name != KEY_FILE}


def test_a_second_process_skips_the_check_of_profiles_that_passed(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _fresh_process(folder, str(cache)) is True
    # core, general and the folder's profile: one mark each.
    assert len(_marks(cache)) == 3
    assert _fresh_process(folder, str(cache)) is False
    assert len(_marks(cache)) == 3


@pytest.mark.parametrize("off", ["", "off"])
def test_remembering_can_be_turned_off(folder: Path, tmp_path: Path, off: str) -> None:
    assert _fresh_process(folder, off) is True
    assert _fresh_process(folder, off) is True


def _catalog(folder: Path, cache: Path | None) -> engine.Catalog:
    return engine.Catalog([folder], cache=cache)


def test_a_file_edited_in_place_is_checked_again(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert engine.advise(SITUATION, now="2026-11-19T09:00", profiles=_catalog(folder, cache)).steps
    (folder / "remembered.yaml").write_text(BROKEN, encoding="utf-8")
    with pytest.raises(engine.ProfileError) as raised:
        engine.advise(SITUATION, now="2026-11-19T09:00", profiles=_catalog(folder, cache))
    assert any(d.code.startswith("S") and d.line == 8 for d in raised.value.diagnostics)


def test_a_problem_is_never_remembered(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    engine.advise({**SITUATION, "industry": "general"}, now="2026-11-19T09:00", profiles=_catalog(folder, cache))
    marks = _marks(cache)
    assert len(marks) == 2  # core and general
    (folder / "remembered.yaml").write_text(BROKEN, encoding="utf-8")
    for _ in range(2):
        with pytest.raises(engine.ProfileError):
            engine.advise(SITUATION, now="2026-11-19T09:00", profiles=_catalog(folder, cache))
    assert _marks(cache) == marks


def test_a_cache_folder_that_cannot_be_written_changes_nothing_but_time(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    expected = engine.advise(SITUATION, now="2026-11-19T09:00", profiles=_catalog(folder, blocker)).to_dict()
    assert engine.advise(SITUATION, now="2026-11-19T09:00", profiles=_catalog(folder, None)).to_dict() == expected
    (folder / "remembered.yaml").write_text(BROKEN, encoding="utf-8")
    with pytest.raises(engine.ProfileError):
        engine.advise(SITUATION, now="2026-11-19T09:00", profiles=_catalog(folder, blocker))
