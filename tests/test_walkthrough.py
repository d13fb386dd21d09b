"""The authoring guide's walk-through runs as written: each command of its steps, in a
fresh folder, with the profile of its step 1, does what the guide says it does."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

GUIDE = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8")
SECTION = GUIDE.split("## Walk-through: add an industry in one short file", 1)[1].split("\n## ", 1)[0]


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    words = shlex.split(command)
    assert words[0] == "followup"
    return subprocess.run([sys.executable, "-m", "engine", *words[1:]], capture_output=True, text=True, cwd=cwd,
                          timeout=900, check=False, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                                                         "FOLLOWUP_CACHE_DIR": "off", "TZ": "America/New_York"})


def test_the_walk_through_runs_as_written(tmp_path: Path) -> None:
    steps = dict(re.findall(r"^(\d)\. (.*?)(?=^\d\. |\Z)", SECTION, re.M | re.S))
    assert sorted(steps) == ["1", "2", "3", "4", "5"]
    commands = {number: re.findall(r"`(followup [^`]+)`", text) for number, text in steps.items()}

    [init] = commands["1"]
    assert _run(init, tmp_path).returncode == 0
    profile = re.search(r"```yaml\n(.*?)```", steps["1"], re.S)
    assert profile is not None
    target = re.search(r"make `([^`]+)` say", steps["1"])
    assert target is not None
    (tmp_path / target.group(1)).write_text(re.sub(r"^ {3}", "", profile.group(1), flags=re.M), encoding="utf-8")

    [validate] = commands["2"]
    result = _run(validate, tmp_path)
    assert (result.returncode, result.stdout) == (0, "1 file ok\n"), result.stdout + result.stderr
    [test] = commands["3"]
    result = _run(test, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "examples: 1/1 passed" in result.stdout
    [resolved] = commands["4"]
    result = _run(resolved, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("clinic: Small clinics\n")
    assert "  thank-you-deadline (clinic)\n" in result.stdout
    advise = commands["5"][0]
    result = _run(advise, tmp_path)
    assert result.returncode == 0, result.stderr
    # The guide's example: at 13:00 on the interview's day, the thank-you e-mail goes now.
    assert result.stdout.startswith("Now (Tue 17 Nov 13:00 Denver time"), result.stdout
    assert "send a thank-you e-mail" in result.stdout.splitlines()[0] + result.stdout.splitlines()[1]
