"""Source review as tests: no eval/exec/compile, YAML only through safe loaders, no unsafe
deserialisation, subprocesses only where reviewed and never through a shell."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "asl_lsp"
# The only reviewed subprocess: Graphviz ``dot`` for ``--engine dot`` (argument list, no shell).
SUBPROCESS_ALLOWED = {"graph/render.py"}
# The only reviewed unpickling: a worker's results, read back from a pipe that this process made and
# only its own forked child writes to (``asl lint``'s workers); nothing from a file or a socket.
PICKLE_ALLOWED = {"worker_pool.py"}
SAFE_YAML_LOADERS = {"SafeLoader", "CSafeLoader", "_Loader", "_PyLoader", "_BaseLoader"}


def modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        yield relative, ast.parse(path.read_text(encoding="utf-8"), str(path))


def calls(tree: ast.Module) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return dotted(node.value) + "." + node.attr
    return ""


def test_the_package_is_scanned() -> None:
    assert len(list(modules())) > 50


def test_no_eval_exec_or_compile_builtins() -> None:
    found = [
        f"{name}:{call.lineno} {dotted(call.func)}"
        for name, tree in modules()
        for call in calls(tree)
        if isinstance(call.func, ast.Name)
        and call.func.id in ("eval", "exec", "compile", "__import__")
    ]
    assert not found, found


def test_yaml_only_through_safe_loaders() -> None:
    problems = []
    for name, tree in modules():
        for call in calls(tree):
            func = dotted(call.func)
            if func in (
                "yaml.load",
                "yaml.load_all",
                "yaml.unsafe_load",
                "yaml.full_load",
                "yaml.unsafe_load_all",
                "yaml.full_load_all",
            ):
                problems.append(f"{name}:{call.lineno} {func}")
            if func in ("yaml.compose", "yaml.compose_all", "yaml.parse"):
                loader = next((k.value for k in call.keywords if k.arg == "Loader"), None)
                if loader is None or dotted(loader).split(".")[-1] not in SAFE_YAML_LOADERS:
                    problems.append(f"{name}:{call.lineno} {func} without a safe Loader")
    assert not problems, problems


def test_yaml_loader_classes_derive_from_safe_loaders() -> None:
    import yaml

    from asl_lsp.syntax import yaml_loader

    for value in vars(yaml_loader).values():
        if isinstance(value, type) and issubclass(value, yaml.loader.BaseLoader):
            safe = (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.BaseLoader)
            assert issubclass(value, safe), value
            assert not issubclass(value, (yaml.FullLoader, yaml.UnsafeLoader)), value


def test_no_unsafe_deserialisation() -> None:
    found = []
    for name, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names]
                module = getattr(node, "module", None) or ""
                unsafe = {"pickle", "marshal", "shelve", "dill"} & {*names, module}
                if unsafe and not (unsafe == {"pickle"} and name in PICKLE_ALLOWED):
                    found.append(f"{name}:{node.lineno}")
    assert not found, found


def test_subprocesses_only_where_reviewed_and_never_through_a_shell() -> None:
    found = []
    for name, tree in modules():
        for call in calls(tree):
            func = dotted(call.func)
            if func.startswith(("subprocess.", "os.system", "os.popen", "os.exec", "os.spawn")):
                if name not in SUBPROCESS_ALLOWED or func.startswith("os."):
                    found.append(f"{name}:{call.lineno} {func}")
                for keyword in call.keywords:
                    if keyword.arg == "shell" and not (
                        isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                    ):
                        found.append(f"{name}:{call.lineno} shell=")
    assert not found, found
