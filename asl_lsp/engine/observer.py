"""Hooks into a running execution, for tools that watch it: coverage, the debugger, live views.

The interpreter calls an observer synchronously, on the thread that runs the branch concerned
(the main flow, a Parallel branch or a Map iteration), at each point a tool may care about. A
callback may block: a debugger pauses an execution by not returning until the user steps on.
Observers never change what the execution does; one that raises stops the execution like any
other engine failure would, so callbacks should not raise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from asl_lsp.expr.errors import JsonValue

if TYPE_CHECKING:
    from asl_lsp.engine.errors import StatesError
    from asl_lsp.engine.runtime import Frame
    from asl_lsp.engine.state_run import Outcome, StateRun


class ExecutionObserver:
    """Every hook, each doing nothing: subclasses override the ones they need."""

    def state_entered(self, run: StateRun) -> None:
        """A state starts: ``run.name``, ``run.raw_input``, ``run.frame`` (which branch)."""

    def data_step(self, run: StateRun, step: str, value: JsonValue) -> None:
        """One step of a state's data flow produced ``value``.

        ``step`` is a field name of the pipeline (InputPath, Parameters, ItemSelector, Arguments,
        ResultSelector, ResultPath, OutputPath, Output) or ``Result`` for a task's raw result.
        """

    def choice_rule(self, run: StateRun, index: int, matched: bool) -> None:
        """The top-level Choice rule at ``index`` of ``Choices`` was evaluated."""

    def choice_default(self, run: StateRun) -> None:
        """No rule matched and the Choice state took its ``Default``."""

    def retried(self, run: StateRun, retrier: int, error: StatesError) -> None:
        """The retrier at ``index`` of ``Retry`` caught ``error``; the state runs again."""

    def caught(self, run: StateRun, catcher: int, error: StatesError) -> None:
        """The catcher at ``index`` of ``Catch`` caught ``error``; its ``Next`` follows."""

    def failed(self, run: StateRun, error: StatesError, caught: bool) -> None:
        """The state raised ``error`` after its retries; ``caught`` says whether a Catch took it."""

    def state_exited(self, run: StateRun, outcome: Outcome) -> None:
        """The state ended with ``outcome.output``; ``outcome.next`` is where the branch goes."""

    def branch_started(self, run: StateRun, frame: Frame, index: int) -> None:
        """Branch ``index`` of the Parallel (or iteration ``index`` of the Map) ``run`` starts on
        ``frame``, on the thread that will run it: the states it runs carry that frame."""

    def branch_finished(self, run: StateRun, frame: Frame, index: int) -> None:
        """The branch or iteration on ``frame`` ended (succeeded, failed or was cancelled)."""


class ObserverGroup(ExecutionObserver):
    """Several observers as one, called in order (coverage and a debugger on the same run)."""

    def __init__(self, observers: Sequence[ExecutionObserver]) -> None:
        self.observers = tuple(observers)

    def state_entered(self, run: StateRun) -> None:
        for observer in self.observers:
            observer.state_entered(run)

    def data_step(self, run: StateRun, step: str, value: JsonValue) -> None:
        for observer in self.observers:
            observer.data_step(run, step, value)

    def choice_rule(self, run: StateRun, index: int, matched: bool) -> None:
        for observer in self.observers:
            observer.choice_rule(run, index, matched)

    def choice_default(self, run: StateRun) -> None:
        for observer in self.observers:
            observer.choice_default(run)

    def retried(self, run: StateRun, retrier: int, error: StatesError) -> None:
        for observer in self.observers:
            observer.retried(run, retrier, error)

    def caught(self, run: StateRun, catcher: int, error: StatesError) -> None:
        for observer in self.observers:
            observer.caught(run, catcher, error)

    def failed(self, run: StateRun, error: StatesError, caught: bool) -> None:
        for observer in self.observers:
            observer.failed(run, error, caught)

    def state_exited(self, run: StateRun, outcome: Outcome) -> None:
        for observer in self.observers:
            observer.state_exited(run, outcome)

    def branch_started(self, run: StateRun, frame: Frame, index: int) -> None:
        for observer in self.observers:
            observer.branch_started(run, frame, index)

    def branch_finished(self, run: StateRun, frame: Frame, index: int) -> None:
        for observer in self.observers:
            observer.branch_finished(run, frame, index)


def combine(observers: Sequence[ExecutionObserver | None]) -> ExecutionObserver | None:
    """One observer for the given ones (None when there are none)."""
    present = [o for o in observers if o is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else ObserverGroup(present)
