"""Sources a reader can follow: every bundled source names its page, and `validate` warns
(R313) on a URL that names only a host, or a malformed host; the guide lists them all."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urlsplit

from conftest import ROOT

from engine.language.catalog import default_catalog
from engine.tools.profile_table import (
    SOURCES_END_MARKER,
    SOURCES_START_MARKER,
    marked_section,
    render_sources,
)

FIXTURE = ROOT / "tests" / "fixtures" / "authors" / "bare-sources.yaml"


def _validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine", "validate", *args], capture_output=True, text=True,
                          cwd=ROOT, check=False)


def _bundled_sources() -> list[tuple[str, str, dict[str, str]]]:
    catalog = default_catalog()
    found = []
    for profile_id in catalog.ids:
        layer = catalog.file_of(profile_id)
        assert layer is not None
        found += [(profile_id, key, source) for key, source in layer.data.get("sources", {}).items()]
    return found


def test_every_bundled_source_has_a_url_with_a_path() -> None:
    sources = _bundled_sources()
    assert len(sources) >= 50
    for profile_id, key, source in sources:
        assert "url" in source, f"{profile_id}: source {key} has no address"
        parts = urlsplit(source["url"])
        assert parts.path.strip("/") or parts.query, f"{profile_id}: source {key} names only a host"
        assert parts.hostname and not parts.hostname.endswith("."), f"{profile_id}: source {key} has a bad host"


def test_the_seed_is_cited_with_its_page() -> None:
    for profile_id, key, source in _bundled_sources():
        if key == "seed":
            assert source["url"] == "https://polytechtalent.com/when-to-call-after-the-interview/", profile_id


def test_bundled_profiles_validate_without_a_source_warning() -> None:
    result = _validate("profiles")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "R313" not in result.stdout


def test_validate_warns_on_a_bare_host_and_malformed_hosts() -> None:
    result = _validate(str(FIXTURE.relative_to(ROOT)))
    assert result.returncode == 0, result.stdout + result.stderr  # warnings only
    lines = [line for line in result.stdout.splitlines() if "R313" in line]
    assert len(lines) == 3, result.stdout
    front, dot, intranet = lines
    assert front.startswith("tests/fixtures/authors/bare-sources.yaml:10:10: R313 (warning): source 'front-page'")
    assert "names only a host, not the page" in front
    assert dot.startswith("tests/fixtures/authors/bare-sources.yaml:13:10: R313 (warning): source 'trailing-dot'")
    assert "ending in a dot ('bbs.example.com.')" in dot
    assert intranet.startswith("tests/fixtures/authors/bare-sources.yaml:16:10: R313 (warning): source 'no-dot'")
    assert "malformed host ('intranet')" in intranet
    assert "'article'" not in result.stdout


def test_validate_json_marks_the_source_problems_as_warnings() -> None:
    import json

    result = _validate(str(FIXTURE.relative_to(ROOT)), "--format", "json")
    records = json.loads(result.stdout)
    records = records["diagnostics"] if isinstance(records, dict) else records
    found = [record for record in records if record["code"] == "R313"]
    assert [record["severity"] for record in found] == ["warning"] * 3


def test_guide_lists_every_source_of_every_bundled_profile() -> None:
    guide = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8")
    section = marked_section(guide, SOURCES_START_MARKER, SOURCES_END_MARKER)
    assert section == render_sources(default_catalog()), "run: python -m engine.tools.profile_table"
    for profile_id, key, source in _bundled_sources():
        assert f"| `{profile_id}` | `{key}` |" in section
        assert f"]({source['url']})" in section
