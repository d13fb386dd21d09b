"""The schema-pass cache: nothing written unless asked, and no pass that can be planted.

The library writes nothing to disk by itself; the command line remembers passes in the
user's cache folder, only when that folder is the user's own and writable by no one
else, and a remembered pass is sealed with a key no one else can read: a marker planted
by anyone else, in any folder, never lets a malformed profile past the schema check.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from serve_live import live_server

from engine.language.passed import FOLDER, KEY_FILE, _digest
from engine.language.yaml_source import load_file

from .support import REPO, run_engine

GOOD = """id: planted
name: Planted
extends: general
sources: {note: {title: A note}}
rules:
  - id: planted-mornings
    when: {time: {lt: "10:00"}}
    then: {prefer: 1}
    why: Mornings suit this field.
    source: note
"""
MALFORMED = {
    "version-text": GOOD.replace("name: Planted\n", "name: Planted\nversion: \"one\"\n"),
    "when-number": GOOD.replace('when: {time: {lt: "10:00"}}', "when: 42"),
    "rules-number": GOOD.split("rules:")[0] + "rules: 7\n",
}
SITUATION = ["--interview", "2026-11-18T10:30", "--timezone", "America/New_York", "--now", "2026-11-19T09:00"]


def test_the_library_writes_nothing_to_disk(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("FOLLOWUP_CACHE_DIR", "XDG_CACHE_HOME")}
    script = ("import engine; engine.advise({'interview': '2026-11-18T10:30', 'timezone': 'America/New_York', "
              "'industry': 'legal'}, now='2026-11-19T09:00'); engine.Catalog().check('it')")
    done = subprocess.run([sys.executable, "-c", script], env={**env, "HOME": str(home), "PYTHONPATH": str(REPO),
                                                                "PYTHONDONTWRITEBYTECODE": "1"},
                          cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert [str(path.relative_to(home)) for path in home.rglob("*")] == []


def _plant(cache: Path, profile: Path) -> None:
    """Markers for the profile's data, as anyone who can write the folder could make them."""
    passes = cache / FOLDER
    passes.mkdir(parents=True, exist_ok=True)
    digest = _digest(load_file(profile))
    assert digest is not None
    (passes / digest).write_bytes(b"")
    (passes / (digest + ".seal")).write_bytes(os.urandom(64).hex().encode())


def _folders(tmp_path: Path) -> list[tuple[str, Path]]:
    """Cache folders holding planted markers: the user's own, one writable by everyone, one of another user."""
    found = []
    for kind in ("own", "world-writable", "another-user"):
        if kind == "another-user" and os.geteuid() != 0:
            continue  # pragma: no cover - only root can give a folder away
        cache = tmp_path / f"cache-{kind}"
        (cache / FOLDER).mkdir(parents=True)
        if kind == "world-writable":
            (cache / FOLDER).chmod(0o777)
        if kind == "another-user":
            os.chown(cache / FOLDER, 65534, 65534)
            (cache / FOLDER).chmod(0o777)
        found.append((kind, cache))
    return found


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_planted_pass_never_lets_a_malformed_profile_through(tmp_path: Path, name: str) -> None:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    profile = profiles / "planted.yaml"
    profile.write_text(MALFORMED[name], encoding="utf-8")
    for kind, cache in _folders(tmp_path):
        _plant(cache, profile)
        checked = run_engine(["validate", str(profile), "--format", "json"], cwd=tmp_path,
                             FOLLOWUP_CACHE_DIR=str(cache))
        assert checked.returncode == 1 and "Traceback" not in checked.err, (kind, checked.describe())
        codes = [item["code"] for item in json.loads(checked.out)["diagnostics"]]
        assert any(code.startswith("S2") for code in codes), (kind, checked.out)
        planned = run_engine(["advise", *SITUATION, "--industry", "planted", "--profiles", str(profiles)],
                             cwd=tmp_path, FOLLOWUP_CACHE_DIR=str(cache))
        assert planned.returncode == 1 and "Traceback" not in planned.err, (kind, planned.describe())
        assert "planted.yaml" in planned.err and planned.out == ""


def test_a_planted_pass_does_not_stop_the_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    for name, text in MALFORMED.items():
        (profiles / f"{name}.yaml").write_text(text.replace("id: planted", f"id: {name}"), encoding="utf-8")
    cache = tmp_path / "cache"
    for profile in profiles.iterdir():
        _plant(cache, profile)
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(cache))
    with live_server("--profiles", str(profiles)) as url, \
            urllib.request.urlopen(url + "/v1/profiles", timeout=30) as response:
        listed = {row["id"] for row in json.loads(response.read())}
    assert not listed & set(MALFORMED)  # listed only once usable: these never are


def test_the_command_line_remembers_only_in_a_private_folder(tmp_path: Path) -> None:
    profile = tmp_path / "planted.yaml"
    profile.write_text(GOOD, encoding="utf-8")
    for kind, cache in _folders(tmp_path):
        assert run_engine(["validate", str(profile)], cwd=tmp_path, FOLLOWUP_CACHE_DIR=str(cache)).returncode == 0
        written = sorted(path.name for path in (cache / FOLDER).iterdir())
        if kind == "own":
            assert KEY_FILE in written and len(written) > 1
            assert (cache / FOLDER / KEY_FILE).stat().st_mode & 0o777 == 0o600
        else:
            assert written == [], kind
    fresh = tmp_path / "fresh-cache"
    assert run_engine(["validate", str(profile)], cwd=tmp_path, FOLLOWUP_CACHE_DIR=str(fresh)).returncode == 0
    assert (fresh / FOLDER).stat().st_mode & 0o077 == 0
