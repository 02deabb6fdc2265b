"""The package imports cleanly and its modules form no import cycle, counting imports inside
functions (they only defer a cycle to run time) but not imports made only for type checking."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "asl_lsp"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, package: str) -> list[tuple[str, int]]:
    """(imported module, line) for every import not guarded by ``if TYPE_CHECKING``."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append((sub if sub in MODULES else base, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = {
            target for target, _ in _imports(tree, package) if target in MODULES and target != name
        }
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that starts and ends at the same module, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


# ``asl_lsp.__main__`` runs the command line when imported: it is in the graph, not imported here.
@pytest.mark.parametrize("name", sorted(set(MODULES) - {"asl_lsp.__main__"}))
def test_every_module_imports(name: str) -> None:
    assert importlib.import_module(name).__name__ == name


def test_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_lsp_does_not_import_the_cli_packages() -> None:
    graph = import_graph()
    lsp = {m for m in graph if m.startswith("asl_lsp.lsp")}
    cli = ("asl_lsp.cli", "asl_lsp.report")
    wrong = sorted((m, t) for m in lsp for t in graph[m] if t.startswith(cli))
    assert not wrong, f"the language server imports the command line: {wrong}"


def test_one_cli_module_per_subcommand() -> None:
    from asl_lsp.cli import SUBCOMMANDS

    assert {name: module for name, (module, _) in SUBCOMMANDS.items()} == {
        name: f"asl_lsp.cli.{name}" for name in SUBCOMMANDS
    }


def test_every_import_inside_a_function_says_why() -> None:
    """Imports inside functions are for start-up time only, and each one says what it defers."""
    silent: list[str] = []
    for name, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").split("\n")
        tree = ast.parse("\n".join(lines))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if not isinstance(node, (ast.Import, ast.ImportFrom)):
                    continue
                above = lines[node.lineno - 2].strip()
                if "#" in lines[node.lineno - 1] or above.startswith("#"):
                    continue
                if above.startswith(("import ", "from ")):
                    continue  # a group of imports under one comment
                silent.append(f"{name}:{node.lineno}")
    assert not silent, f"imports inside functions without a reason: {sorted(set(silent))}"
