"""What a Map iteration leaves behind (its output, its events, its time) once it ended, the
texts history records for a Map's values, and Task states prepared once for every visit."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from asl_lsp.engine import LocalStateMachine, run_definition

TASK = "arn:aws:states:::example:task"
WRITER = "arn:aws:states:::s3:putObject"


def _map(processor_states: dict[str, Any], **fields: Any) -> dict[str, Any]:
    start = next(iter(processor_states))
    return {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "ItemProcessor": {"StartAt": start, "States": processor_states},
                **fields,
            }
        },
    }


def _task(**fields: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": TASK, **fields}


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _when(event: dict[str, Any]) -> datetime:
    when: datetime = event["timestamp"]
    return when


def test_a_distributed_map_outputs_every_child_workflow_in_item_order() -> None:
    def check(value: Any) -> Any:
        if value["n"] == 1:
            raise ValueError("one")
        return {"n": value["n"], "ok": True}

    definition = _map(
        {"T": _task(End=True)},
        End=True,
        MaxConcurrency=1,
        ToleratedFailureCount=1,
        ItemProcessor={
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "T",
            "States": {"T": _task(End=True)},
        },
    )
    items = {"items": [{"n": 0}, {"n": 1}, {"n": 2}]}
    result = run_definition(definition, items, tasks={TASK: check})
    assert result.succeeded, (result.error, result.cause)
    assert result.output == [
        {"n": 0, "ok": True},
        {"Error": "ValueError", "Cause": "one"},
        {"n": 2, "ok": True},
    ]

    written: list[Any] = []
    definition["States"]["M"]["ResultWriter"] = {"Resource": WRITER, "Parameters": {}}
    result = run_definition(definition, items, tasks={TASK: check, WRITER: written.append})
    assert result.succeeded, (result.error, result.cause)
    details = written[0]["ResultWriterDetails"]
    assert [(r["Input"], r["Output"]) for r in details["SUCCEEDED"]] == [
        ('{"n":0}', '{"n":0,"ok":true}'),
        ('{"n":2}', '{"n":2,"ok":true}'),
    ]
    assert [(r["Input"], r["Error"]) for r in details["FAILED"]] == [('{"n":1}', "ValueError")]


def test_an_inline_map_stops_at_a_failed_iteration_and_starts_no_later_one() -> None:
    def check(value: Any) -> Any:
        if value["n"] == 2:
            raise KeyError("two")
        return value

    definition = _map({"T": _task(End=True)}, End=True, MaxConcurrency=1)
    result = run_definition(
        definition, {"items": [{"n": i} for i in range(5)]}, tasks={TASK: check}
    )
    assert (result.status, result.error) == ("FAILED", "KeyError")
    started = [
        e["mapIterationStartedEventDetails"]["index"]
        for e in result.events
        if e["type"] == "MapIterationStarted"
    ]
    assert started == [0, 1, 2]
    failed = [e for e in result.events if e["type"] == "MapIterationFailed"]
    assert [e["mapIterationFailedEventDetails"]["index"] for e in failed] == [2]
    assert [e["type"] for e in result.events[-2:]] == ["MapStateFailed", "ExecutionFailed"]


def test_the_state_after_a_map_starts_when_its_longest_iteration_ended() -> None:
    """Iterations start at the Map's time, each on its own virtual clock; the state after the
    Map starts at the latest time any of them reached."""
    definition = _map({"W": {"Type": "Wait", "SecondsPath": "$.s", "End": True}}, Next="After")
    definition["States"]["After"] = {"Type": "Pass", "End": True}
    result = run_definition(definition, {"items": [{"s": 5}, {"s": 50}, {"s": 2}]})
    assert result.succeeded, (result.error, result.cause)
    entered = next(e for e in result.events if e["type"] == "MapStateEntered")
    starts = [_when(e) for e in result.events if e["type"] == "MapIterationStarted"]
    assert len(starts) == 3
    assert all((start - _when(entered)).total_seconds() < 1 for start in starts)
    after = next(e for e in result.events if e["type"] == "PassStateEntered")
    assert 50 <= (_when(after) - _when(entered)).total_seconds() < 51
    # The parent's later events follow the iterations' events.
    exited = next(e for e in result.events if e["type"] == "MapStateExited")
    last_iteration = max(e["id"] for e in result.events if e["type"] == "MapIterationSucceeded")
    assert exited["previousEventId"] > last_iteration


def test_history_texts_of_a_map_are_the_json_of_its_values() -> None:
    """The execution's input, the Map's output and the execution's output are recorded as the
    compact JSON of the values, however the text was made."""
    definition = _map(
        {"T": _task(Next="P"), "P": {"Type": "Pass", "End": True}},
        End=True,
    )
    items = {"items": [{"n": i, "name": "é☃", "f": 0.1 * i} for i in range(4)]}

    def handler(value: Any) -> Any:
        return {**value, "list": [value["n"], None, True], "nested": {"ü": value["f"]}}

    result = run_definition(definition, items, tasks={TASK: handler})
    assert result.succeeded, (result.error, result.cause)
    assert result.output == [handler(item) for item in items["items"]]
    by_type = {e["type"]: e for e in result.events}
    assert by_type["ExecutionStarted"]["executionStartedEventDetails"]["input"] == _compact(items)
    map_output = by_type["MapStateExited"]["stateExitedEventDetails"]["output"]
    assert map_output == _compact(result.output)
    assert by_type["ExecutionSucceeded"]["executionSucceededEventDetails"]["output"] == map_output
    empty = run_definition(definition, {"items": []}, tasks={TASK: handler})
    assert empty.events[-1]["executionSucceededEventDetails"]["output"] == "[]"


def test_a_handler_cannot_change_the_values_of_the_execution() -> None:
    def meddle(value: Any) -> Any:
        value["n"] = -1
        return value

    definition = _map({"T": _task(ResultPath="$.out", End=True)}, End=True)
    result = run_definition(definition, {"items": [{"n": 1}, {"n": 2}]}, tasks={TASK: meddle})
    assert result.output == [{"n": 1, "out": {"n": -1}}, {"n": 2, "out": {"n": -1}}]
    entered = [e for e in result.events if e["type"] == "TaskStateEntered"]
    assert [e["stateEnteredEventDetails"]["input"] for e in entered] == ['{"n":1}', '{"n":2}']


def test_a_loaded_task_state_runs_each_visit_and_each_execution_alike() -> None:
    """A Task state is prepared on its first visit: later visits and later executions of the
    loaded machine do what the first did, with or without data-flow fields."""
    calls: list[Any] = []

    def double(value: Any) -> Any:
        calls.append(value)
        return {"double": value["n"] * 2}

    plain = LocalStateMachine(_map({"T": _task(End=True)}, End=True))
    fields = LocalStateMachine(
        _map(
            {
                "T": _task(
                    Parameters={"n.$": "$.v"},
                    ResultSelector={"d.$": "$.double"},
                    ResultPath="$.r",
                    TimeoutSeconds=30,
                    End=True,
                )
            },
            End=True,
        )
    )
    for _ in range(2):
        out = plain.run({"items": [{"n": 1}, {"n": 2}]}, tasks={TASK: double})
        assert out.output == [{"double": 2}, {"double": 4}]
        out = fields.run({"items": [{"v": 3}]}, tasks={TASK: double})
        assert out.output == [{"v": 3, "r": {"d": 6}}]
        scheduled = next(e for e in out.events if e["type"] == "TaskScheduled")
        assert scheduled["taskScheduledEventDetails"]["timeoutInSeconds"] == 30
    assert calls == [{"n": 1}, {"n": 2}, {"n": 3}] * 2


def test_a_task_without_a_string_resource_fails_every_visit() -> None:
    machine = LocalStateMachine(
        _map({"T": {"Type": "Task", "Resource": 7, "End": True}}, End=True, MaxConcurrency=1)
    )
    for _ in range(2):
        result = machine.run({"items": [1, 2]})
        assert (result.status, result.error) == ("FAILED", "States.Runtime")
        assert result.cause is not None and "a Task state needs a string Resource" in result.cause
