"""States prepared once per execution, payload text written once, branches that recruit helpers:
the history stays what it was, event for event."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from engine_history import GOLDEN, TASK, examples, run_example

from asl_lsp.engine import StatesError, run_definition
from asl_lsp.engine.clock import VirtualTimeline
from asl_lsp.engine.observer import ExecutionObserver
from asl_lsp.engine.plan import MachinePlan, prepare_state
from asl_lsp.engine.runtime import Cancel

EXAMPLES = examples()


def test_there_is_a_golden_history_for_every_example() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(golden) == sorted(EXAMPLES)
    assert len(golden) >= 90


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_history_is_unchanged(name: str) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))[name]
    assert run_example(*EXAMPLES[name]) == golden


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_observed_run_has_the_same_history(name: str) -> None:
    """An observer sends every state through its handler (no pass-through shortcut): the
    history must not tell the two apart."""
    definition, input_ = EXAMPLES[name]
    plain = run_example(definition, input_)
    assert run_example(definition, input_, observer=ExecutionObserver()) == plain


def _pass(**fields: Any) -> dict[str, Any]:
    return {"Type": "Pass", "Next": "B", **fields}


def test_only_a_pass_state_without_data_fields_passes_through() -> None:
    assert prepare_state("A", _pass(), "JSONPath").passthrough
    assert prepare_state("A", _pass(Comment="c"), "JSONPath").passthrough
    for field in ("InputPath", "Parameters", "Result", "ResultPath", "OutputPath", "Assign"):
        assert not prepare_state("A", _pass(**{field: None}), "JSONPath").passthrough, field
    assert prepare_state("A", _pass(), "JSONata").passthrough
    assert not prepare_state("A", _pass(Output="{% 1 %}"), "JSONata").passthrough
    assert not prepare_state("A", {"Type": "Succeed"}, "JSONPath").passthrough


def test_only_a_pass_state_with_just_a_result_outputs_a_constant() -> None:
    assert prepare_state("A", _pass(Result={"x": 1}), "JSONPath").constant
    assert not prepare_state("A", _pass(), "JSONPath").constant
    for field in ("InputPath", "Parameters", "ResultPath", "OutputPath", "Assign"):
        plan = prepare_state("A", _pass(Result=1, **{field: None}), "JSONPath")
        assert not plan.constant and not plan.passthrough, field
    assert not prepare_state("A", _pass(Result=1), "JSONata").constant


@pytest.mark.parametrize("observer", [None, ExecutionObserver()])
def test_a_constant_over_the_payload_limit_fails_the_state(
    observer: ExecutionObserver | None,
) -> None:
    big = "x" * (300 * 1024)
    definition = {"StartAt": "Big", "States": {"Big": {"Type": "Pass", "Result": big, "End": True}}}
    result = run_definition(definition, observer=observer)
    assert result.status == "FAILED" and result.error == "States.DataLimitExceeded"
    assert "The output of the state 'Big'" in (result.cause or "")


def test_a_state_plan_keeps_what_each_visit_needs() -> None:
    plan = prepare_state("T", {"Type": "Task", "Next": "N", "QueryLanguage": "JSONata"}, "JSONPath")
    assert (plan.type, plan.entered, plan.exited) == ("Task", "TaskStateEntered", "TaskStateExited")
    assert plan.jsonata and plan.next == "N"
    assert prepare_state("E", {"Type": "Pass", "Next": "N", "End": True}, "JSONPath").next is None
    inherited = prepare_state("J", {"Type": "Pass", "End": True}, "JSONata")
    assert inherited.jsonata
    own = prepare_state("J", {"Type": "Pass", "End": True, "QueryLanguage": "JSONPath"}, "JSONata")
    assert not own.jsonata


def test_a_machine_prepares_each_state_once_and_only_when_visited() -> None:
    plan = MachinePlan({"StartAt": "A", "States": {"A": _pass(), "Bad": {"Type": "Nope"}}}, "X")
    first = plan.state("A")
    assert plan.state("A") is first and list(plan.prepared) == ["A"]
    with pytest.raises(StatesError, match="unknown Type"):
        plan.state("Bad")
    with pytest.raises(StatesError, match="no state named 'Gone'"):
        plan.state("Gone")
    with pytest.raises(StatesError, match="no state named"):
        plan.state(["not", "a", "name"])


def test_an_unreachable_broken_state_does_not_stop_a_run() -> None:
    definition = {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "End": True}, "Never": {"Type": "Nope"}},
    }
    assert run_definition(definition, {"x": 1}).output == {"x": 1}


def test_a_definition_changed_between_runs_runs_as_changed() -> None:
    """Plans live for one execution: nothing prepared is reused by the next one."""
    states: dict[str, Any] = {"A": {"Type": "Pass", "Result": 1, "End": True}}
    definition = {"StartAt": "A", "States": states}
    assert run_definition(definition).output == 1
    states["A"] = {"Type": "Pass", "Result": 2, "End": True}
    assert run_definition(definition).output == 2


def test_loops_reuse_the_prepared_states() -> None:
    definition = {
        "StartAt": "Count",
        "States": {
            "Count": {
                "Type": "Pass",
                "Parameters": {"n.$": "States.MathAdd($.n, 1)"},
                "Next": "Check",
            },
            "Check": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.n", "NumericLessThan": 50, "Next": "Count"}],
                "Default": "Done",
            },
            "Done": {"Type": "Succeed"},
        },
    }
    result = run_definition(definition, {"n": 0})
    assert result.output == {"n": 50}
    entered = [e for e in result.events if e["type"] == "PassStateEntered"]
    assert [json.loads(e["stateEnteredEventDetails"]["input"])["n"] for e in entered] == list(
        range(50)
    )


def test_state_output_text_matches_its_output() -> None:
    """The JSON text written once per object is the JSON of what the state really output."""
    definition, input_ = EXAMPLES["task:task-chain"]
    result = run_definition(definition, input_, tasks={TASK: lambda v: {"double": v["n"] * 2}})
    for event in result.events:
        for key, field in (
            ("stateEnteredEventDetails", "input"),
            ("stateExitedEventDetails", "output"),
            ("taskScheduledEventDetails", "parameters"),
            ("taskSucceededEventDetails", "output"),
        ):
            if key in event:
                text = event[key][field]
                assert json.dumps(json.loads(text), separators=(",", ":")) == text
    assert result.output == {"twice": 24}


def test_map_helpers_reach_max_concurrency_for_blocking_handlers() -> None:
    """Helpers join as jobs block: a slow handler still runs MaxConcurrency items at once."""
    running = [0]
    peak = [0]
    lock = threading.Lock()

    def slow(value: Any) -> Any:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.3)
        with lock:
            running[0] -= 1
        return value

    definition = {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "MaxConcurrency": 3,
                "ItemProcessor": {
                    "StartAt": "T",
                    "States": {"T": {"Type": "Task", "Resource": TASK, "End": True}},
                },
                "End": True,
            }
        },
    }
    started = time.monotonic()
    result = run_definition(definition, list(range(6)), tasks={TASK: slow})
    assert result.output == list(range(6))
    assert peak[0] == 3
    assert time.monotonic() - started < 1.5


def test_cancel_flags_reach_children_and_late_waiters() -> None:
    root = Cancel()
    child = root.child()
    grandchild = child.child()
    assert not grandchild.is_set()
    root.set()
    assert child.is_set() and grandchild.is_set()
    assert grandchild.event.is_set()  # made after the cancellation, set at once
    assert root.child().is_set()


def test_a_cancel_wakes_a_waiting_sleep() -> None:
    cancel = Cancel()
    waiter = cancel.child()
    threading.Timer(0.05, cancel.set).start()
    started = time.monotonic()
    assert waiter.event.wait(5)
    assert time.monotonic() - started < 4


def test_virtual_time_moves_by_sleeps_and_joins() -> None:
    timeline = VirtualTimeline()
    before = timeline.now()
    assert timeline.sleep(3600, threading.Event())
    assert (timeline.now() - before).total_seconds() >= 3600
    branch = timeline.fork()
    assert isinstance(branch, VirtualTimeline)
    branch.sleep(7200, threading.Event())
    timeline.join([branch])
    assert timeline.offset == 10800
    cancelled = threading.Event()
    cancelled.set()
    assert not timeline.sleep(5, cancelled)
    assert timeline.offset == 10800
