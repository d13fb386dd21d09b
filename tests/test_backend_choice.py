"""Which evaluator plans: durable-rules where it runs, else the built-in one, said and forceable.

These tests run on every Python. Where durable-rules cannot run, a broken build of it
is imitated by a stand-in ``durable_rules_engine`` module put first on the path of a
child process: the engine's own check must notice, choose the built-in evaluator and
say why, and refuse to be forced onto durable-rules there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from importlib.metadata import PackageNotFoundError, requires
from pathlib import Path

import pytest
from conftest import ROOT
from packaging.requirements import Requirement

import engine
from engine.evaluation.backends import BACKENDS, durable_problem
from engine.frontends.cli import ENV_BACKEND

SITUATION = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": "legal", "country": "US"}
NOW = "2026-11-21T10:00"
ADVISE = ["advise", "--interview", "2026-11-20T14:00", "--timezone", "America/New_York", "--industry", "legal",
          "--country", "US", "--now", NOW, "--format", "json"]


def followup(*args: str, env: dict[str, str] | None = None, path: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != ENV_BACKEND}
    environment.update(env or {})
    if path is not None:  # put a stand-in module before the installed packages
        environment["PYTHONPATH"] = os.pathsep.join([str(path), str(ROOT)])
    return subprocess.run([sys.executable, "-m", "engine", *args], capture_output=True, text=True, cwd=ROOT,
                          env=environment, timeout=300)


def plan_bytes(backend: str | None = None) -> str:
    return json.dumps(engine.advise(SITUATION, now=NOW, backend=backend).to_dict(), indent=2, ensure_ascii=False) + "\n"


def durable_requirement() -> Requirement:
    try:
        found = requires("followup-etiquette") or []
    except PackageNotFoundError:  # pragma: no cover - the suite runs on an installed copy
        pytest.skip("followup-etiquette is not installed")
    return next(Requirement(line) for line in found if Requirement(line).name.replace("_", "-") == "durable-rules")


# --- the automatic choice ----------------------------------------------------------------


def test_durable_rules_plans_wherever_it_is_a_dependency() -> None:
    """Where the package installs durable-rules (3.10-3.12), it must run: no silent fallback there."""
    requirement = durable_requirement()
    wanted = requirement.marker is None or requirement.marker.evaluate()
    if wanted:
        assert durable_problem() is None
        assert engine.backend_name() == "durable"
    else:
        assert requirement.marker is not None and "python_version" in str(requirement.marker)
        assert engine.backend_name() == ("durable" if durable_problem() is None else "python")


def test_the_choice_is_public_and_one_of_the_backends() -> None:
    assert {"backend_name", "BackendUnavailable"} <= set(engine.__all__)
    assert engine.backend_name() in BACKENDS
    assert issubclass(engine.BackendUnavailable, engine.FollowupError)


def test_forcing_either_available_backend_gives_the_bytes_of_the_default() -> None:
    default = plan_bytes()
    assert plan_bytes("python") == default
    if durable_problem() is None:
        assert plan_bytes("durable") == default


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(engine.FollowupError, match="backend: unknown evaluator 'drools'; one of durable, python"):
        engine.advise(SITUATION, now=NOW, backend="drools")


def test_the_check_is_made_once_per_process() -> None:
    assert durable_problem() is durable_problem()
    assert engine.backend_name() == engine.backend_name()


# --- the command line --------------------------------------------------------------------


def test_version_says_which_evaluator_plans_and_on_which_python() -> None:
    result = followup("--version")
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    assert first == f"followup, version {engine.__version__}"
    version = ".".join(map(str, sys.version_info[:3]))
    if engine.backend_name() == "durable":
        assert second == f"evaluator: durable (durable-rules 2.0.28; the default here) on CPython {version}"
    else:
        assert second.startswith(f"evaluator: python (built in; the default here) on CPython {version}; "
                                 "durable-rules cannot run here: ")


def test_the_environment_forces_the_built_in_evaluator() -> None:
    version = followup("--version", env={ENV_BACKEND: "python"})
    assert version.returncode == 0
    assert version.stdout.splitlines()[1].startswith("evaluator: python (built in; forced by FOLLOWUP_BACKEND) on ")
    forced = followup(*ADVISE, env={ENV_BACKEND: "python"})
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout == plan_bytes()
    assert followup(*ADVISE, "--backend", "python").stdout == forced.stdout


@pytest.mark.parametrize("args", [ADVISE, ["--version"], ["test", "profiles/general.yaml", "--examples", "1"]],
                         ids=["advise", "version", "test"])
def test_an_unknown_evaluator_in_the_environment_is_one_line_and_exit_2(args: list[str]) -> None:
    result = followup(*args, env={ENV_BACKEND: "drools"})
    assert result.returncode == 2
    assert result.stderr == "followup: error: FOLLOWUP_BACKEND: unknown evaluator 'drools'; one of durable, python\n"


def test_an_empty_environment_variable_is_the_automatic_choice() -> None:
    result = followup(*ADVISE, env={ENV_BACKEND: ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout == plan_bytes()


# --- where durable-rules cannot run ------------------------------------------------------

# Stand-ins for builds of durable-rules' C module that cannot plan, each as the engine meets it.
BROKEN = {
    # What Python 3.13 and later see: the package does not install it there.
    "not-installed": """
        raise ModuleNotFoundError("No module named 'durable_rules_engine'", name="durable_rules_engine")
    """,
    # Python 3.13 removed PyEval_CallObject: the module builds, then fails to load.
    "does-not-load": """
        raise ImportError("durable_rules_engine.so: undefined symbol: PyEval_CallObject")
    """,
    "fails-on-rules": """
        class error(Exception):
            pass

        def create_ruleset(name, definition):
            raise error("Could not create ruleset, error code: 101")
    """,
    "fires-nothing": """
        class error(Exception):
            pass

        def create_ruleset(name, definition):
            return 1

        def assert_facts(handle, payload):
            return 0, 1

        def start_action_for_state(handle, state):
            return None

        def retract_facts(handle, payload):
            return 0
    """,
}
WHY = {
    "not-installed": "it is not installed for Python {v}",
    "does-not-load": "its C module does not load on Python {v} (durable_rules_engine.so: undefined symbol: "
                     "PyEval_CallObject)",
    "fails-on-rules": "it fails on a test rule set on Python {v} (RuleEngineError: durable-rules cannot build the "
                      "rules of this profile: Could not create ruleset, error code: 101)",
    "fires-nothing": "it answers a test rule set wrongly on Python {v}",
}


@pytest.fixture(params=sorted(BROKEN))
def broken(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    (tmp_path / "durable_rules_engine.py").write_text(textwrap.dedent(BROKEN[request.param]), encoding="utf-8")
    return tmp_path, WHY[request.param].format(v=".".join(map(str, sys.version_info[:3])))


def test_a_broken_durable_rules_is_noticed_and_the_built_in_evaluator_plans(broken: tuple[Path, str]) -> None:
    path, why = broken
    script = textwrap.dedent(f"""
        import json, engine
        from engine.evaluation.backends import durable_problem
        plan = engine.advise({SITUATION!r}, now={NOW!r})
        try:
            engine.advise({SITUATION!r}, now={NOW!r}, backend="durable")
        except engine.BackendUnavailable as error:
            refused = str(error)
        print(json.dumps([engine.backend_name(), durable_problem(), refused,
                          json.dumps(plan.to_dict(), indent=2, ensure_ascii=False) + "\\n"]))
    """)
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(path), str(ROOT)])}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                            env=environment, timeout=300)
    assert result.returncode == 0, result.stderr
    name, problem, refused, plan = json.loads(result.stdout)
    assert name == "python"
    assert problem == why
    assert refused == f"durable-rules cannot run here: {why}; the built-in evaluator (backend 'python') gives the same plans"
    assert plan == plan_bytes()


def test_the_command_line_says_so_and_refuses_to_be_forced(broken: tuple[Path, str]) -> None:
    path, why = broken
    version = followup("--version", path=path)
    assert version.returncode == 0, version.stderr
    assert version.stdout.splitlines()[1].endswith(f"; durable-rules cannot run here: {why}")
    assert version.stdout.splitlines()[1].startswith("evaluator: python (built in; the default here) on ")
    planned = followup(*ADVISE, path=path)
    assert planned.returncode == 0, planned.stderr
    assert planned.stdout == plan_bytes()
    for forced in (followup(*ADVISE, env={ENV_BACKEND: "durable"}, path=path),
                   followup(*ADVISE, "--backend", "durable", path=path)):
        origin = "--backend" if "--backend" in forced.args else ENV_BACKEND
        assert forced.returncode == 2
        assert forced.stdout == ""
        assert forced.stderr == (f"followup: error: {origin}: durable-rules cannot run here: {why}; "
                                 "use python, the built-in evaluator (it gives the same plans)\n")


def test_the_readme_shows_what_version_prints_where_durable_rules_is_not_installed(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ followup --version\n", 1)[1].split("```", 1)[0].splitlines()
    (tmp_path / "durable_rules_engine.py").write_text(textwrap.dedent(BROKEN["not-installed"]), encoding="utf-8")
    result = followup("--version", path=tmp_path)
    version = ".".join(map(str, sys.version_info[:3]))
    assert result.stdout.splitlines() == [line.replace("3.13.0", version) for line in shown]
