"""Which room of ``engine`` may import which: the layers, and the imports that break them.

The rooms are stacked (:data:`LAYERS`, top first); a module may import its own layer and
those below it, never one above. Every import counts, wherever it is written: at the top
of a module, inside a function (imported when called) or under ``TYPE_CHECKING`` (type
hints only), since each ties the lower room to the upper one all the same. A few pairs
are kept apart although their layers would allow it (:data:`FORBIDDEN`), and the
``testing`` room is used only by ``followup test`` (:data:`ONLY_FROM`). Within a layer,
no two modules import each other, directly or round a circle (:func:`cycles`), but a
package's ``__init__`` and its own submodules.
``tests/test_layers.py`` runs :func:`violations` in the suite, and docs/architecture.md
states the layers as :func:`layers_text` writes them.

``python -m engine.tools.layers`` prints the layers and any import that breaks them
(exit 1 if one does); ``--graph`` prints every import between the rooms instead.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["EXCEPTIONS", "FORBIDDEN", "LAYERS", "ONLY_FROM", "Import", "cycles", "imports",
           "layer_of", "layers_text", "stale_exceptions", "violations"]

PACKAGE = "engine"
ROOT = Path(__file__).resolve().parents[1]  # the engine package's folder

# Top first. "engine" is the package's front door (engine/__init__.py) alone.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("engine", "engine.__main__", "engine.tools"),
    ("engine.frontends", "engine.scale"),
    ("engine.testing",),
    ("engine.api",),
    ("engine.report",),
    ("engine.evaluation",),
    ("engine.plan",),
    ("engine.language", "engine.situation"),
    ("engine.caches", "engine.countries", "engine.errors", "engine.moments", "engine.operators",
     "engine.placeholders", "engine.resources", "engine.situation_fields", "engine.spellings",
     "engine.vocabulary", "engine.zones"),
)

# (importer, imported, why): rooms kept apart although their layers would allow the import.
FORBIDDEN: tuple[tuple[str, str, str], ...] = (
    ("engine.frontends.serve", "engine.frontends.cli",
     "the server and the command line share the API and the report, not each other"),
    ("engine.testing.invariants", "engine.report",
     "the checker of a plan's invariants reads the plan, not the code that words it"),
    ("engine.testing.calendar", "engine.report",
     "the independent calendar shares nothing with what it checks"),
)

# A room that only the listed rooms (and itself) may import.
ONLY_FROM: dict[str, tuple[str, ...]] = {
    "engine.testing": ("engine.frontends.cli.test",),
}

# (importer, imported, why): imports that break the layers today, each with its way out.
# An entry that no longer matches an import is reported by stale_exceptions().
EXCEPTIONS: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Import:
    """One import of a module of the package by another: where it is written, and what it names."""

    importer: str
    imported: str
    file: Path
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.importer} imports {self.imported}"


def _within(module: str, room: str) -> bool:
    if room == PACKAGE:
        return module == PACKAGE
    return module == room or module.startswith(room + ".")


def layer_of(module: str) -> int:
    """The index in :data:`LAYERS` (0 at the top) of the room that holds ``module``."""
    best: tuple[int, int] | None = None  # (length of the room's name, layer)
    for index, rooms in enumerate(LAYERS):
        for room in rooms:
            if _within(module, room) and (best is None or len(room) > best[0]):
                best = (len(room), index)
    if best is None:
        raise ValueError(f"{module}: in no layer of engine.tools.layers.LAYERS; add it to one")
    return best[1]


def _modules(root: Path) -> dict[str, Path]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = [PACKAGE, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(root: Path = ROOT) -> Iterator[Import]:
    """Every import of one module of the package (whose folder is ``root``) by another."""
    modules = _modules(root)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    source = node.module or ""
                named = (f"{source}.{alias.name}" for alias in node.names)
                targets = [dotted if dotted in modules else source for dotted in named]
            for target in dict.fromkeys(targets):
                # "import engine.x.y" names engine.x.y; a name not a module stands for its package.
                while target not in modules and "." in target:
                    target = target.rpartition(".")[0]
                if target in modules and target != name:
                    yield Import(name, target, path, node.lineno)


Exceptions = tuple[tuple[str, str, str], ...]


def violations(root: Path = ROOT, exceptions: Exceptions = EXCEPTIONS) -> list[str]:
    """Each import that breaks :data:`LAYERS`, :data:`FORBIDDEN` or :data:`ONLY_FROM`, with why
    (but those ``exceptions`` list)."""
    excused = {(importer, imported) for importer, imported, _ in exceptions}
    found = []
    for item in imports(root):
        if (item.importer, item.imported) in excused:
            continue
        if layer_of(item.imported) < layer_of(item.importer):  # index 0 is the top
            rooms = f"{_room(item.imported)} over {_room(item.importer)}"
            found.append(f"{item}: a layer above its own ({rooms})")
        for importer, imported, why in FORBIDDEN:
            if _within(item.importer, importer) and _within(item.imported, imported):
                found.append(f"{item}: {why}")
        for room, allowed in ONLY_FROM.items():
            if (_within(item.imported, room) and not _within(item.importer, room)
                    and not any(_within(item.importer, other) for other in allowed)):
                found.append(f"{item}: only {', '.join(allowed)} may import {room}")
    return found


def cycles(root: Path = ROOT) -> list[list[str]]:
    """The circles of imports among the modules (each sorted), but a package with its submodules."""
    graph: dict[str, set[str]] = {}
    for item in imports(root):
        graph.setdefault(item.importer, set()).add(item.imported)
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        order[module] = low[module] = len(order)
        stack.append(module)
        for other in graph.get(module, ()):
            if other not in order:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            circle = []
            while True:
                other = stack.pop()
                circle.append(other)
                if other == module:
                    break
            package = min(circle, key=len)
            if len(circle) > 1 and not all(_within(other, package) for other in circle):
                found.append(sorted(circle))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return sorted(found)


def stale_exceptions(root: Path = ROOT, exceptions: Exceptions = EXCEPTIONS) -> list[str]:
    """The entries of ``exceptions`` (:data:`EXCEPTIONS`) that no import needs any more."""
    seen = {(item.importer, item.imported) for item in imports(root)}
    return [f"{importer} -> {imported}" for importer, imported, _ in exceptions
            if (importer, imported) not in seen]


def _room(module: str) -> str:
    rooms = [room for room in LAYERS[layer_of(module)] if _within(module, room)]
    return max(rooms, key=len)


def layers_text() -> str:
    """The layers as docs/architecture.md states them, top first, one line each."""
    def shown(room: str) -> str:
        return "engine (__init__)" if room == PACKAGE else room.removeprefix(PACKAGE + ".")

    return "\n".join(" | ".join(shown(room) for room in rooms) for rooms in LAYERS)


def main(argv: Sequence[str]) -> int:
    if "--graph" in argv:
        edges = sorted({(_room(item.importer), _room(item.imported)) for item in imports()})
        print("\n".join(f"{importer} -> {imported}" for importer, imported in edges
                        if importer != imported))
        return 0
    print(layers_text())
    problems = (violations() + [f"a circle: {' -> '.join(circle)}" for circle in cycles()]
                + [f"no longer needed: {entry}" for entry in stale_exceptions()])
    if problems:
        print("", *problems, sep="\n")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
