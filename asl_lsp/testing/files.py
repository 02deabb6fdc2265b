"""The test-file format: ``*.asl-test.yaml`` / ``*.asl-test.json`` beside the definitions.

A file names its definition (relative to the file), optional handlers and a MockConfigFile, and
its ``cases``. The shape is checked against ``schemas/asl-test.schema.json`` (the same schema
editors use for completion), so every error a user can make is reported before anything runs.
"""

from __future__ import annotations

import json
import pkgutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from asl_lsp.expr.errors import JsonValue

TEST_SUFFIXES = (".asl-test.yaml", ".asl-test.yml", ".asl-test.json")
_SKIPPED_FOLDERS = frozenset({"venv", "node_modules", "__pycache__"})  # and every .hidden one
_MAX_BYTES = 16 * 1024 * 1024
# libyaml's parser where PyYAML has it, with the constructor and resolver of yaml.safe_load: the
# pure-Python parser took half the time of a run of a 100-case file.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


class TestFileError(Exception):
    """A test file cannot be used; the message is one line, fit for ``path: message``."""

    __test__ = False  # not a pytest test class despite its name


@dataclass(frozen=True)
class Expectations:
    """What a case checks; a field left out is not checked."""

    status: str | None = None
    output: tuple[JsonValue] | None = None  # a 1-tuple, so that ``output: null`` can be expected
    output_contains: tuple[JsonValue] | None = None
    error: str | None = None
    cause: str | None = None
    path: tuple[str, ...] | None = None
    path_in_order: bool = False
    variables: dict[str, JsonValue] | None = None


@dataclass(frozen=True)
class TestCase:
    __test__ = False

    name: str
    input: JsonValue
    mocks: dict[str, Any]
    mock_test_case: str | None
    expect: Expectations
    index: int


@dataclass(frozen=True)
class TestFile:
    """One loaded test file; paths are resolved against the file's folder."""

    __test__ = False

    path: Path
    definition: Path
    state_machine: str | None
    functions: str | None
    tasks: str | None
    mock_file: Path | None
    mock_test_case: str | None
    clock: str
    cases: tuple[TestCase, ...] = field(default_factory=tuple)

    @property
    def folder(self) -> Path:
        return self.path.parent


def is_test_file(path: str | Path) -> bool:
    return str(path).lower().endswith(TEST_SUFFIXES)


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Test files named or found under the given folders, in a stable order.

    A named file is taken whatever its name; folders are searched for ``*.asl-test.*`` files,
    skipping virtual environments and VCS folders. A missing path raises :class:`TestFileError`.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from sorted(_walk(path))
        else:
            raise TestFileError(f"{raw}: no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    for child in folder.iterdir():
        if child.is_dir():
            if child.name not in _SKIPPED_FOLDERS and not child.name.startswith("."):
                yield from _walk(child)
        elif is_test_file(child.name):
            yield child


@lru_cache(maxsize=1)
def schema_for_test_files() -> dict[str, Any]:
    """The JSON Schema of test files, as shipped in the package."""
    data = pkgutil.get_data("asl_lsp", "schemas/asl-test.schema.json")
    if data is None:  # pragma: no cover - a broken installation
        raise FileNotFoundError("asl_lsp/schemas/asl-test.schema.json")
    schema: dict[str, Any] = json.loads(data)
    return schema


def parse_test_text(text: str, path: Path) -> Any:
    """The file's data: JSON for ``.json``, safe YAML otherwise."""
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return _safe_yaml_data(text)
    except json.JSONDecodeError as exc:
        raise TestFileError(f"not valid JSON: {exc.msg} (line {exc.lineno})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise TestFileError(f"not valid YAML: {problem}{where}") from None


def _safe_yaml_data(text: str) -> Any:
    """What ``yaml.safe_load`` gives for ``text``, read by libyaml when it is there."""
    loader = _SafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def schema_problem(data: Any) -> str | None:
    """The first way ``data`` breaks the test-file schema, as one line; None when it fits.

    Of several errors the deepest is the most specific (a misspelt key inside a case, not "the
    cases do not match").
    """
    # Imported here: the schema validator loads only when a test file is checked.
    from asl_lsp.lint.schema_validator import load_validator

    errors = list(load_validator(schema_for_test_files()).iter_errors(data))
    if not errors:
        return None
    error = max(errors, key=lambda e: len(e.instance_path))
    where = "/".join(str(p) for p in error.instance_path)
    message = " ".join(str(error.message).split())
    if len(message) > 200:
        message = message[:197] + "..."
    return f"{'at /' + where + ': ' if where else ''}{message}"


def load_test_file(path: str | Path) -> TestFile:
    """Read, check and resolve one test file (:class:`TestFileError` when it cannot be used)."""
    file = Path(path)
    try:
        if file.stat().st_size > _MAX_BYTES:
            raise TestFileError(f"{file}: larger than {_MAX_BYTES // (1024 * 1024)} MB")
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise TestFileError(f"{file}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise TestFileError(f"{file}: not UTF-8 text") from None
    try:
        return build_test_file(parse_test_text(text, file), file)
    except TestFileError as exc:
        raise TestFileError(f"{file}: {exc}") from None


def build_test_file(data: Any, file: Path) -> TestFile:
    problem = schema_problem(data)
    if problem is not None:
        raise TestFileError(problem)
    folder = file.parent
    cases: list[TestCase] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["cases"]):
        name = raw["name"]
        if name in seen:
            raise TestFileError(f"two cases are named {name!r}")
        seen.add(name)
        cases.append(
            TestCase(
                name=name,
                input=raw.get("input", {}),
                mocks=dict(raw.get("mocks") or {}),
                mock_test_case=raw.get("mock_test_case"),
                expect=_expectations(raw.get("expect") or {}),
                index=index,
            )
        )
    mocks = data.get("mocks")
    return TestFile(
        path=file,
        definition=folder / data["definition"],
        state_machine=data.get("state_machine"),
        functions=data.get("functions"),
        tasks=data.get("tasks"),
        mock_file=folder / mocks["file"] if mocks else None,
        mock_test_case=mocks.get("test_case") if mocks else None,
        clock=data.get("clock", "virtual"),
        cases=tuple(cases),
    )


def _expectations(raw: dict[str, Any]) -> Expectations:
    path = raw.get("path")
    in_order = isinstance(path, dict)
    steps = path["in_order"] if isinstance(path, dict) else path
    # A case says how it should end; when it does not, it should succeed, or fail when it
    # names the error or cause it expects.
    implied = "FAILED" if "error" in raw or "cause" in raw else "SUCCEEDED"
    return Expectations(
        status=raw.get("status", implied),
        output=(raw["output"],) if "output" in raw else None,
        output_contains=(raw["output_contains"],) if "output_contains" in raw else None,
        error=raw.get("error"),
        cause=raw.get("cause"),
        path=tuple(steps) if steps is not None else None,
        path_in_order=in_order,
        variables=dict(raw["variables"]) if "variables" in raw else None,
    )
