"""The layout keeps its promises: no import cycle, imports flow one way, modules stay small.

Imports are read from the source with `ast`, those inside functions included (they run at the
first call, so they are real dependencies); a package's implicit import of its parent is not an
edge.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "newsdoc"
MAX_LINES = 450


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(name: str, path: Path) -> Iterator[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                child = f"{module}.{alias.name}"
                yield child if child in MODULES else module


def _edges() -> dict[str, set[str]]:
    return {
        name: {m for m in _imported(name, path) if m in MODULES and m != name}
        for name, path in MODULES.items()
    }


EDGES = _edges()


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(EDGES[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(EDGES):
        if node not in index:
            visit(node)
    return found


def _layer(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_no_import_cycle() -> None:
    """No set of modules imports itself round, in-function imports counted."""
    assert _cycles() == []


# What each layer must never import (a layer is a module or package and everything below it).
FORBIDDEN = {
    ("newsdoc.common",): (
        "newsdoc.model",
        "newsdoc.parsers",
        "newsdoc.serializers",
        "newsdoc.api",
        "newsdoc.options",
        "newsdoc.batch",
        "newsdoc.io",
        "newsdoc.cli",
        "newsdoc.display",
        "newsdoc.dask",
    ),
    ("newsdoc.model",): (
        "newsdoc.parsers",
        "newsdoc.serializers",
        "newsdoc.api",
        "newsdoc.batch",
        "newsdoc.io",
        "newsdoc.cli",
        "newsdoc.display",
        "newsdoc.dask",
    ),
    ("newsdoc.parsers",): (
        "newsdoc.serializers",
        "newsdoc.api",
        "newsdoc.batch",
        "newsdoc.io",
        "newsdoc.cli",
        "newsdoc.display",
        "newsdoc.dask",
    ),
    ("newsdoc.serializers",): (
        "newsdoc.parsers",
        "newsdoc.api",
        "newsdoc.batch",
        "newsdoc.io",
        "newsdoc.cli",
        "newsdoc.display",
        "newsdoc.dask",
    ),
    ("newsdoc.errors", "newsdoc.limits"): (
        "newsdoc.model",
        "newsdoc.parsers",
        "newsdoc.serializers",
        "newsdoc.api",
        "newsdoc.batch",
        "newsdoc.io",
        "newsdoc.cli",
        "newsdoc.display",
        "newsdoc.dask",
    ),
    ("newsdoc.batch", "newsdoc.io"): ("newsdoc.cli", "newsdoc.display", "newsdoc.dask"),
    ("newsdoc.display",): ("newsdoc.cli", "newsdoc.dask"),
}
RULES = [(layer, banned) for layers, banned in FORBIDDEN.items() for layer in layers]


@pytest.mark.parametrize(("layer", "banned"), RULES, ids=[layer for layer, _ in RULES])
def test_layer_imports_nothing_above_it(layer: str, banned: tuple[str, ...]) -> None:
    """A lower layer imports no higher one (parsers and serializers not each other)."""
    wrong = sorted(
        f"{name} -> {other}"
        for name, others in EDGES.items()
        if _layer(name, layer)
        for other in others
        if _layer(other, *banned)
    )
    assert wrong == []


def test_modules_stay_small() -> None:
    """No module is longer than MAX_LINES lines."""
    long = {
        name: n
        for name, path in MODULES.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_checker_sees_cycles_and_in_function_imports() -> None:
    """The graph holds the in-function import that attaches the notebook reprs."""
    assert "newsdoc.display.card" in EDGES["newsdoc"]
