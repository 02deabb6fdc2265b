"""The execution observer sees every state, Choice rule, retry and catch of a local run."""

from __future__ import annotations

from typing import Any

from asl_lsp.engine.errors import StatesError
from asl_lsp.engine.observer import ExecutionObserver, combine
from asl_lsp.engine.runner import run_definition
from asl_lsp.engine.state_run import Outcome, StateRun

DEFINITION: dict[str, Any] = {
    "StartAt": "Pick",
    "States": {
        "Pick": {
            "Type": "Choice",
            "Choices": [
                {"Variable": "$.n", "NumericEquals": 1, "Next": "One"},
                {"Variable": "$.n", "NumericEquals": 2, "Next": "Work"},
            ],
            "Default": "One",
        },
        "One": {"Type": "Succeed"},
        "Work": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
            "Retry": [{"ErrorEquals": ["Flaky"], "MaxAttempts": 1}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recovered"}],
            "End": True,
        },
        "Recovered": {"Type": "Pass", "End": True},
    },
}


class Recorder(ExecutionObserver):
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def state_entered(self, run: StateRun) -> None:
        self.calls.append(("enter", run.name))

    def choice_rule(self, run: StateRun, index: int, matched: bool) -> None:
        self.calls.append(("rule", run.name, index, matched))

    def choice_default(self, run: StateRun) -> None:
        self.calls.append(("default", run.name))

    def retried(self, run: StateRun, retrier: int, error: StatesError) -> None:
        self.calls.append(("retry", run.name, retrier, error.error))

    def caught(self, run: StateRun, catcher: int, error: StatesError) -> None:
        self.calls.append(("catch", run.name, catcher, error.error))

    def failed(self, run: StateRun, error: StatesError, caught: bool) -> None:
        self.calls.append(("failed", run.name, error.error, caught))

    def state_exited(self, run: StateRun, outcome: Outcome) -> None:
        self.calls.append(("exit", run.name, outcome.next))


class Flaky(Exception):
    """A handler's exception: its class name is the error name, as with Lambda."""


def _flaky(event: Any, context: Any) -> Any:
    raise Flaky("always")


def test_observer_sees_rules_retries_and_catches() -> None:
    recorder = Recorder()
    result = run_definition(DEFINITION, {"n": 2}, functions={"flaky": _flaky}, observer=recorder)
    assert result.status == "SUCCEEDED"
    assert recorder.calls == [
        ("enter", "Pick"),
        ("rule", "Pick", 0, False),
        ("rule", "Pick", 1, True),
        ("exit", "Pick", "Work"),
        ("enter", "Work"),
        ("retry", "Work", 0, "Flaky"),
        ("failed", "Work", "Flaky", True),
        ("catch", "Work", 0, "Flaky"),
        ("exit", "Work", "Recovered"),
        ("enter", "Recovered"),
        ("exit", "Recovered", None),
    ]


def test_observer_sees_the_default_and_combines() -> None:
    first, second = Recorder(), Recorder()
    run_definition(DEFINITION, {"n": 7}, observer=combine([first, None, second]))
    assert first.calls == second.calls
    assert ("default", "Pick") in first.calls
    assert combine([None]) is None
