"""Imports go one way: the layers of docs/architecture.md, checked over every module's imports.

The contract is engine/tools/layers.py's; these tests run it on the package, check that it
finds what it must find (an upward import at the top of a module, in a function, under
``TYPE_CHECKING``; the server importing the command line; ``testing`` used elsewhere), and
that the architecture document states the layers the check enforces.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine.tools import layers

DOC = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"


def test_every_import_of_the_package_goes_down_its_layers() -> None:
    assert layers.violations() == []


def test_no_modules_import_each_other_round_a_circle() -> None:
    assert layers.cycles() == []


def test_a_circle_within_a_layer_is_found(tmp_path: Path) -> None:
    root = _package(tmp_path / "engine", {
        "evaluation/evaluate.py": "from typing import TYPE_CHECKING\n"
                                  "if TYPE_CHECKING:\n    from .planner import Step\n",
        "evaluation/planner.py": "from .facts import Grid\n",
        "evaluation/facts.py": "from .evaluate import Outcome\n",
        "evaluation/backends/durable.py": "from . import Backend\n",
        "evaluation/backends/__init__.py": "from .durable import DurableBackend\n",
    })
    assert layers.cycles(root) == [["engine.evaluation.evaluate", "engine.evaluation.facts",
                                    "engine.evaluation.planner"]]


def test_every_exception_is_still_needed() -> None:
    assert layers.stale_exceptions() == [], "remove these from engine/tools/layers.py EXCEPTIONS"


def test_every_module_is_in_a_layer() -> None:
    for item in layers.imports():
        layers.layer_of(item.importer)
        layers.layer_of(item.imported)


def test_the_architecture_document_states_the_layers_the_check_enforces() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert layers.layers_text() in text, "docs/architecture.md: paste the layers engine.tools.layers prints"


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in [root, *{path.parent for path in root.rglob("*.py")}]:
        (folder / "__init__.py").touch()
    return root


def test_an_upward_import_is_found_wherever_it_is_written(tmp_path: Path) -> None:
    root = _package(tmp_path / "engine", {
        "plan.py": "from typing import TYPE_CHECKING\n"
                   "if TYPE_CHECKING:\n    from .evaluation.evaluate import Outcome\n"
                   "def to_dict():\n    from .report.json import plan_dict\n    return plan_dict\n",
        "evaluation/evaluate.py": "from ..plan import Step\n",
        "report/json.py": "from ..plan import Step\nimport engine.api\n",
        "api.py": "",
    })
    found = layers.violations(root)
    assert found == [
        f"{root / 'plan.py'}:3: engine.plan imports engine.evaluation.evaluate: a layer above its own "
        "(engine.evaluation over engine.plan)",
        f"{root / 'plan.py'}:5: engine.plan imports engine.report.json: a layer above its own "
        "(engine.report over engine.plan)",
        f"{root / 'report' / 'json.py'}:2: engine.report.json imports engine.api: a layer above its own "
        "(engine.api over engine.report)",
    ]


def test_rooms_kept_apart_and_a_room_for_one_user_are_enforced(tmp_path: Path) -> None:
    root = _package(tmp_path / "engine", {
        "frontends/serve/app.py": "from ..cli.profiles import rows\n",
        "frontends/cli/profiles.py": "rows = []\n",
        "frontends/cli/test.py": "from ...testing import runner\n",
        "frontends/cli/advise.py": "from ...testing.invariants import violations\n",
        "testing/runner.py": "",
        "testing/invariants.py": "from ..report.words import MONTHS\n",
        "report/words.py": "",
    })
    found = layers.violations(root)
    assert [line.split(": ", 1)[1] for line in found] == [
        "engine.frontends.cli.advise imports engine.testing.invariants: "
        "only engine.frontends.cli.test may import engine.testing",
        "engine.frontends.serve.app imports engine.frontends.cli.profiles: "
        "the server and the command line share the API and the report, not each other",
        "engine.testing.invariants imports engine.report.words: "
        "the checker of a plan's invariants reads the plan, not the code that words it",
    ]


def test_an_exception_excuses_its_import_and_one_that_no_import_needs_is_reported(tmp_path: Path) -> None:
    root = _package(tmp_path / "engine", {"plan.py": "from .evaluation.facts import Grid\n",
                                          "evaluation/facts.py": "", "language/examples.py": ""})
    exceptions = (("engine.plan", "engine.evaluation.facts", "type hints, for a while"),
                  ("engine.language.examples", "engine.evaluation.facts", "no longer"))
    assert len(layers.violations(root)) == 1
    assert layers.violations(root, exceptions) == []
    assert layers.stale_exceptions(root, exceptions) == [
        "engine.language.examples -> engine.evaluation.facts"]


def test_a_step_gives_its_trace_under_the_former_names_with_a_warning() -> None:
    situation = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "purpose": "status"}
    plan = engine.advise(situation, now="2026-11-21T10:00")
    step = plan.steps[0]
    moment = step.best[0].start.timestamp()
    moved = r"Step\.considered is deprecated: use Step\.trace\.considered"
    with pytest.warns(DeprecationWarning, match=moved):
        assert list(step.considered) == list(step.trace.considered)
    with pytest.warns(DeprecationWarning, match=r"Step\.outcome_at"):
        assert step.outcome_at(moment) is step.trace.outcome_at(moment) is not None
    with pytest.warns(DeprecationWarning, match=r"Step\.outcomes"):
        assert step.outcomes == step.trace.outcomes
