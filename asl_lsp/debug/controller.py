"""Pausing and stepping an execution: the engine-side half of the debugger, free of any protocol.

The controller is the engine's :class:`ExecutionObserver`. Every callback is a point where the
calling thread may stop: a state is entered, a data-flow step produced a value, a Choice rule was
evaluated, a state failed. When one thread stops, all stop (each blocks at its next point) until
the client resumes them with a stepping mode. Threads are the execution and each running Parallel
branch or Map iteration.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from asl_lsp.debug.inspect import EvaluationFailed, StateView, evaluate, is_truthy
from asl_lsp.engine.errors import ExecutionStopped, StatesError
from asl_lsp.engine.observer import ExecutionObserver
from asl_lsp.expr.errors import JsonValue
from asl_lsp.spec.errors import is_predefined

if TYPE_CHECKING:
    from asl_lsp.engine.runtime import Frame, Runtime
    from asl_lsp.engine.state_run import Outcome, StateRun


class Mode(Enum):
    CONTINUE = "continue"
    NEXT = "next"
    STEP_IN = "stepIn"
    STEP_OUT = "stepOut"


class Point(Enum):
    """Where in a state a thread is."""

    STATE = "state"  # entered, before any work
    STEP = "step"  # a data-flow step produced a value
    RULE = "rule"  # a Choice rule was evaluated
    ERROR = "error"  # the state failed (after its retries)


@dataclass(eq=False)
class DebugThread:
    id: int
    name: str
    parent: DebugThread | None = None
    parent_view: StateView | None = None  # the Parallel/Map visit that started this branch
    view: StateView | None = None  # the state this thread is in
    point: Point | None = None
    detail: str | None = None  # the step name, or the rule index as text

    def ancestors(self) -> Iterator[DebugThread]:
        thread = self.parent
        while thread is not None:
            yield thread
            thread = thread.parent

    def stack(self) -> list[StateView]:
        """The states on this thread's path, innermost first."""
        views = [self.view] if self.view is not None else []
        thread: DebugThread | None = self
        while thread is not None and thread.parent is not None:
            if thread.parent_view is not None:
                views.append(thread.parent_view)
            thread = thread.parent
        return views


@dataclass
class Breakpoint:
    """A breakpoint on a state (``rule`` None) or on one Choice rule, by the state spec's id."""

    id: int
    spec_id: int
    rule: int | None = None
    condition: str | None = None
    hit_condition: str | None = None
    hits: int = 0


@dataclass
class ExceptionFilter:
    """Stop when a state fails with an error of this family; ``errors`` narrows it to names."""

    states: bool  # States.* errors (else custom errors)
    caught: bool
    errors: frozenset[str] = frozenset()

    def matches(self, error: StatesError, caught: bool) -> bool:
        if caught != self.caught or is_predefined(error.error) != self.states:
            return False
        return not self.errors or error.error in self.errors


@dataclass(frozen=True)
class Stop:
    thread: DebugThread
    reason: str  # entry | breakpoint | step | exception | pause
    breakpoints: tuple[int, ...] = ()
    error: StatesError | None = None
    text: str | None = None


class Listener(Protocol):
    def stopped(self, stop: Stop) -> None: ...

    def thread_started(self, thread: DebugThread) -> None: ...

    def thread_exited(self, thread: DebugThread) -> None: ...

    def message(self, text: str) -> None: ...


def _abort() -> ExecutionStopped:
    return ExecutionStopped("ABORTED", "Debugger.Terminated", "The debugger ended the execution")


