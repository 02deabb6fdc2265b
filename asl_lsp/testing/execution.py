"""Run one case of a test file on the local engine and judge it.

A :class:`PreparedFile` does the per-file work once (read the definition, import the handlers,
load the MockConfigFile, build the coverage model); :func:`run_case` then costs one engine run.
Worker processes keep their prepared files, so a file with many cases is prepared once per worker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asl_lsp.engine.loading import LoadError, handlers_for, load_handlers, read_definition
from asl_lsp.engine.mocks import MockConfigError, load_mock_config
from asl_lsp.engine.observer import combine
from asl_lsp.engine.runner import run_definition
from asl_lsp.expr.errors import JsonValue
from asl_lsp.testing.coverage import (
    DefinitionCoverage,
    build_coverage,
    display_path,
    state_pointers,
)
from asl_lsp.testing.expectations import Failure, Observed, check
from asl_lsp.testing.files import TestCase, TestFile, TestFileError, load_test_file
from asl_lsp.testing.recorder import CoverageRecorder
from asl_lsp.testing.trace import ExecutionTrace, FailedState

PASSED, FAILED, ERROR = "passed", "failed", "error"
# The test case name of the MockConfigFile that case_mock_config builds for a case.
CASE_MOCK_TEST_CASE = "asl-test"
_DEFAULT_MACHINE = "LocalStateMachine"


@dataclass
class CaseResult:
    """The outcome of one case, small and picklable (it crosses process boundaries)."""

    file: str
    name: str
    outcome: str  # passed | failed | error
    duration: float
    status: str = ""
    output: JsonValue = None
    error: str | None = None
    cause: str | None = None
    path: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    failed_state: FailedState | None = None
    hits: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.file}::{self.name}"

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "name": self.name,
            "outcome": self.outcome,
            "duration": round(self.duration, 6),
            "status": self.status,
            "output": self.output,
            "error": self.error,
            "cause": self.cause,
            "path": self.path,
            "failures": [
                {"kind": f.kind, "message": f.message, "detail": f.detail} for f in self.failures
            ],
        }


class PreparedFile:
    """A test file with its definition, handlers, mocks and coverage model loaded."""

    def __init__(self, test_file: TestFile) -> None:
        self.test_file = test_file
        self.display = display_path(test_file.path)
        definition_path = test_file.definition
        try:
            self.definition = (
                read_named_definition(definition_path, test_file.state_machine)
                if test_file.state_machine
                else read_definition(definition_path)
            )
            text = definition_path.read_text(encoding="utf-8")
            if test_file.functions or test_file.tasks:
                folder = test_file.folder
                self.functions = (
                    load_handlers(test_file.functions, folder) if test_file.functions else {}
                )
                self.tasks = load_handlers(test_file.tasks, folder) if test_file.tasks else {}
            else:
                self.functions, self.tasks = handlers_for(definition_path)
            self.mock_config = (
                load_mock_config(test_file.mock_file) if test_file.mock_file is not None else None
            )
        except (LoadError, MockConfigError) as exc:
            raise TestFileError(f"{self.display}: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise TestFileError(f"{self.display}: cannot read {definition_path}: {exc}") from None
        self.machine_name = test_file.state_machine or _DEFAULT_MACHINE
        self.coverage = build_coverage(
            self.definition,
            path=display_path(definition_path),
            state_machine=test_file.state_machine,
            text=text,
        )
        self.pointers = state_pointers(self.coverage)

    def case(self, name: str) -> TestCase:
        """The case called ``name`` (:class:`TestFileError` when the file has none)."""
        found = next((c for c in self.test_file.cases if c.name == name), None)
        if found is None:
            raise TestFileError(f"{self.display}: no case named {name!r}")
        return found


def read_named_definition(path: Path, name: str) -> dict[str, Any]:
    """The state machine ``name`` of a template (or a plain definition file, whatever its name:
    the name then only selects mocks)."""
    # Imported here: only a named state machine needs the template parser.
    from asl_lsp.syntax.document import SourceReadError, parse_source, read_source_file

    try:
        source = parse_source(read_source_file(path), str(path))
    except SourceReadError as exc:
        raise LoadError(f"{path}: {exc}") from None
    if source.kind != "template":
        return read_definition(path)
    known = [d for d in source.local_definitions if d.name is not None]
    for definition in known:
        value = definition.value()
        if definition.name == name and isinstance(value, dict):
            return value
    names = ", ".join(sorted(str(d.name) for d in known)) or "none"
    raise LoadError(f"{path}: no state machine named {name!r} (found: {names})")


def prepare(path: str | Path) -> PreparedFile:
    return PreparedFile(load_test_file(path))


def _responses(raw: Any) -> dict[str, Any]:
    """Inline mocks in MockConfigFile shape: one response, a list, or invocation ranges."""
    if isinstance(raw, list):
        return {str(index): response for index, response in enumerate(raw)}
    if isinstance(raw, dict) and ("Return" in raw or "Throw" in raw):
        return {"0": raw}
    return dict(raw)


def case_mock_config(prepared: PreparedFile, case: TestCase) -> dict[str, Any] | None:
    """One MockConfigFile for the case: the file's test case (if any) with the inline mocks
    on top (an inline mock replaces the file's response for that state)."""
    base_case = case.mock_test_case or prepared.test_file.mock_test_case
    if prepared.mock_config is None and not case.mocks:
        return None
    mapping: dict[str, str] = {}
    responses: dict[str, Any] = {}
    if prepared.mock_config is not None:
        responses.update(prepared.mock_config.get("MockedResponses") or {})
        if base_case is not None:
            mapping.update(_base_case(prepared.mock_config, prepared.machine_name, base_case))
    elif base_case is not None:
        raise TestFileError(f"case {case.name!r} names mock_test_case but the file has no mocks")
    for state, raw in case.mocks.items():
        response = f"{CASE_MOCK_TEST_CASE}:{state}"
        responses[response] = _responses(raw)
        mapping[state] = response
    return {
        "StateMachines": {prepared.machine_name: {"TestCases": {CASE_MOCK_TEST_CASE: mapping}}},
        "MockedResponses": responses,
    }


def _base_case(config: dict[str, Any], machine_name: str, case: str) -> dict[str, str]:
    machines = config.get("StateMachines") or {}
    machine = machines.get(machine_name) if isinstance(machines, dict) else None
    if machine is None and isinstance(machines, dict):
        having = [m for m in machines.values() if case in ((m or {}).get("TestCases") or {})]
        machine = having[0] if len(having) == 1 else None
    cases = (machine or {}).get("TestCases") or {}
    if case not in cases or not isinstance(cases[case], dict):
        raise TestFileError(f"the mock file has no test case {case!r} for this state machine")
    return dict(cases[case])


def run_case(prepared: PreparedFile, case: TestCase, *, coverage: bool = False) -> CaseResult:
    """Run ``case``; never raises for anything the workflow, its handlers or the case do."""
    started = time.perf_counter()
    trace = ExecutionTrace()
    recorder = CoverageRecorder(prepared.pointers) if coverage else None
    try:
        mocks = case_mock_config(prepared, case)
        result = run_definition(
            prepared.definition,
            case.input,
            functions=prepared.functions,
            tasks=prepared.tasks,
            mocks=mocks,
            test_case=CASE_MOCK_TEST_CASE if mocks is not None else None,
            clock=prepared.test_file.clock,
            name=prepared.machine_name,
            observer=combine([trace, recorder]),
        )
    except (TestFileError, MockConfigError, ValueError) as exc:
        return _error(prepared, case, started, str(exc))
    except Exception as exc:  # an engine defect must not take the other cases down
        return _error(prepared, case, started, f"internal error: {type(exc).__name__}: {exc}")
    seen = Observed(
        result.status,
        result.output,
        result.error,
        result.cause,
        trace.path,
        trace.variables,
        trace.failure if not result.succeeded else None,
    )
    failures = check(case.expect, seen)
    return CaseResult(
        prepared.display,
        case.name,
        FAILED if failures else PASSED,
        time.perf_counter() - started,
        result.status,
        result.output,
        result.error,
        result.cause,
        list(trace.path),
        failures,
        seen.failed_state,
        recorder.take_hits() if recorder is not None else {},
    )


def _error(prepared: PreparedFile, case: TestCase, started: float, message: str) -> CaseResult:
    return CaseResult(
        prepared.display,
        case.name,
        ERROR,
        time.perf_counter() - started,
        failures=[Failure("error", message)],
    )


def coverage_of(prepared: PreparedFile) -> DefinitionCoverage:
    """A fresh zero-hit copy of the file's coverage model (results add their hits to it)."""
    return DefinitionCoverage.from_json(prepared.coverage.to_json())
