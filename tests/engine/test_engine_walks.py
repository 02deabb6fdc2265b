"""Walks through handler-free states (``interpreter.walk_direct``), recorded as one ``events.Walk``
each: the history reads exactly as when each state's events are added one by one, every field of
every event, timestamps included.

The clock is replaced by one that moves on by a fixed step at each read, so that two runs that
read it the same number of times get the same timestamps. A run with a sink (``on_event``) adds
each event as it happens, one by one: it is the reference the walks are compared with.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from functools import partial
from typing import Any

import pytest

import asl_lsp.engine.clock as clock_module
import asl_lsp.engine.runtime as runtime_module
from asl_lsp.engine import LocalStateMachine
from asl_lsp.engine.clock import VirtualTimeline, tick_time, time_tick
from asl_lsp.engine.errors import ExecutionStopped
from asl_lsp.engine.events import ENTERED_DETAILS, EXITED_DETAILS, Event, EventLog, Walk
from asl_lsp.engine.interpreter import run_machine
from asl_lsp.engine.plan import MachinePlan
from asl_lsp.engine.runner import ExecutionResult
from asl_lsp.engine.runtime import ExecutionInfo, Frame, Runtime
from asl_lsp.engine.tasks import TaskDispatcher
from asl_lsp.engine.variables import VariableScope

START = time_tick(datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)) * 1000  # nanoseconds
STEP = 1_500  # nanoseconds per read: two reads may fall within one microsecond
TASK = "arn:aws:states:::local:flaky"


class FakeClock:
    """``time_ns`` that moves on by :data:`STEP` at each read; ``then`` is called at read
    ``at`` (to stop a run in the middle of a walk)."""

    def __init__(self, at: int = 0, then: Any = None) -> None:
        self.reads = 0
        self.at, self.then = at, then

    def __call__(self) -> int:
        self.reads += 1
        if self.reads == self.at:
            self.then()
        return START + self.reads * STEP


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeClock]:
    clock = FakeClock()
    monkeypatch.setattr(clock_module, "time_ns", clock)
    yield clock


def _stamp(read: int) -> datetime:
    return tick_time((START + read * STEP) // 1000)


def _chain(n: int, **last: Any) -> dict[str, Any]:
    states: dict[str, Any] = {f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(n)}
    states[f"S{n - 1}"] = {"Type": "Pass", "End": True, **last}
    return {"StartAt": "S0", "States": states}


def _walks(log: EventLog | None) -> int:
    """How many walks ``log`` recorded as such."""
    return sum(isinstance(record, Walk) for record in log._records) if log is not None else 0


def _flaky_handler() -> Any:
    calls = itertools.count()

    def handler(value: Any) -> Any:
        if next(calls) % 3 < 2:
            raise ValueError("not yet")
        return {"done": value}

    return handler


def _definitions() -> dict[str, tuple[dict[str, Any], Any]]:
    mixed = _chain(40)
    for i in (3, 4, 17, 39):
        mixed["States"][f"S{i}"]["Result"] = {"at": i, "s": "é"}
    mixed["States"]["S20"]["Comment"] = "a comment is no data-flow field"
    return {
        "pass-chain": (_chain(300), {"a": [1, 2, {"b": None}]}),
        "pass-chain-of-one": (_chain(1), {"a": 1}),
        # Over the length that always fits in a payload (not over the quota): the first state
        # is visited alone, to check it.
        "pass-chain-big-input": (_chain(20), {"s": "é" * 70_000}),
        "pass-chain-with-constants": (mixed, {"a": 1}),
        "pass-chain-jsonata": ({**_chain(30), "QueryLanguage": "JSONata"}, {"a": 1}),
        "pass-then-fields": (
            {
                "StartAt": "A",
                "States": {
                    "A": {"Type": "Pass", "Next": "B"},
                    "B": {"Type": "Pass", "Next": "B2"},
                    "B2": {"Type": "Pass", "Next": "C"},
                    "C": {"Type": "Pass", "ResultPath": "$.c", "Result": 3, "Next": "D"},
                    "D": {"Type": "Pass", "Next": "E"},
                    "E": {"Type": "Pass", "Result": [], "Next": "E2"},
                    "E2": {"Type": "Pass", "Next": "F"},
                    "F": {"Type": "Succeed"},
                },
            },
            {"n": 1},
        ),
        "choice-loop": (
            {
                "StartAt": "Count",
                "States": {
                    "Count": {
                        "Type": "Pass",
                        "Parameters": {"n.$": "States.MathAdd($.n, 1)"},
                        "Next": "P1",
                    },
                    "P1": {"Type": "Pass", "Next": "P2"},
                    "P2": {"Type": "Pass", "Next": "P3"},
                    "P3": {"Type": "Pass", "Next": "Check"},
                    "Check": {
                        "Type": "Choice",
                        "Choices": [{"Variable": "$.n", "NumericLessThan": 5, "Next": "P2"}],
                        "Default": "Done",
                    },
                    "Done": {"Type": "Pass", "Next": "End"},
                    "End": {"Type": "Pass", "End": True},
                },
            },
            {"n": 0},
        ),
        "map": (
            {
                "StartAt": "M",
                "States": {
                    "M": {
                        "Type": "Map",
                        "ItemsPath": "$.items",
                        "Next": "After",
                        "ItemProcessor": _chain(4),
                    },
                    "After": {"Type": "Pass", "Next": "Last"},
                    "Last": {"Type": "Pass", "End": True},
                },
            },
            {"items": [{"n": i} for i in range(12)]},
        ),
        "distributed-map": (
            {
                "StartAt": "M",
                "States": {
                    "M": {
                        "Type": "Map",
                        "End": True,
                        "ItemProcessor": {
                            **_chain(6),
                            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                        },
                    },
                },
            },
            [{"n": i} for i in range(5)],
        ),
        "parallel": (
            {
                "StartAt": "P",
                "States": {
                    "P": {
                        "Type": "Parallel",
                        "End": True,
                        "Branches": [_chain(i + 1, Result=i) for i in range(6)],
                    }
                },
            },
            {"x": 1},
        ),
        "retry-catch": (
            {
                "StartAt": "A",
                "States": {
                    "A": {"Type": "Pass", "Next": "B"},
                    "B": {"Type": "Pass", "Next": "B2"},
                    "B2": {"Type": "Pass", "Next": "T"},
                    "T": {
                        "Type": "Task",
                        "Resource": TASK,
                        "Retry": [{"ErrorEquals": ["ValueError"], "MaxAttempts": 1}],
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
                        "Next": "T2",
                    },
                    "Caught": {"Type": "Pass", "Next": "C2"},
                    "C2": {"Type": "Pass", "Next": "C3"},
                    "C3": {"Type": "Pass", "Next": "T2"},
                    "T2": {
                        "Type": "Task",
                        "Resource": TASK,
                        "Retry": [{"ErrorEquals": ["ValueError"], "MaxAttempts": 3}],
                        "Next": "Z",
                    },
                    "Z": {"Type": "Pass", "End": True},
                },
            },
            {"n": 1},
        ),
        "wait": (
            {
                "StartAt": "A",
                "States": {
                    "A": {"Type": "Pass", "Next": "B"},
                    "B": {"Type": "Pass", "Next": "B2"},
                    "B2": {"Type": "Pass", "Next": "W"},
                    "W": {"Type": "Wait", "Seconds": 30, "Next": "C"},
                    "C": {"Type": "Pass", "Next": "D"},
                    "D": {"Type": "Pass", "Next": "D2"},
                    "D2": {"Type": "Pass", "End": True},
                },
            },
            {},
        ),
        "timeout": ({**_chain(200), "TimeoutSeconds": 0}, {}),
    }


DEFINITIONS = _definitions()


def _run(definition: dict[str, Any], input_: Any, one_by_one: bool) -> ExecutionResult:
    seen: list[Event] = []
    result = LocalStateMachine(definition).run(
        input_,
        tasks={TASK: _flaky_handler()},
        clock="virtual",
        execution_name="walks",
        on_event=seen.append if one_by_one else None,
    )
    if one_by_one:
        assert all(a is b for a, b in zip(seen, result.events, strict=True))
        assert _walks(result.history) == 0
    return result


@pytest.mark.parametrize("name", sorted(DEFINITIONS))
def test_a_walk_records_the_history_of_one_visit_at_a_time(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    definition, input_ = DEFINITIONS[name]
    histories = []
    for one_by_one in (False, True):
        clock = FakeClock()
        monkeypatch.setattr(clock_module, "time_ns", clock)
        ids = itertools.count()  # a Distributed Map names its map run with one
        monkeypatch.setattr(uuid, "uuid4", lambda ids=ids: uuid.UUID(int=next(ids)))
        result = _run(definition, input_, one_by_one)
        histories.append((result.status, result.output, result.error, result.events, clock.reads))
        if not one_by_one and name not in ("pass-chain-of-one", "timeout", "distributed-map"):
            assert _walks(result.history) > 0
    assert histories[0] == histories[1]
    events = histories[0][3]
    assert [e["id"] for e in events] == list(range(1, len(events) + 1))
    assert len({e["timestamp"] for e in events}) > len(events) // 3


def test_a_walked_chain_reads_as_expected(fake_clock: FakeClock) -> None:
    """Every field of every event, written out."""
    definition = _chain(5)
    definition["States"]["S1"]["Result"] = {"a": 1}
    definition["States"]["S3"]["Result"] = "x"
    result = LocalStateMachine(definition).run({"in": True}, execution_name="e")
    assert result.succeeded and result.output == "x"
    # Read 1: the execution's start time; 2: ExecutionStarted; 3 to 7: the states; 8: the end.
    texts = ['{"in":true}', '{"in":true}', '{"a":1}', '{"a":1}', '"x"', '"x"']
    expected: list[Event] = [
        {
            "timestamp": _stamp(2),
            "type": "ExecutionStarted",
            "id": 1,
            "previousEventId": 0,
            "executionStartedEventDetails": {
                "input": '{"in":true}',
                "inputDetails": {"truncated": False},
                "roleArn": "arn:aws:iam::123456789012:role/StepFunctionsLocal",
            },
        }
    ]
    for i in range(5):
        expected.append(
            {
                "timestamp": _stamp(3 + i),
                "type": "PassStateEntered",
                "id": 2 + 2 * i,
                "previousEventId": 1 + 2 * i,
                ENTERED_DETAILS: {
                    "name": f"S{i}",
                    "input": texts[i],
                    "inputDetails": {"truncated": False},
                },
            }
        )
        expected.append(
            {
                "timestamp": _stamp(3 + i),
                "type": "PassStateExited",
                "id": 3 + 2 * i,
                "previousEventId": 2 + 2 * i,
                EXITED_DETAILS: {
                    "name": f"S{i}",
                    "output": texts[i + 1],
                    "outputDetails": {"truncated": False},
                },
            }
        )
    expected.append(
        {
            "timestamp": _stamp(8),
            "type": "ExecutionSucceeded",
            "id": 12,
            "previousEventId": 11,
            "executionSucceededEventDetails": {
                "output": '"x"',
                "outputDetails": {"truncated": False},
            },
        }
    )
    assert _walks(result.history) == 1
    assert result.events == expected
    assert fake_clock.reads == 8


def test_a_walk_keeps_the_virtual_time_slept_before_it(fake_clock: FakeClock) -> None:
    definition, input_ = DEFINITIONS["wait"]
    result = LocalStateMachine(definition).run(input_)
    by_name = {
        (e.get(ENTERED_DETAILS) or e.get(EXITED_DETAILS) or {}).get("name"): e
        for e in result.events
        if e["type"].startswith("Pass")
    }
    # Reads: start, ExecutionStarted, A, B, B2, WaitStateEntered, WaitStateExited, C, D, D2.
    assert by_name["B2"]["timestamp"] == _stamp(5)
    assert (by_name["D2"]["timestamp"] - _stamp(10)).total_seconds() == 30
    assert _walks(result.history) == 2


def test_walks_stop_at_the_bound_on_states_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime_module, "MAX_STATES_RUN", 25)
    definition = _chain(60)
    histories = []
    for one_by_one in (False, True):
        monkeypatch.setattr(clock_module, "time_ns", FakeClock())
        result = _run(definition, {}, one_by_one)
        assert result.status == "FAILED" and "more than 25 states" in (result.cause or "")
        histories.append(result.events)
    assert histories[0] == histories[1]
    assert len(histories[0]) == 1 + 2 * 25 + 1


def test_a_walk_stops_where_the_deadline_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock moves on by a second at each read. Read 1 is the start, 2 ExecutionStarted and
    3 the first state's visit: the ninth state's read (11) is the first at the deadline."""
    definition = {**_chain(100), "TimeoutSeconds": 10}
    histories = []
    for one_by_one in (False, True):
        seconds = itertools.count(1)
        monkeypatch.setattr(clock_module, "time_ns", lambda s=seconds: START + next(s) * 10**9)
        result = _run(definition, {}, one_by_one)
        assert result.status == "TIMED_OUT"
        histories.append(result.events)
    assert histories[0] == histories[1]
    events = histories[0]
    assert len(events) == 1 + 2 * 8 + 1 and events[-1]["type"] == "ExecutionTimedOut"
    assert events[-2][EXITED_DETAILS]["name"] == "S7"


