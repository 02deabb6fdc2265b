"""What one execution shares (identity, history, task dispatch, stop signal) and what each branch
of it owns (timeline, variables, place in the history, cancellation)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from asl_lsp.engine.bounds import MAX_STATES_RUN
from asl_lsp.engine.clock import Timeline, tick_time
from asl_lsp.engine.errors import RUNTIME, TIMEOUT, ExecutionStopped
from asl_lsp.engine.events import (
    ENTERED_DETAILS,
    EXITED_DETAILS,
    EventLog,
    HistoryFull,
    VisitedState,
    Walk,
)
from asl_lsp.engine.plan import Plans
from asl_lsp.engine.variables import VariableScope
from asl_lsp.expr.context_object import format_timestamp
from asl_lsp.expr.errors import JsonValue
from asl_lsp.spec.limits import MAX_HISTORY_EVENTS

if TYPE_CHECKING:
    from asl_lsp.engine.observer import ExecutionObserver
    from asl_lsp.engine.tasks import TaskDispatcher


class BranchCancelled(Exception):
    """A sibling branch failed (or the Map gave up): this branch stops quietly."""


class Cancel:
    """A cancellation flag that also cancels every child made from it.

    Every Parallel or Map state gets one for its branches or iterations, and most are never
    waited on: the flag is a plain attribute (read on every state), one lock serves a whole
    tree, and the ``threading.Event`` a real-time sleep waits on is made only when someone asks
    for it.
    """

    def __init__(self, lock: threading.Lock | None = None) -> None:
        self.cancelled = False
        self._children: list[Cancel] = []
        self._lock = lock if lock is not None else threading.Lock()
        self._event: threading.Event | None = None

    @property
    def event(self) -> threading.Event:
        """An event that is set once this flag is (for waits that cancellation must cut short)."""
        with self._lock:
            if self._event is None:
                self._event = threading.Event()
                if self.cancelled:
                    self._event.set()
            return self._event

    def child(self) -> Cancel:
        c = Cancel(self._lock)
        with self._lock:
            c.cancelled = self.cancelled
            self._children.append(c)
        return c

    def set(self) -> None:
        with self._lock:
            pending = [self]
            while pending:
                cancel = pending.pop()
                if cancel.cancelled:  # and so is everything made from it
                    continue
                cancel.cancelled = True
                if cancel._event is not None:
                    cancel._event.set()
                pending.extend(cancel._children)

    def is_set(self) -> bool:
        return self.cancelled


@dataclass
class ExecutionInfo:
    execution_arn: str
    execution_name: str
    state_machine_arn: str
    state_machine_name: str
    role_arn: str
    input: JsonValue
    start_time: datetime
    start_text: str = ""

    def __post_init__(self) -> None:
        self.start_text = format_timestamp(self.start_time)


@dataclass
class Runtime:
    info: ExecutionInfo
    log: EventLog
    tasks: TaskDispatcher
    root_cancel: Cancel = field(default_factory=Cancel)
    stop_reason: ExecutionStopped | None = None
    deadline: datetime | None = None
    on_state_entered: Any = None  # Callable[[str, JsonValue], None] | None, for --watch
    states_run: int = 0
    observer: ExecutionObserver | None = None
    plans: Plans = field(default_factory=Plans)

    def stop(self, reason: ExecutionStopped) -> None:
        if self.stop_reason is None:
            self.stop_reason = reason
        self.root_cancel.set()

    def fail_execution(self, cause: str) -> ExecutionStopped:
        """Stop every branch and fail the execution with ``States.Runtime`` (a limit was hit)."""
        stop = ExecutionStopped("FAILED", RUNTIME, cause)
        self.stop(stop)
        return self.stop_reason or stop

    def count_state(self) -> None:
        """Count one state run against :data:`MAX_STATES_RUN`."""
        self.states_run += 1
        if self.states_run > MAX_STATES_RUN:
            raise self.fail_execution(
                f"The execution ran more than {MAX_STATES_RUN:,} states (the local engine's "
                "bound, Distributed Map child workflows included)"
            )

    def states_room(self) -> int:
        """How many more states the execution may run before :meth:`count_state` fails it."""
        return MAX_STATES_RUN - self.states_run

    def timeout(self) -> ExecutionStopped:
        return ExecutionStopped(
            "TIMED_OUT", TIMEOUT, "The execution ran longer than the state machine's TimeoutSeconds"
        )


@dataclass
class Frame:
    """One thread of control: the main flow, a Parallel branch or a Map iteration."""

    runtime: Runtime
    timeline: Timeline
    scope: VariableScope
    cancel: Cancel
    last_event: int = 0
    record: bool = True  # Distributed Map child workflows do not write to the parent's history

    def emit(
        self,
        type_: str,
        key: str | None = None,
        details: Any = None,
        at: int | None = None,
        text: str | None = None,
    ) -> int:
        """Append an event after this frame's last one; ``at`` is its tick when the caller
        already read the clock for it (a state's entered time is also its context's
        ``EnteredTime``). ``text`` makes it a state's entered or exited event: ``details`` is
        then the state's name and ``text`` its input or output JSON (see ``events.Record``)."""
        if not self.record:
            return self.last_event
        try:
            self.last_event = self.runtime.log.add(
                type_,
                self.timeline.tick() if at is None else at,
                self.last_event,
                key,
                details,
                text,
            )
        except HistoryFull:
            raise self._history_full() from None
        return self.last_event

    def emit_visit(
        self, entered: str, exited: str, name: str, input_text: str, output_text: str, tick: int
    ) -> None:
        """Append a state's entered and exited events, both at ``tick``: for a state that has
        no work to do between them."""
        if not self.record:
            return
        added = self.runtime.log.add_visit(
            entered, exited, tick, self.last_event, name, input_text, output_text
        )
        if added:
            self.last_event = added
        else:
            self.emit(entered, ENTERED_DETAILS, name, tick, input_text)
            self.emit(exited, EXITED_DETAILS, name, tick, output_text)

    def emit_walk(
        self, states: Sequence[VisitedState], start: int, reads: list[int], input_text: str
    ) -> None:
        """Append the events of a walk through ``states[start:start + len(reads)]``, which had
        no work to do between their entered and exited events: ``reads[i]`` is ``time_ns()``
        when the walk visited the ``i``-th of them (see ``events.Walk``). The caller made sure
        that the history has room for them (``EventLog.walk_room``)."""
        if not self.record:
            return
        timeline = self.timeline
        walk = Walk(states, start, reads, timeline.shift, self.last_event, input_text)
        added = self.runtime.log.add_walk(walk)
        if added:
            self.last_event = added
            return
        # The log was shared since the walk began: its events are added one by one.
        for state, tick, input_, output in walk.visits():
            self.emit(state.entered, ENTERED_DETAILS, state.name, tick, input_)
            self.emit(state.exited, EXITED_DETAILS, state.name, tick, output)

    def _history_full(self) -> ExecutionStopped:
        return self.runtime.fail_execution(
            f"The execution history reached the limit of {MAX_HISTORY_EVENTS:,} events "
            "(AWS fails an execution whose history would grow past it)"
        )

    def child(self, *, scope: VariableScope | None = None, record: bool | None = None) -> Frame:
        """A frame for one job (Parallel branch, Map iteration) of the group this frame runs: its
        own timeline, variables and event chain. It shares this frame's cancellation: a group is
        cancelled as a whole (a failed job stops its siblings), never one job alone."""
        return Frame(
            self.runtime,
            self.timeline.fork(),
            scope if scope is not None else self.scope.child(),
            self.cancel,
            self.last_event,
            self.record if record is None else record,
        )

    def check(self, tick: int | None = None) -> None:
        """Raise when the execution was stopped, timed out, or this branch was cancelled.
        ``tick`` is the time on this frame's timeline when the caller has just read it (a
        handler-free state's visit reads the clock once, for its events and for this check)."""
        rt = self.runtime
        if rt.deadline is not None:
            now = self.timeline.now() if tick is None else tick_time(tick)
            if now >= rt.deadline:
                rt.stop(rt.timeout())
        if self.cancel.cancelled:
            if rt.stop_reason is not None:
                raise rt.stop_reason
            raise BranchCancelled()

    def sleep(self, seconds: float) -> None:
        """Sleep on this frame's timeline, honouring stop, cancellation and the deadline."""
        rt = self.runtime
        self.check()
        timed_out = False
        if rt.deadline is not None:
            remaining = (rt.deadline - self.timeline.now()).total_seconds()
            if seconds >= remaining:
                seconds, timed_out = max(0.0, remaining), True
        if not self.timeline.sleep(seconds, self.cancel.event):
            self.check()
        if timed_out:
            rt.stop(rt.timeout())
            raise rt.timeout()

    def remaining(self) -> float | None:
        """Seconds until the execution deadline, if there is one."""
        if self.runtime.deadline is None:
            return None
        return max(0.0, (self.runtime.deadline - self.timeline.now()).total_seconds())


def deadline_from(start: datetime, timeout_seconds: Any) -> datetime | None:
    if isinstance(timeout_seconds, bool) or not isinstance(timeout_seconds, (int, float)):
        return None
    return start + timedelta(seconds=float(timeout_seconds))
