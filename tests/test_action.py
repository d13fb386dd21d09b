"""The shipped ``action.yml``, run step by step as GitHub's runner runs a composite action.

Each step's ``env`` is evaluated (``${{ inputs.NAME }}`` from the inputs or their
defaults; any other expression fails the test), its script is run by ``bash --noprofile
--norc -eo pipefail`` (the runner's command for ``shell: bash``) with
``GITHUB_ACTION_PATH`` and ``GITHUB_WORKSPACE`` set, in a scratch repository, and the
first failing step ends the run. The annotations printed are parsed back.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from third_party import unavailable

from engine.frontends.cli.init import starter_profile

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
ANNOTATION = re.compile(r"^::(error|warning) file=([^,]+),line=([0-9]+),col=([0-9]+),title=([A-Z][0-9]{3})::(.+)$")
BROKEN = """\
id: broken
name: Broken
extends: general
rules:
  - id: mondays
    when: {channel: call, weekdya: mon}
    then: {forbid: true}
    why: Mondays are for catching up on the week ahead.
    source: nowhere
"""


@dataclass
class Run:
    """What the job log shows: each step's output, and the exit status of the last step run."""

    steps: list[str]
    status: int
    output: str


def action() -> dict[str, Any]:
    with open(ACTION, encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


def evaluate(value: str, inputs: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        expression = match.group(1)
        name = expression.removeprefix("inputs.")
        assert name != expression and name in inputs, f"the test runner knows only inputs.*: {expression}"
        return inputs[name]

    return EXPRESSION.sub(one, value)


def run_action(workspace: Path, given: dict[str, str], path: str, pythonpath: str | None) -> Run:
    """Run every step as the runner would, with ``path`` as PATH; stop at the first failure."""
    declared = action()
    unknown = set(given) - set(declared["inputs"])
    assert not unknown, unknown
    inputs = {name: given.get(name, str(spec.get("default", ""))) for name, spec in declared["inputs"].items()}
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("PYTHONPATH", "FOLLOWUP_PROFILES_PATH", "FOLLOWUP_BACKEND")}
    environment.update(PATH=path, GITHUB_ACTION_PATH=str(ROOT), GITHUB_WORKSPACE=str(workspace), GITHUB_ACTIONS="true",
                       CI="true")
    if pythonpath:
        environment["PYTHONPATH"] = pythonpath
    names, output = [], ""
    status = 0
    for number, step in enumerate(declared["runs"]["steps"]):
        assert step["shell"] == "bash" and set(step) <= {"name", "shell", "env", "run"}, step
        assert not EXPRESSION.search(step["run"]), "inputs reach a script through its env, never pasted in"
        script = workspace.parent / f"step-{number}.sh"
        script.write_text(step["run"], encoding="utf-8")
        env = {**environment, **{key: evaluate(str(value), inputs) for key, value in step.get("env", {}).items()}}
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workspace, env=env,
                              capture_output=True, text=True, timeout=900, check=False)
        names.append(step["name"])
        output += done.stdout + done.stderr
        status = done.returncode
        if status != 0:
            break
    return Run(names, status, output)


def annotations(output: str) -> set[tuple[str, str, int, int, str]]:
    found = set()
    for line in output.splitlines():
        match = ANNOTATION.match(line)
        if match:
            severity, file, line_number, col, code, _ = match.groups()
            found.add((severity, file, int(line_number), int(col), code))
    return found


