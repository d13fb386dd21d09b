"""Rooms a reader can take in: no module of engine/ runs past 450 lines.

A module that grows past it is split along its seams (docs/architecture.md lists the
rooms), as the planner, the profile schema, the catalog and the text plan were.
"""

from __future__ import annotations

from pathlib import Path

import engine

ENGINE = Path(engine.__file__).resolve().parent
LIMIT = 450


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_of_the_engine_runs_past_450_lines() -> None:
    long = {str(path.relative_to(ENGINE.parent)): _lines(path)
            for path in sorted(ENGINE.rglob("*.py")) if _lines(path) > LIMIT}
    assert long == {}, "split these along their seams (docs/architecture.md, the rooms)"


def test_the_count_is_of_the_lines_a_reader_sees(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text('"""One line."""\n' + "x = 1\n" * (LIMIT - 1), encoding="utf-8")
    assert _lines(module) == LIMIT
    module.write_text(module.read_text(encoding="utf-8") + "y = 2", encoding="utf-8")
    assert _lines(module) == LIMIT + 1