@pytest.mark.parametrize("stop_at", [1, 2, 3, 4, 5, 40, 120])
def test_a_walk_stops_at_the_state_where_the_execution_was_stopped(
    stop_at: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The execution is stopped from within a state's clock read (read ``i`` is the ``i``-th
    state's): the states before it are recorded, whether events are added one by one (a shared
    log) or by walks."""
    histories = []
    for share in (False, True):
        runtime = Runtime(
            ExecutionInfo("arn", "e", "sm", "sm", "role", {}, datetime.now(timezone.utc)),
            EventLog(),
            TaskDispatcher(),
        )
        if share:
            runtime.log.share()
        stop = partial(runtime.stop, ExecutionStopped("ABORTED", None, None))
        monkeypatch.setattr(clock_module, "time_ns", FakeClock(stop_at, stop))
        frame = Frame(runtime, VirtualTimeline(), VariableScope(), runtime.root_cancel)
        with pytest.raises(ExecutionStopped):
            run_machine(_chain(200), {"a": 1}, frame)
        histories.append(runtime.log.events)
    assert histories[0] == histories[1]
    assert len(histories[0]) == 2 * (stop_at - 1)


def test_stretches_hold_each_state_once_and_loop_back() -> None:
    states: dict[str, Any] = {f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(9)}
    states["S9"] = {"Type": "Pass", "Next": "S5"}  # a loop of Pass states
    states["S3"]["Parameters"] = {"x": 1}  # not direct: ends the stretch before it
    plan = MachinePlan({"StartAt": "S0", "States": states}, "JSONPath")
    seven, index = plan.place(plan.state("S7"))
    assert index == 0 and [s.name for s in seven.states] == ["S7", "S8", "S9", "S5", "S6"]
    assert seven.next == "S7"
    first, _ = plan.place(plan.state("S0"))
    assert [s.name for s in first.states] == ["S0", "S1", "S2"] and first.next == "S3"
    assert plan.place(plan.state("S5")) == (seven, 3)
    four, _ = plan.place(plan.state("S4"))
    assert [s.name for s in four.states] == ["S4"] and four.next == "S5"


def test_a_stretch_ends_before_a_state_that_cannot_be_prepared() -> None:
    definition = _chain(6)
    definition["States"]["S4"] = {"Type": "Nope", "Next": "S5"}
    result = LocalStateMachine(definition).run({})
    assert result.status == "FAILED" and "unknown Type" in (result.cause or "")
    assert [e["type"] for e in result.events[-3:]] == [
        "PassStateEntered",
        "PassStateExited",
        "ExecutionFailed",
    ]
    assert result.events[-2][EXITED_DETAILS]["name"] == "S3"
