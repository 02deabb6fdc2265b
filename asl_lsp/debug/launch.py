"""The ``launch`` request's arguments, checked and loaded: what to run and how.

The same settings as ``asl run``: the program (a definition or a template with ``stateMachine``),
the input (a JSON value or ``"@file"``), Python handlers (``functions``/``tasks``), a Step
Functions Local mock file with a test case, and the clock. Or ``test``: one case of an
``asl test`` file (``"file.asl-test.yaml::case name"``), which brings all of these with it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asl_lsp.debug.source_map import SourceError, SourceMap, load_source_map
from asl_lsp.expr.errors import JsonValue


class LaunchError(Exception):
    """The launch arguments cannot be used; the message is one line for the client."""


@dataclass
class LaunchConfig:
    program: Path
    source: SourceMap
    input: JsonValue
    functions: dict[str, Any] = field(default_factory=dict)
    tasks: dict[str, Any] = field(default_factory=dict)
    mocks: Path | dict[str, Any] | None = None
    test_case: str | None = None
    name: str = "LocalStateMachine"
    clock: str = "virtual"
    stop_on_entry: bool = False


def _string(args: Mapping[str, Any], key: str) -> str | None:
    value = args.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise LaunchError(f"'{key}' must be a non-empty string")
    return value


def _path(base: Path, text: str) -> Path:
    path = Path(text).expanduser()
    return path if path.is_absolute() else base / path


def read_input(value: JsonValue, base: Path) -> JsonValue:
    """``input``: a JSON value as given, or ``"@file"`` for a JSON file's content."""
    if isinstance(value, str) and value.startswith("@"):
        file = _path(base, value[1:])
        try:
            return json.loads(file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise LaunchError(f"cannot read input file {file}: {exc.strerror}") from None
        except json.JSONDecodeError as exc:
            raise LaunchError(
                f"input file {file} is not JSON: {exc.msg} (line {exc.lineno})"
            ) from None
    return {} if value is None else value


# What a test case brings with it: these cannot be given beside ``test``.
_SET_BY_TEST = (
    "program",
    "stateMachine",
    "input",
    "functions",
    "tasks",
    "mocks",
    "testCase",
    "clock",
)


def load_launch(args: Mapping[str, Any]) -> LaunchConfig:
    """Check ``args`` and load the program, its input and its handlers."""
    # Imported here: the adapter answers initialize before the engine and parser load.
    from asl_lsp.engine.loading import LoadError, handlers_for, parse_definition_text
    from asl_lsp.syntax.document import SourceReadError, read_source_file

    base = Path(_string(args, "cwd") or ".").resolve()
    test = _string(args, "test")
    if test is not None:
        return _load_test_case(args, test, base)
    program_text = _string(args, "program")
    if program_text is None:
        raise LaunchError("'program' is required: the definition (or template) file to debug")
    program = _path(base, program_text).resolve()
    try:
        text = read_source_file(program)
        parse_definition_text(text, str(program))  # refuses text the engine cannot run
        source = load_source_map(text, str(program), _string(args, "stateMachine"))
    except SourceReadError as exc:
        raise LaunchError(f"{program}: {exc}") from None
    except (LoadError, SourceError) as exc:
        raise LaunchError(f"{program}: {exc}") from None
    mocks = _string(args, "mocks")
    test_case = _string(args, "testCase")
    if (mocks is None) != (test_case is None):
        raise LaunchError("'mocks' and 'testCase' go together")
    clock = args.get("clock", "virtual")
    if clock not in ("virtual", "real"):
        raise LaunchError("'clock' is 'virtual' (instant waits) or 'real'")
    functions_spec, tasks_spec = _string(args, "functions"), _string(args, "tasks")
    try:
        functions, tasks = handlers_for(
            program, _spec(functions_spec, base), _spec(tasks_spec, base)
        )
    except LoadError as exc:
        raise LaunchError(str(exc)) from None
    return LaunchConfig(
        program=program,
        source=source,
        input=read_input(args.get("input"), base),
        functions=functions,
        tasks=tasks,
        mocks=_path(base, mocks) if mocks else None,
        test_case=test_case,
        name=_string(args, "name") or _string(args, "stateMachine") or "LocalStateMachine",
        clock=str(clock),
        stop_on_entry=bool(args.get("stopOnEntry", False)),
    )


def _load_test_case(args: Mapping[str, Any], test: str, base: Path) -> LaunchConfig:
    """``test`` is ``"file::case name"``, a case id as ``asl test`` prints it: debug that case
    with the test file's definition, handlers, clock and mocks and the case's input."""
    # Imported here: the test runner loads only for a launch with `test`.
    from asl_lsp.syntax.document import SourceReadError, read_source_file
    from asl_lsp.testing.execution import CASE_MOCK_TEST_CASE, case_mock_config, prepare
    from asl_lsp.testing.files import TestFileError

    given = [key for key in _SET_BY_TEST if key in args]
    if given:
        raise LaunchError(f"'test' brings its own settings; remove {', '.join(map(repr, given))}")
    file_text, separator, case_name = test.partition("::")
    if not separator or not file_text or not case_name:
        raise LaunchError("'test' is 'file.asl-test.yaml::case name'")
    try:
        prepared = prepare(_path(base, file_text).resolve())
        case = prepared.case(case_name)
        mocks = case_mock_config(prepared, case)
        test_file = prepared.test_file
        # Breakpoints find states by the identity of their specs, so the engine must run the
        # definition of this parse, not the test runner's own copy.
        source = load_source_map(
            read_source_file(test_file.definition),
            str(test_file.definition),
            test_file.state_machine,
        )
    except TestFileError as exc:
        raise LaunchError(str(exc)) from None
    except (SourceReadError, SourceError) as exc:
        raise LaunchError(f"{test_file.definition}: {exc}") from None
    return LaunchConfig(
        program=test_file.definition,
        source=source,
        input=case.input,
        functions=prepared.functions,
        tasks=prepared.tasks,
        mocks=mocks,
        test_case=CASE_MOCK_TEST_CASE if mocks is not None else None,
        name=prepared.machine_name,
        clock=test_file.clock,
        stop_on_entry=bool(args.get("stopOnEntry", False)),
    )


def _spec(spec: str | None, base: Path) -> str | None:
    """A ``file.py:NAME`` handler spec made absolute against the launch's ``cwd``."""
    if spec is None:
        return None
    target, sep, attr = spec.rpartition(":")
    if sep and target.endswith(".py"):
        return f"{_path(base, target)}:{attr}"
    return spec