class Controller(ExecutionObserver):
    def __init__(self, listener: Listener, *, stop_on_entry: bool = False) -> None:
        self._listener = listener
        self._cond = threading.Condition()
        self._running = True
        self._stop: Stop | None = None
        self._mode = Mode.CONTINUE
        self._target: DebugThread | None = None
        self._out_of_state = False
        self._pause = False
        self._terminating = False
        self._entry = stop_on_entry
        self._breakpoints: dict[tuple[int, int | None], list[Breakpoint]] = {}
        self._filters: list[ExceptionFilter] = []
        self._runtime: Runtime | None = None
        self._next_id = 1
        self.main = self._new_thread("Execution")
        self._threads: dict[int, DebugThread] = {self.main.id: self.main}
        self._by_frame: dict[int, DebugThread] = {}

    # ---------------------------------------------------------------- client side

    def set_breakpoints(self, breakpoints: Sequence[Breakpoint]) -> None:
        table: dict[tuple[int, int | None], list[Breakpoint]] = {}
        for bp in breakpoints:
            table.setdefault((bp.spec_id, bp.rule), []).append(bp)
        self._breakpoints = table

    def set_exception_filters(self, filters: Sequence[ExceptionFilter]) -> None:
        self._filters = list(filters)

    def threads(self) -> list[DebugThread]:
        with self._cond:
            return list(self._threads.values())

    def thread(self, thread_id: int) -> DebugThread | None:
        with self._cond:
            return self._threads.get(thread_id)

    @property
    def stopped(self) -> Stop | None:
        return self._stop

    def resume(self, mode: Mode, thread_id: int | None = None) -> None:
        with self._cond:
            target = self._threads.get(thread_id) if thread_id is not None else None
            if target is None and self._stop is not None:
                target = self._stop.thread
            self._mode = mode if target is not None else Mode.CONTINUE
            self._target = target
            # Out of a data-flow step: to the next state; out of a state: back to the branch's
            # parent.
            self._out_of_state = target is not None and (
                target.point in (Point.STEP, Point.RULE, Point.ERROR) or target.parent is None
            )
            self._stop = None
            self._running = True
            self._cond.notify_all()

    def pause(self) -> None:
        with self._cond:
            if self._running:
                self._pause = True

    def terminate(self) -> None:
        with self._cond:
            self._terminating = True
            self._running = True
            self._cond.notify_all()
            runtime = self._runtime
        if runtime is not None:
            runtime.stop(_abort())

    # ---------------------------------------------------------------- engine side

    def state_entered(self, run: StateRun) -> None:
        thread = self._thread_of(run.frame)
        if self._runtime is None:
            self._runtime = run.runtime
        thread.view = StateView(run)
        self._visit(thread, Point.STATE, None, self._hits(run, None))

    def data_step(self, run: StateRun, step: str, value: JsonValue) -> None:
        thread = self._thread_of(run.frame)
        view = thread.view
        if view is not None and view.run is run:
            view.steps[step] = value
        self._visit(thread, Point.STEP, step, ())

    def choice_rule(self, run: StateRun, index: int, matched: bool) -> None:
        thread = self._thread_of(run.frame)
        view = thread.view
        if view is not None and view.run is run:
            view.steps[f"Choices[{index}]"] = matched
        self._visit(thread, Point.RULE, str(index), self._hits(run, index))

    def failed(self, run: StateRun, error: StatesError, caught: bool) -> None:
        thread = self._thread_of(run.frame)
        if thread.view is not None and thread.view.run is run:
            thread.view.error = error
        if any(f.matches(error, caught) for f in self._filters):
            self._visit(thread, Point.ERROR, error.error, (), error)

    def state_exited(self, run: StateRun, outcome: Outcome) -> None:
        view = self._thread_of(run.frame).view
        if view is not None and view.run is run:
            view.output = outcome.output

    def branch_started(self, run: StateRun, frame: Frame, index: int) -> None:
        parent = self._thread_of(run.frame)
        kind = "iteration" if run.spec.get("Type") == "Map" else "branch"
        with self._cond:
            thread = self._new_thread(f"{run.name} {kind} {index}")
            thread.parent, thread.parent_view = parent, parent.view
            self._threads[thread.id] = thread
            self._by_frame[id(frame)] = thread
        self._listener.thread_started(thread)

    def branch_finished(self, run: StateRun, frame: Frame, index: int) -> None:
        with self._cond:
            thread = self._by_frame.pop(id(frame), None)
            if thread is None:
                return
            self._threads.pop(thread.id, None)
        self._listener.thread_exited(thread)

    # ---------------------------------------------------------------- deciding where to stop

    def _new_thread(self, name: str) -> DebugThread:
        thread = DebugThread(self._next_id, name)
        self._next_id += 1
        return thread

    def _thread_of(self, frame: Frame) -> DebugThread:
        return self._by_frame.get(id(frame), self.main)

    def _hits(self, run: StateRun, rule: int | None) -> list[Breakpoint]:
        candidates = self._breakpoints.get((id(run.spec), rule))
        if not candidates:
            return []
        hit: list[Breakpoint] = []
        for bp in candidates:
            if bp.condition:
                try:
                    if not is_truthy(evaluate(bp.condition, StateView(run))):
                        continue
                except EvaluationFailed as exc:
                    self._listener.message(f"breakpoint condition {bp.condition!r}: {exc}\n")
            bp.hits += 1
            if hit_condition_met(bp.hit_condition, bp.hits):
                hit.append(bp)
        return hit

    def _visit(
        self,
        thread: DebugThread,
        point: Point,
        detail: str | None,
        hits: Sequence[Breakpoint],
        error: StatesError | None = None,
    ) -> None:
        with self._cond:
            if self._terminating:
                raise _abort()
            thread.point, thread.detail = point, detail
            stop = self._decide(thread, point, hits, error)
            while True:
                if stop is not None and self._running:
                    self._running = False
                    self._stop = stop
                    self._pause = False
                    self._listener.stopped(stop)
                    stop = None
                while not self._running:
                    self._cond.wait()
                if self._terminating:
                    raise _abort()
                # A breakpoint met while another thread held the stop is reported now.
                if stop is None or stop.reason not in ("breakpoint", "exception"):
                    return

    def _decide(
        self,
        thread: DebugThread,
        point: Point,
        hits: Sequence[Breakpoint],
        error: StatesError | None,
    ) -> Stop | None:
        if error is not None:
            return Stop(thread, "exception", error=error, text=error.error or "error")
        if hits:
            return Stop(thread, "breakpoint", tuple(bp.id for bp in hits))
        if self._pause:
            return Stop(thread, "pause")
        if self._entry and point is Point.STATE:
            self._entry = False
            return Stop(thread, "entry")
        target = self._target
        if self._mode is Mode.CONTINUE or target is None:
            return None
        related = thread is target or any(t is target for t in thread.ancestors())
        above = any(t is thread for t in target.ancestors())
        if self._mode is Mode.NEXT or (self._mode is Mode.STEP_OUT and self._out_of_state):
            stops = point is Point.STATE and (thread is target or above)
        elif self._mode is Mode.STEP_IN:
            stops = related or above
        else:  # out of a branch: the next point of the thread that started it
            stops = above
        return Stop(thread, "step") if stops else None


def hit_condition_met(condition: str | None, hits: int) -> bool:
    """DAP hit conditions: ``N`` or ``==N``, ``>N``, ``>=N``, ``<N``, ``<=N``, ``%N``."""
    if not condition or not condition.strip():
        return True
    text = condition.strip()
    for op, test in _HIT_OPERATORS:
        if text.startswith(op):
            try:
                return test(hits, int(text[len(op) :].strip()))
            except ValueError:
                return True
    try:
        return hits == int(text)
    except ValueError:
        return True


_HIT_OPERATORS: tuple[tuple[str, Callable[[int, int], bool]], ...] = (
    (">=", lambda h, n: h >= n),
    ("<=", lambda h, n: h <= n),
    ("==", lambda h, n: h == n),
    (">", lambda h, n: h > n),
    ("<", lambda h, n: h < n),
    ("%", lambda h, n: n > 0 and h % n == 0),
)
