"""The README shows what the code does: its example plan, and its example profile passes its test."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _followup(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)


def test_the_readme_example_plan_is_what_followup_advise_prints() -> None:
    block = re.search(r"```console\n\$ (followup advise [^\n]+)\n(.*?)```", README, re.S)
    assert block, "the README's console example"
    command, shown = block.group(1), block.group(2)
    result = _followup(*command.split()[1:])
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()
    lines = [line for line in shown.splitlines() if line.strip() != "..."]
    assert lines[0] == printed[0]
    position = 0
    for line in lines[1:]:  # the shown lines appear, in order, among the printed ones
        assert line in printed[position:], line
        position = printed.index(line, position) + 1


def test_the_readme_example_profile_validates_and_passes_a_strict_test(tmp_path: Path) -> None:
    block = re.search(r"<!-- readme-profile -->\n```yaml\n(.*?)```", README, re.S)
    assert block, "the README's example profile"
    folder = tmp_path / "my-profiles"
    assert _followup("init", str(folder)).returncode == 0  # as the README says to start
    target = folder / "publishing.yaml"
    target.write_text(block.group(1), encoding="utf-8")
    modeline = block.group(1).splitlines()[0].removeprefix("# yaml-language-server: $schema=")
    assert (folder / modeline).read_bytes() == (ROOT / "schemas" / "profile.schema.json").read_bytes()
    validated = _followup("validate", str(target))
    assert validated.returncode == 0, validated.stdout + validated.stderr
    tested = _followup("test", str(target), "--examples", "30", "--strict")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "rule coverage: 1/1 (100%)" in tested.stdout


@pytest.mark.parametrize("marker", ["readme-drafts", "readme-agenda", "readme-german", "readme-japanese"])
def test_the_readme_drafts_and_agenda_are_what_followup_prints(marker: str) -> None:
    block = re.search(rf"<!-- {marker} -->\n```console\n\$ ([^\n]+)\n(.*?)```", README, re.S)
    assert block, marker
    command, shown = block.group(1), block.group(2)
    result = _followup(*shlex.split(command)[1:])
    assert result.returncode in (0, 2), result.stderr
    printed = result.stdout.splitlines()
    position = 0
    for line in (line for line in shown.splitlines() if line.strip() != "..."):
        assert line in printed[position:], line
        position = printed.index(line, position) + 1