def reported(workspace: Path, *paths: str) -> set[tuple[str, str, int, int, str]]:
    """What ``followup validate --format json`` reports for the same files."""
    done = subprocess.run([sys.executable, "-m", "engine", "validate", *paths, "--format", "json"], cwd=workspace,
                          capture_output=True, text=True, timeout=300, check=False)
    return {(d["severity"], d["file"], d["line"], d["col"], d["code"]) for d in json.loads(done.stdout)["diagnostics"]}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A repository of profiles: a good one (the starter of `followup init`) and a broken one."""
    repository = tmp_path / "repository"
    (repository / "profiles").mkdir(parents=True)
    (repository / "profiles" / "clinic.yaml").write_text(starter_profile("clinic"), encoding="utf-8")
    (repository / "broken" / "profiles").mkdir(parents=True)
    (repository / "broken" / "profiles" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    subprocess.run(["git", "init", "--quiet", str(repository)], check=True)
    return repository


def _shared_path() -> str:
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


def test_the_action_declares_its_inputs_and_runs_composite() -> None:
    declared = action()
    assert declared["runs"]["using"] == "composite"
    assert set(declared["inputs"]) == {"paths", "profiles", "test", "strict", "examples", "install"}
    assert all(spec["description"] for spec in declared["inputs"].values())


def test_a_broken_profile_gets_annotations_and_fails_the_job(workspace: Path) -> None:
    run = run_action(workspace, {"paths": "profiles broken/profiles", "install": "false", "examples": "5"},
                     _shared_path(), str(ROOT))
    assert run.status == 1, run.output
    assert run.steps == ["Install followup-etiquette", "Validate profiles"]
    found = annotations(run.output)
    assert ("error", "broken/profiles/broken.yaml", 6, 27, "R301") in found, run.output
    assert found == reported(workspace, "profiles", "broken/profiles")


def test_good_profiles_validate_and_test(workspace: Path) -> None:
    shutil.rmtree(workspace / "broken")
    run = run_action(workspace, {"install": "false", "examples": "5"}, _shared_path(), str(ROOT))
    assert run.status == 0, run.output
    assert run.steps == ["Install followup-etiquette", "Validate profiles", "Test profiles"]
    assert "examples: 1/1 passed" in run.output
    assert not annotations(run.output)


def test_extra_profile_folders_are_in_sight(workspace: Path) -> None:
    shutil.rmtree(workspace / "broken")
    (workspace / "parents").mkdir()
    clinic = workspace / "profiles" / "clinic.yaml"
    (workspace / "parents" / "clinic.yaml").write_text(clinic.read_text(encoding="utf-8"), encoding="utf-8")
    clinic.unlink()
    (workspace / "profiles" / "dental.yaml").write_text(
        starter_profile("dental").replace("extends: general", "extends: clinic"), encoding="utf-8")
    alone = run_action(workspace, {"install": "false", "test": "false"}, _shared_path(), str(ROOT))
    assert alone.status == 1 and {a[4] for a in annotations(alone.output)} == {"I401"}, alone.output
    run = run_action(workspace, {"install": "false", "profiles": "parents", "examples": "5"}, _shared_path(), str(ROOT))
    assert run.status == 0, run.output


def _without_examples(workspace: Path) -> None:
    """The starter profile with its examples taken out: good, but untested."""
    shutil.rmtree(workspace / "broken")
    clinic = workspace / "profiles" / "clinic.yaml"
    text = clinic.read_text(encoding="utf-8")
    clinic.write_text(text[:text.index("\nexamples:")] + "\n", encoding="utf-8")


def test_strict_is_the_default_and_fails_a_profile_without_examples(workspace: Path) -> None:
    _without_examples(workspace)
    run = run_action(workspace, {"install": "false", "examples": "5"}, _shared_path(), str(ROOT))
    assert run.steps == ["Install followup-etiquette", "Validate profiles", "Test profiles"]
    assert run.status == 1, run.output
    assert "error: the profile has no examples" in run.output, run.output


def test_strict_false_lets_a_profile_without_examples_pass_with_a_warning(workspace: Path) -> None:
    _without_examples(workspace)
    run = run_action(workspace, {"install": "false", "examples": "5", "strict": "false"}, _shared_path(), str(ROOT))
    assert run.status == 0, run.output
    assert "warning: the profile has no examples" in run.output, run.output


@pytest.mark.parametrize("name", ["test", "strict", "install"])
def test_a_flag_that_is_not_true_or_false_is_an_error(workspace: Path, name: str) -> None:
    run = run_action(workspace, {"install": "false", name: "yes"}, _shared_path(), str(ROOT))
    assert run.status == 2
    assert f"::error title=followup-etiquette::input {name} must be true or false, not 'yes'" in run.output


@pytest.mark.slow
def test_the_action_installs_the_project_and_runs_it(workspace: Path, tmp_path: Path) -> None:
    """The install step as on a runner: pip installs the action's copy into the job's Python
    (a fresh virtual environment that sees this one's dependencies, so only the project
    itself is built), and the installed `followup` validates the scratch repository."""
    python = tmp_path / "job-python"
    venv.create(python, with_pip=True)
    site = next((python / "lib").glob("python*/site-packages"))
    shared = [path for path in sys.path if path.endswith("site-packages")]
    (site / "shared-dependencies.pth").write_text("\n".join(shared) + "\n", encoding="utf-8")
    path = os.pathsep.join([str(python / "bin"), "/usr/bin", "/bin"])
    run = run_action(workspace, {"paths": "profiles broken/profiles", "examples": "5"}, path, None)
    if run.status != 1 and "No matching distribution found for hatchling" in run.output:
        unavailable("no package index to fetch the build backend from")
    assert run.steps == ["Install followup-etiquette", "Validate profiles"], run.output
    assert annotations(run.output) == reported(workspace, "profiles", "broken/profiles"), run.output
    # Installed, not editable: a checkout's profiles/ beside the installed copy of them is "ok".
    checkout = subprocess.run([str(python / "bin" / "followup"), "validate", "profiles/"], cwd=ROOT, text=True,
                              capture_output=True, timeout=300, check=False,
                              env={key: value for key, value in os.environ.items() if key != "PYTHONPATH"})
    assert (checkout.returncode, checkout.stdout) == (0, f"{len(list((ROOT / 'profiles').glob('*.yaml')))} files ok\n"), \
        checkout.stdout + checkout.stderr
