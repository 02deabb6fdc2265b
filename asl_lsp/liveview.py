"""Where a running execution is, from its history events, for ``asl run --watch`` and
``asl deploy --execute``.

``ExecutionView`` follows Step Functions history events (the local engine's and AWS's have the
same shape) and keeps the current state, Map and Parallel progress (done/total) and the retries
seen so far. On a terminal, ``LiveLine`` redraws one status line in place (the elapsed time keeps
ticking during a Wait or a slow task); elsewhere the caller prints ``ExecutionView.feed``'s plain
lines, one per state entered or retry.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from asl_lsp.sdk.tables import event_details
from asl_lsp.spec.states import PROCESSOR_FIELDS

# History event types that end one attempt of a task; a new "...Scheduled" event in the same state
# after one of them is a retry.
_ATTEMPT_FAILED = (
    "TaskFailed",
    "TaskTimedOut",
    "LambdaFunctionFailed",
    "LambdaFunctionTimedOut",
    "ActivityFailed",
    "ActivityTimedOut",
)
_ATTEMPT_SCHEDULED = ("TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled")
_ITERATION_DONE = ("MapIterationSucceeded", "MapIterationFailed", "MapIterationAborted")


@dataclass
class _Fan:
    """A Map or Parallel state in progress."""

    kind: str
    done: int = 0
    total: int | None = None


@dataclass
class ExecutionView:
    """The state of an execution as its history events arrive.

    ``parallel_ends``: for each Parallel state of the definition, the names of its branches' end
    states; a branch is done when one of them exits (history has no per-branch event).
    """

    parallel_ends: Mapping[str, frozenset[str]] = field(default_factory=dict)
    current: str | None = None
    retries: dict[str, int] = field(default_factory=dict)
    fans: dict[str, _Fan] = field(default_factory=dict)
    _failed_in: str | None = None
    _last_error: str = ""

    def feed(self, event: Mapping[str, Any]) -> str | None:
        """Takes one history event; returns a plain line worth printing, if any."""
        kind = str(event.get("type", ""))
        details = event_details(dict(event))
        name = details.get("name")
        if kind.endswith("StateEntered") and isinstance(name, str):
            self.current = name
            self._failed_in = None
            if kind in ("MapStateEntered", "ParallelStateEntered"):
                fan = _Fan(kind.removesuffix("StateEntered"))
                if fan.kind == "Parallel":
                    fan.total = len(self.parallel_ends.get(name, ())) or None
                self.fans[name] = fan
            return f"→ {name}"
        if kind.endswith("StateExited") and isinstance(name, str):
            self.fans.pop(name, None)
            for parallel, fan in self.fans.items():
                if fan.kind == "Parallel" and name in self.parallel_ends.get(parallel, ()):
                    fan.done += 1
            return None
        if kind == "MapStateStarted":
            started = self._innermost("Map")
            if started is not None and isinstance(details.get("length"), int):
                started.total = int(details["length"])
            return None
        if kind in _ITERATION_DONE and isinstance(name, str) and name in self.fans:
            self.fans[name].done += 1
            return None
        if kind in _ATTEMPT_FAILED:
            self._failed_in = self.current
            self._last_error = str(details.get("error") or kind)
            return None
        if kind in _ATTEMPT_SCHEDULED and self._failed_in is not None and self.current:
            state = self._failed_in
            self.retries[state] = self.retries.get(state, 0) + 1
            self._failed_in = None
            return f"↻ {state}: retry {self.retries[state]} after {self._last_error}"
        return None

    def _innermost(self, kind: str) -> _Fan | None:
        found = [fan for fan in self.fans.values() if fan.kind == kind]
        return found[-1] if found else None

    def status(self, elapsed: float) -> str:
        """One line: the current state, its elapsed time, fan-out progress and retries."""
        parts = [f"{self.current or 'starting'}", f"{elapsed:.1f} s"]
        for fan_name, fan in self.fans.items():
            total = "?" if fan.total is None else str(fan.total)
            parts.append(f"{fan.kind} {fan_name} {fan.done}/{total}")
        if self.retries:
            parts.append(
                "retries: " + ", ".join(f"{state} x{n}" for state, n in self.retries.items())
            )
        return " · ".join(parts)


def parallel_end_states(definition: Any) -> dict[str, frozenset[str]]:
    """For each Parallel state (at any depth), the end states of its branches."""
    ends: dict[str, frozenset[str]] = {}

    def visit(machine: Any) -> None:
        states = machine.get("States") if isinstance(machine, Mapping) else None
        if not isinstance(states, Mapping):
            return
        for name, body in states.items():
            if not isinstance(body, Mapping):
                continue
            branches = body.get("Branches")
            if body.get("Type") == "Parallel" and isinstance(branches, list):
                found: set[str] = set()
                for branch in branches:
                    branch_states = branch.get("States") if isinstance(branch, Mapping) else None
                    if isinstance(branch_states, Mapping):
                        found.update(
                            str(n)
                            for n, b in branch_states.items()
                            if isinstance(b, Mapping)
                            and (b.get("End") is True or b.get("Type") in ("Succeed", "Fail"))
                        )
                    visit(branch)
                ends[str(name)] = frozenset(found)
            for key in PROCESSOR_FIELDS:
                visit(body.get(key))

    visit(definition)
    return ends


class LiveLine:
    """Redraws ``view.status`` in place on a terminal, also between events (a ticking clock)."""

    def __init__(
        self,
        view: ExecutionView,
        out: TextIO,
        clock: Callable[[], float] = time.monotonic,
        interval: float = 0.2,
        prefix: str = "",
    ) -> None:
        self.view = view
        self.prefix = prefix
        self.out = out
        self.clock = clock
        self.interval = interval
        self.started = clock()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, name="asl-live-line", daemon=True)

    def __enter__(self) -> LiveLine:
        self.draw()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        with self._lock:
            self.out.write("\r\033[K")
            self.out.flush()

    def feed(self, event: Mapping[str, Any]) -> None:
        """Takes an event; a retry is also kept as a line above the status line."""
        with self._lock:
            line = self.view.feed(event)
            if line is not None and line.startswith("↻"):
                self.out.write(f"\r\033[K{line}\n")
        self.draw()

    def draw(self) -> None:
        with self._lock:
            status = self.view.status(self.clock() - self.started)
            self.out.write(f"\r\033[K{self.prefix}{status}")
            self.out.flush()

    def _tick(self) -> None:
        while not self._stop.wait(self.interval):
            self.draw()
