"""The shape of the code, read with `ast` (no build): small modules, imports that run one way, no cycles.

The layer order is the build's order (docs/architecture.md):
serve < problems < load < check < wall < pages < outputs < search < kinds < pipeline, scaffold < review,
and the MkDocs plugins and build.py above all. A module may import its own layer or lower ones only.
"""

from __future__ import annotations

import ast
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 500

# Lower first; modules on one rank may import each other.
LAYERS: list[tuple[str, ...]] = [
    ("plugins.core.serve",),
    ("plugins.core.problems",),
    ("plugins.core.load",),
    ("plugins.core.check",),
    ("plugins.core.wall",),
    ("plugins.core.pages",),
    ("plugins.core.outputs",),
    ("plugins.core.search",),
    ("plugins.core.sources",),
    ("plugins.core.kinds",),
    ("plugins.core.pipeline", "plugins.core.scaffold", "plugins.core.intake"),
    ("plugins.core.review",),
    ("plugins.catalog", "plugins.search", "plugins.exports", "plugins.cli", "build"),
]

def _product_files() -> list[Path]:
    files = sorted((ROOT / "plugins").rglob("*.py"))
    return files + [ROOT / "build.py"]


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


MODULES = {_module_name(p): p for p in _product_files()}


def _resolve(importer: str, is_pkg: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not is_pkg:
        base = base[:-1]
    if node.level > 1:
        base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _targets(name: str) -> list[str]:
    """The project modules an imported dotted name stands for (the longest known prefix)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return [name] if name else []


def _is_type_checking(node: ast.AST) -> bool:
    """``if TYPE_CHECKING:`` (or ``typing.TYPE_CHECKING``): what it imports is read by type checkers only."""
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(path: Path) -> list[tuple[int, str, bool]]:
    """(line, project module, inside a function) for every project import in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    importer = _module_name(path)
    found: list[tuple[int, str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if _is_type_checking(child):
                continue  # annotations only (``if TYPE_CHECKING:``): no import at run time, so no layer is crossed
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    for target in _targets(alias.name):
                        found.append((child.lineno, target, in_function))
            elif isinstance(child, ast.ImportFrom):
                base = _resolve(importer, _is_package(path), child)
                for alias in child.names:
                    for target in _targets(f"{base}.{alias.name}") or _targets(base):
                        found.append((child.lineno, target, in_function))
            visit(child, nested)

    visit(tree, False)
    return [item for item in found if item[1] != importer]


def _layer(module: str) -> int:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    return -1  # plugins/__init__, plugins/core/__init__: no layer, imports nothing


def _graph() -> dict[str, set[str]]:
    return {name: {t for _, t, _ in _imports(path)} for name, path in MODULES.items()}


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_module_over_500_lines():
    long = []
    for path in _product_files():
        rel = _rel(path)
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            long.append(f"{rel}: {lines} lines")
    assert not long, "modules over 500 lines:\n" + "\n".join(long)


def _upward() -> list[tuple[str, str, str]]:
    found = []
    for name, path in MODULES.items():
        rank = _layer(name)
        for line, target, _ in _imports(path):
            if _layer(target) > rank:
                found.append((name, target, f"{_rel(path)}:{line} imports {target}"))
    return sorted(found)


def test_every_import_points_downwards():
    upward = [where for _, _, where in _upward()]
    assert not upward, "imports from a higher layer:\n" + "\n".join(upward)


def _in_functions() -> list[tuple[str, str]]:
    return sorted(
        (name, f"{_rel(path)}:{line} imports {target}")
        for name, path in MODULES.items() for line, target, in_function in _imports(path) if in_function
    )


def test_no_project_import_inside_a_function():
    hidden = [where for _, where in _in_functions()]
    assert not hidden, "project imports inside functions:\n" + "\n".join(hidden)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative enough for ~100 nodes)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
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

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_no_import_cycle():
    cycles = _cycles(_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in cycles)


def test_the_checker_sees_imports():
    """The rules above are only worth something if the parser finds the imports it should."""
    graph = _graph()
    assert "plugins.core.load.loader" in graph["plugins.core.pipeline"]
    assert _layer("plugins.core.wall.public") > _layer("plugins.core.problems.diagnostics")
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
