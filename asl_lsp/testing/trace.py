"""What a case's expectations look at besides the result: the path the main flow took, the
top-level variables at the end, and the state where the execution failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from asl_lsp.engine.observer import ExecutionObserver
from asl_lsp.expr.errors import JsonValue

if TYPE_CHECKING:
    from asl_lsp.engine.errors import StatesError
    from asl_lsp.engine.state_run import Outcome, StateRun


@dataclass
class FailedState:
    """The state an uncaught error came from, with the input it had."""

    name: str
    input: JsonValue
    error: str
    cause: str


@dataclass
class ExecutionTrace(ExecutionObserver):
    """The main flow is the frame of the first state entered (StartAt always runs on it)."""

    path: list[str] = field(default_factory=list)
    variables: dict[str, JsonValue] = field(default_factory=dict)
    failure: FailedState | None = None
    _root: Any = None

    def state_entered(self, run: StateRun) -> None:
        if self._root is None:
            self._root = run.frame
        if run.frame is self._root:
            self.path.append(run.name)

    def state_exited(self, run: StateRun, outcome: Outcome) -> None:
        if run.frame is self._root:
            self.variables = dict(run.variables)

    def failed(self, run: StateRun, error: StatesError, caught: bool) -> None:
        if caught:
            self.failure = None  # whatever failed below this state was handled here
            return
        if run.frame is self._root:
            self.variables = dict(run.variables)
        if self.failure is None:  # the innermost state fails first; its parents follow
            self.failure = FailedState(run.name, run.raw_input, error.error, error.cause)
