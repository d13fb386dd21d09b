"""A profile file that cannot be read is named, with its line, when a situation asks for it.

Found while narrowing a test that accepted any error: a user whose own profile has a YAML
mistake asks for it by id and is told the profile is unknown, with the bundled ids
listed, and nothing about the file or the line to fix (``followup validate`` names both).
SPEC: bad input gets a specific error naming the file and line, exit 1 for profile problems.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.mark.xfail(strict=True, reason="engine bug: a profile whose file does not parse is reported as an unknown "
                                       "profile, without its file and line")
def test_a_profile_file_that_does_not_parse_is_named_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "reloaded.yaml").write_text("id: reloaded\nname: [unclosed\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "engine", "advise", "--interview", "2026-11-16T10:00", "--timezone",
         "America/New_York", "--industry", "reloaded", "--profiles", str(tmp_path), "--now", "2026-11-17T10:00"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert "Traceback" not in result.stderr
    assert "reloaded.yaml:3:1" in result.stderr and "Y101" in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
