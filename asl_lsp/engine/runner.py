"""Run one execution from ExecutionStarted to its terminal event; ``run_definition`` for callers
that just want a result (the language server's ``asl.runLocal``, tests, notebooks)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asl_lsp.engine.clock import Timeline, make_timeline
from asl_lsp.engine.errors import RUNTIME, ExecutionStopped, StatesError
from asl_lsp.engine.events import Event, EventLog, EventSink, compact, from_compact
from asl_lsp.engine.interpreter import run_machine
from asl_lsp.engine.mocks import Mocks, load_mock_config
from asl_lsp.engine.observer import ExecutionObserver
from asl_lsp.engine.plan import Plans
from asl_lsp.engine.runtime import BranchCancelled, ExecutionInfo, Frame, Runtime, deadline_from
from asl_lsp.engine.tasks import TaskDispatcher, TaskFn, TokenRegistry
from asl_lsp.engine.variables import VariableScope
from asl_lsp.expr.errors import JsonValue

REGION = "us-east-1"
ACCOUNT = "123456789012"
DEFAULT_ROLE = f"arn:aws:iam::{ACCOUNT}:role/StepFunctionsLocal"


def state_machine_arn(name: str, region: str = REGION, account: str = ACCOUNT) -> str:
    return f"arn:aws:states:{region}:{account}:stateMachine:{name}"


def execution_arn(machine: str, name: str, region: str = REGION, account: str = ACCOUNT) -> str:
    return f"arn:aws:states:{region}:{account}:execution:{machine}:{name}"


@dataclass
class ExecutionResult:
    """How an execution ended: status SUCCEEDED | FAILED | TIMED_OUT | ABORTED."""

    status: str
    output: JsonValue = None
    error: str | None = None
    cause: str | None = None
    history: EventLog | None = field(default=None, repr=False)
    execution_arn: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status == "SUCCEEDED"

    @property
    def events(self) -> list[Event]:
        """The execution's history events, in id order (made from the log when first read)."""
        return list(self.history.events) if self.history is not None else []

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (timestamps as ISO text), e.g. for the language server."""
        events = [{**e, "timestamp": e["timestamp"].isoformat()} for e in self.events]
        return {
            "status": self.status,
            "output": self.output,
            "error": self.error,
            "cause": self.cause,
            "executionArn": self.execution_arn,
            "events": events,
        }


def execute(
    definition: Mapping[str, Any],
    runtime: Runtime,
    timeline: Timeline,
    input_text: str | None = None,
) -> ExecutionResult:
    """Run ``definition`` under ``runtime``; never raises for anything the workflow does.

    ``input_text`` is the compact JSON of the execution's input when the caller has it: it is
    recorded by ExecutionStarted and is the first state's input text."""
    info = runtime.info
    if input_text is None:
        input_text = compact(info.input)
    frame = Frame(runtime, timeline, VariableScope(), runtime.root_cancel)
    frame.emit(
        "ExecutionStarted",
        "executionStartedEventDetails",
        {
            "input": input_text,
            "inputDetails": {"truncated": False},
            "roleArn": info.role_arn,
        },
    )
    runtime.deadline = deadline_from(info.start_time, definition.get("TimeoutSeconds"))
    ql = definition.get("QueryLanguage")
    ql = ql if ql in ("JSONPath", "JSONata") else "JSONPath"
    try:
        output, output_text = run_machine(definition, info.input, frame, ql, input_text)
    except StatesError as exc:
        # A Fail state without Error/Cause: AWS records neither key (and describe shows neither).
        details = {k: v for k, v in (("error", exc.error), ("cause", exc.cause)) if v}
        frame.emit("ExecutionFailed", "executionFailedEventDetails", details)
        return _result(runtime, "FAILED", None, exc.error or None, exc.cause or None)
    except (ExecutionStopped, BranchCancelled) as exc:
        stop = (
            exc
            if isinstance(exc, ExecutionStopped)
            else (runtime.stop_reason or ExecutionStopped("ABORTED", None, None))
        )
        details = {k: v for k, v in (("error", stop.error), ("cause", stop.cause)) if v is not None}
        if stop.status == "TIMED_OUT":
            frame.emit("ExecutionTimedOut", "executionTimedOutEventDetails", details)
        elif stop.status == "FAILED":  # a limit of the execution was reached
            frame.emit("ExecutionFailed", "executionFailedEventDetails", details)
        else:
            frame.emit("ExecutionAborted", "executionAbortedEventDetails", details)
        return _result(runtime, stop.status, None, stop.error, stop.cause)
    except RecursionError:
        cause = "the workflow nests too deeply to run locally"
        frame.emit(
            "ExecutionFailed", "executionFailedEventDetails", {"error": RUNTIME, "cause": cause}
        )
        return _result(runtime, "FAILED", None, RUNTIME, cause)
    frame.emit(
        "ExecutionSucceeded",
        "executionSucceededEventDetails",
        {"output": output_text, "outputDetails": {"truncated": False}},
    )
    return _result(runtime, "SUCCEEDED", output, None, None)


