"""The observer sees each data-flow step a state has, in pipeline order, and each branch start/end
on the frame that runs it."""

from __future__ import annotations

from typing import Any

from asl_lsp.engine.observer import ExecutionObserver
from asl_lsp.engine.runner import run_definition
from asl_lsp.engine.runtime import Frame
from asl_lsp.engine.state_run import StateRun
from asl_lsp.expr.errors import JsonValue

TASK = "arn:aws:states:::test:echo"


class Steps(ExecutionObserver):
    def __init__(self) -> None:
        self.steps: list[tuple[str, str, JsonValue]] = []
        self.branches: list[tuple[str, str, int]] = []
        self.frames: dict[int, set[str]] = {}

    def state_entered(self, run: StateRun) -> None:
        self.frames.setdefault(id(run.frame), set()).add(run.name)

    def data_step(self, run: StateRun, step: str, value: JsonValue) -> None:
        self.steps.append((run.name, step, value))

    def branch_started(self, run: StateRun, frame: Frame, index: int) -> None:
        self.branches.append(("start", run.name, index))
        self.frames.setdefault(id(frame), set())

    def branch_finished(self, run: StateRun, frame: Frame, index: int) -> None:
        self.branches.append(("end", run.name, index))


def echo(payload: Any) -> Any:
    return {"echo": payload, "extra": 1}


def test_jsonpath_task_reports_every_step_in_order() -> None:
    definition = {
        "StartAt": "Work",
        "States": {
            "Work": {
                "Type": "Task",
                "Resource": TASK,
                "InputPath": "$.order",
                "Parameters": {"id.$": "$.id"},
                "ResultSelector": {"got.$": "$.echo"},
                "ResultPath": "$.result",
                "OutputPath": "$.result",
                "Assign": {"seen.$": "$.echo.id"},
                "End": True,
            }
        },
    }
    seen = Steps()
    result = run_definition(definition, {"order": {"id": 7}}, tasks={TASK: echo}, observer=seen)
    assert result.output == {"got": {"id": 7}}
    assert seen.steps == [
        ("Work", "InputPath", {"id": 7}),
        ("Work", "Parameters", {"id": 7}),
        ("Work", "Result", {"echo": {"id": 7}, "extra": 1}),
        ("Work", "Assign", {"seen": 7}),
        ("Work", "ResultSelector", {"got": {"id": 7}}),
        ("Work", "ResultPath", {"order": {"id": 7}, "result": {"got": {"id": 7}}}),
        ("Work", "OutputPath", {"got": {"id": 7}}),
    ]


def test_jsonata_task_reports_arguments_result_output_assign() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "Work",
        "States": {
            "Work": {
                "Type": "Task",
                "Resource": TASK,
                "Arguments": {"n": "{% $states.input.n * 2 %}"},
                "Output": "{% $states.result.echo.n %}",
                "Assign": {"last": "{% $states.result.extra %}"},
                "End": True,
            }
        },
    }
    seen = Steps()
    result = run_definition(definition, {"n": 2}, tasks={TASK: echo}, observer=seen)
    assert result.output == 4
    assert [s[1] for s in seen.steps] == ["Arguments", "Result", "Output", "Assign"]
    assert seen.steps[-1] == ("Work", "Assign", {"last": 1})


def test_states_without_data_fields_report_no_steps() -> None:
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    seen = Steps()
    run_definition(definition, {"a": 1}, observer=seen)
    assert seen.steps == []


def test_parallel_branches_start_and_end_on_their_own_frames() -> None:
    definition = {
        "StartAt": "Both",
        "States": {
            "Both": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}},
                    {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}},
                ],
                "End": True,
            }
        },
    }
    seen = Steps()
    run_definition(definition, {}, observer=seen)
    assert sorted(seen.branches) == [
        ("end", "Both", 0),
        ("end", "Both", 1),
        ("start", "Both", 0),
        ("start", "Both", 1),
    ]
    by_state = {frozenset(names) for names in seen.frames.values() if names}
    assert by_state == {frozenset({"Both"}), frozenset({"A"}), frozenset({"B"})}
    assert ("Both", "Result", [{}, {}]) in seen.steps
