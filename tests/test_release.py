"""The release's promises kept in the repository: one version everywhere, a changelog entry
for it, and every renamed bundled id listed where users look for it."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

import engine
from engine.language.catalog import Catalog

tomllib = pytest.importorskip("tomllib")
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_version_is_one_and_the_changelog_has_its_release() -> None:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    assert engine.__version__ == version
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", CHANGELOG, re.M)
    assert releases and releases[0][0] == version, releases
    assert [r[0] for r in releases] == sorted((r[0] for r in releases), key=lambda v: tuple(map(int, v.split("."))),
                                              reverse=True)


def test_the_changelog_states_the_versioning_policy() -> None:
    assert "## Versioning policy" in CHANGELOG and "semver.org" in CHANGELOG and "keepachangelog.com" in CHANGELOG
    for public in ("ids of bundled rules and drafts", "diagnostic codes", "facts", "JSON shapes"):
        assert public in CHANGELOG, public


def test_every_renamed_bundled_id_is_listed_as_deprecated() -> None:
    deprecated = CHANGELOG.split("### Deprecated", 1)[1].split("\n## ", 1)[0]
    renamed: dict[str, str] = {}
    for profile_id in Catalog().ids:
        renamed.update(Catalog().resolve(profile_id).renamed)
    assert renamed
    for old, new in renamed.items():
        assert f"`{old}` → `{new}`" in deprecated, (old, new)
    guide = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8")
    for old, new in renamed.items():
        assert re.search(rf"^\| `{re.escape(old)}`[^|]*\| `{re.escape(new)}`", guide, re.M), (old, new)