def _result(
    runtime: Runtime, status: str, output: JsonValue, error: str | None, cause: str | None
) -> ExecutionResult:
    return ExecutionResult(status, output, error, cause, runtime.log, runtime.info.execution_arn)


def parse_definition(definition: Mapping[str, Any] | str) -> dict[str, Any]:
    """A definition dict from a dict or from JSON/YAML text; ValueError with one line otherwise."""
    if isinstance(definition, Mapping):
        return dict(definition)
    # Imported here: the engine loads only when something runs.
    from asl_lsp.engine.loading import parse_definition_text

    return parse_definition_text(definition)


def run_definition(
    definition: Mapping[str, Any] | str,
    input: JsonValue = None,
    *,
    functions: Mapping[str, Callable[..., Any]] | None = None,
    tasks: Mapping[str, TaskFn] | None = None,
    mocks: str | Path | Mapping[str, Any] | None = None,
    test_case: str | None = None,
    clock: str = "virtual",
    name: str = "LocalStateMachine",
    execution_name: str | None = None,
    on_event: EventSink | None = None,
    on_state_entered: Callable[[str, JsonValue], None] | None = None,
    tokens: TokenRegistry | None = None,
    observer: ExecutionObserver | None = None,
) -> ExecutionResult:
    """Run a definition to its end on this thread and return the result with its events.

    Tasks run registered handlers (``functions`` for Lambda, ``tasks`` by resource ARN) or the
    test case's mocked responses; nothing is guessed. ``clock="virtual"`` makes waits instant.
    To run one definition many times, load it once as a :class:`LocalStateMachine`.
    """
    return LocalStateMachine.for_one_run(definition, name).run(
        input,
        functions=functions,
        tasks=tasks,
        mocks=mocks,
        test_case=test_case,
        clock=clock,
        execution_name=execution_name,
        on_event=on_event,
        on_state_entered=on_state_entered,
        tokens=tokens,
        observer=observer,
    )


class LocalStateMachine:
    """A definition loaded once and run any number of times, as a state machine created in Step
    Functions is.

    The definition is copied when it is loaded, so later changes to the caller's dict never reach
    the executions (a changed definition is a new state machine), and each state is prepared on
    its first visit in any execution, then reused by the next ones. Executions may run at once on
    several threads.
    """

    def __init__(self, definition: Mapping[str, Any] | str, name: str = "LocalStateMachine"):
        self.definition: dict[str, Any] = json.loads(json.dumps(parse_definition(definition)))
        self.name = name
        self._plans = Plans()

    @classmethod
    def for_one_run(
        cls, definition: Mapping[str, Any] | str, name: str = "LocalStateMachine"
    ) -> LocalStateMachine:
        """A machine for a single execution, reading the caller's dict in place: it cannot
        change while the run that follows is in progress, so the copy is skipped."""
        machine = cls.__new__(cls)
        machine.definition = parse_definition(definition)
        machine.name = name
        machine._plans = Plans()
        return machine

    def run(
        self,
        input: JsonValue = None,
        *,
        functions: Mapping[str, Callable[..., Any]] | None = None,
        tasks: Mapping[str, TaskFn] | None = None,
        mocks: str | Path | Mapping[str, Any] | None = None,
        test_case: str | None = None,
        clock: str = "virtual",
        execution_name: str | None = None,
        on_event: EventSink | None = None,
        on_state_entered: Callable[[str, JsonValue], None] | None = None,
        tokens: TokenRegistry | None = None,
        observer: ExecutionObserver | None = None,
    ) -> ExecutionResult:
        """One execution to its end on this thread, as :func:`run_definition` runs it."""
        name = self.name
        mock_obj = None
        if mocks is not None:
            mock_obj = Mocks(load_mock_config(mocks), test_case, name)
        dispatcher = TaskDispatcher(functions=functions, tasks=tasks, mocks=mock_obj, tokens=tokens)
        timeline = make_timeline(clock)
        exec_name = execution_name or str(uuid.uuid4())
        # The input is encoded once: the execution runs on a copy made from that text, which
        # ExecutionStarted records and the first state receives.
        input_text = compact({} if input is None else input)
        info = ExecutionInfo(
            execution_arn(name, exec_name),
            exec_name,
            state_machine_arn(name),
            name,
            DEFAULT_ROLE,
            from_compact(input_text),
            timeline.now(),
        )
        runtime = Runtime(
            info,
            EventLog(on_event),
            dispatcher,
            on_state_entered=on_state_entered,
            observer=observer,
            plans=self._plans,
        )
        return execute(self.definition, runtime, timeline, input_text)
