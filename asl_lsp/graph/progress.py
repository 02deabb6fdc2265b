"""Per-state progress of an execution, computed from its event history.

The events are the dicts of boto3's ``get_execution_history`` (the local engine emits the same
shape), so one function serves the local engine, AWS and moto. A failure event belongs to the state
whose ``...StateEntered`` event it descends from through ``previousEventId``; the failure counts as
caught when the next state entered descends from the failure itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from asl_lsp.spec.states import PROCESSOR_FIELDS

STATUSES = ("succeeded", "failed", "caught", "in-progress", "not-reached")

_FAILURE_SUFFIXES = ("Failed", "TimedOut", "Aborted")
_NOT_STATE_FAILURES = {
    "ExecutionFailed",
    "ExecutionTimedOut",
    "ExecutionAborted",
    "MapIterationFailed",
    "MapIterationAborted",
    "MapRunFailed",
    "MapRunAborted",
}
_RETRY_STARTS = ("TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled")
_WALK_LIMIT = 10_000


@dataclass
class StateProgress:
    """What happened to one state (all its visits: loops and Map iterations included)."""

    name: str
    status: str = "not-reached"
    entered: int = 0
    exited: int = 0
    failures: int = 0
    caught: int = 0
    retries: int = 0
    error: str = ""
    iterations_total: int | None = None
    iterations_started: int = 0
    iterations_succeeded: int = 0
    iterations_failed: int = 0
    branches_total: int | None = None
    branches_succeeded: int = 0
    branches_failed: int = 0

    def summary(self) -> str:
        """One short line for the graph: counts for Map and Parallel, retries, the error."""
        parts: list[str] = []
        if self.iterations_total is not None or self.iterations_started:
            total = self.iterations_total
            done = self.iterations_succeeded
            text = f"items {done}/{total}" if total is not None else f"items {done} done"
            if self.iterations_failed:
                text += f", {self.iterations_failed} failed"
            parts.append(text)
        if self.branches_total is not None:
            text = f"branches {self.branches_succeeded}/{self.branches_total}"
            if self.branches_failed:
                text += f", {self.branches_failed} failed"
            parts.append(text)
        if self.retries:
            parts.append(f"retried {self.retries}x")
        if self.error and self.status in ("failed", "caught"):
            parts.append(self.error)
        if self.entered > 1 and not parts:
            parts.append(f"{self.entered} visits")
        return " · ".join(parts)


def _details(event: dict[str, Any]) -> dict[str, Any]:
    for key, value in event.items():
        if isinstance(key, str) and key.endswith("EventDetails") and isinstance(value, dict):
            return value
    return {}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class _History:
    def __init__(self, events: list[dict[str, Any]]) -> None:
        self.events = [e for e in events if isinstance(e, dict)]
        if all(_int(e.get("id")) is not None for e in self.events):
            self.events.sort(key=lambda e: e["id"])
        self.by_id: dict[int, dict[str, Any]] = {}
        for e in self.events:
            event_id = _int(e.get("id"))
            if event_id is not None:
                self.by_id[event_id] = e

    def owner(self, event: dict[str, Any]) -> str | None:
        """The name of the state whose StateEntered event ``event`` descends from."""
        current: dict[str, Any] | None = event
        for _ in range(_WALK_LIMIT):
            if current is None:
                return None
            prev = _int(current.get("previousEventId"))
            current = self.by_id.get(prev) if prev is not None else None
            if current is None:
                return None
            kind = str(current.get("type", ""))
            if kind.endswith("StateEntered"):
                name = _details(current).get("name")
                return name if isinstance(name, str) else None
        return None

    def pending_cause(self, event: dict[str, Any], pending: dict[int, str]) -> str | None:
        """For a StateEntered event: the state whose pending failure it directly follows."""
        current: dict[str, Any] | None = event
        for _ in range(_WALK_LIMIT):
            prev = _int(current.get("previousEventId")) if current is not None else None
            current = self.by_id.get(prev) if prev is not None else None
            if current is None:
                return None
            event_id = _int(current.get("id"))
            if event_id is not None and event_id in pending:
                return pending[event_id]
            kind = str(current.get("type", ""))
            if kind.endswith(("StateEntered", "StateExited")):
                return None
        return None


def state_status_from_events(
    events: list[dict[str, Any]], definition: Any = None
) -> dict[str, StateProgress]:
    """Status and counters per state name. ``definition`` (optional) adds Parallel branch counts."""
    history = _History(events if isinstance(events, list) else [])
    result: dict[str, StateProgress] = {}
    pending_failure: dict[str, int] = {}  # state -> failure event id not yet resolved
    pending_by_event: dict[int, str] = {}
    schedules: dict[str, int] = {}
    fail_states: set[str] = set()
    caught_on_exit: dict[str, int] = {}
    ended: str | None = None

    def get(name: str) -> StateProgress:
        if name not in result:
            result[name] = StateProgress(name)
        return result[name]

    for event in history.events:
        kind = str(event.get("type", ""))
        details = _details(event)
        event_id = _int(event.get("id"))
        if kind.endswith("StateEntered"):
            name = details.get("name")
            if not isinstance(name, str):
                continue
            cause = history.pending_cause(event, pending_by_event)
            if cause is not None and cause in pending_failure:
                get(cause).caught += 1
                pending_by_event.pop(pending_failure.pop(cause), None)
            get(name).entered += 1
            if kind == "FailStateEntered":
                fail_states.add(name)
        elif kind.endswith("StateExited"):
            name = details.get("name")
            if isinstance(name, str):
                get(name).exited += 1
                if name in pending_failure:
                    # Leaving a state while its failure is unresolved (no retry started): the
                    # failure was caught and this exit is the transition to the handler.
                    get(name).caught += 1
                    caught_on_exit[name] = caught_on_exit.get(name, 0) + 1
                    pending_by_event.pop(pending_failure.pop(name), None)
        elif kind.startswith("MapIteration"):
            name = details.get("name")
            if isinstance(name, str):
                progress = get(name)
                if kind == "MapIterationStarted":
                    progress.iterations_started += 1
                elif kind == "MapIterationSucceeded":
                    progress.iterations_succeeded += 1
                elif kind in ("MapIterationFailed", "MapIterationAborted"):
                    progress.iterations_failed += 1
        elif kind == "MapStateStarted":
            owner = history.owner(event)
            length = _int(details.get("length"))
            if owner is not None and length is not None:
                progress = get(owner)
                progress.iterations_total = (progress.iterations_total or 0) + length
        elif kind in _RETRY_STARTS:
            owner = history.owner(event)
            if owner is not None:
                schedules[owner] = schedules.get(owner, 0) + 1
                if owner in pending_failure:
                    pending_by_event.pop(pending_failure.pop(owner), None)
        elif kind.startswith("Execution") and kind.endswith(
            ("Succeeded", "Failed", "TimedOut", "Aborted")
        ):
            ended = kind
        elif kind.endswith(_FAILURE_SUFFIXES) and kind not in _NOT_STATE_FAILURES:
            owner = history.owner(event)
            if owner is None:
                continue
            progress = get(owner)
            progress.failures += 1
            error = details.get("error")
            if isinstance(error, str) and error:
                progress.error = error
            if event_id is not None:
                if owner in pending_failure:
                    pending_by_event.pop(pending_failure[owner], None)
                pending_failure[owner] = event_id
                pending_by_event[event_id] = owner

    for name, progress in result.items():
        progress.retries = max(schedules.get(name, 0) - 1, 0)
        caught_in_place = progress.caught - caught_on_exit.get(name, 0)
        open_visits = progress.entered - progress.exited - caught_in_place
        if progress.entered == 0:
            progress.status = "not-reached"
        elif name in fail_states or name in pending_failure:
            progress.status = "failed"
        elif progress.caught:
            progress.status = "caught"
        elif open_visits > 0:
            progress.status = "in-progress" if ended is None else "failed"
        else:
            progress.status = "succeeded"
    if definition is not None:
        _branch_counts(definition, result, 0)
    return result


def _branch_counts(machine: Any, result: dict[str, StateProgress], depth: int) -> None:
    if not isinstance(machine, dict) or depth > 40:
        return
    states = machine.get("States")
    if not isinstance(states, dict):
        return
    for name, body in states.items():
        if not isinstance(body, dict):
            continue
        branches = body.get("Branches") if body.get("Type") == "Parallel" else None
        if isinstance(branches, list) and name in result and result[name].entered:
            progress = result[name]
            progress.branches_total = len(branches)
            progress.branches_succeeded = progress.branches_failed = 0
            for branch in branches:
                outcome = _branch_outcome(branch, result)
                if outcome == "succeeded":
                    progress.branches_succeeded += 1
                elif outcome == "failed":
                    progress.branches_failed += 1
        for key in PROCESSOR_FIELDS:
            _branch_counts(body.get(key), result, depth + 1)
        for branch in branches if isinstance(branches, list) else []:
            _branch_counts(branch, result, depth + 1)


def _branch_outcome(branch: Any, result: dict[str, StateProgress]) -> str:
    states = branch.get("States") if isinstance(branch, dict) else None
    if not isinstance(states, dict):
        return "unknown"
    finished = False
    for name, body in states.items():
        progress = result.get(name)
        if progress is None:
            continue
        if progress.status == "failed":
            return "failed"
        if not isinstance(body, dict):
            continue
        terminal = body.get("End") is True or body.get("Type") == "Succeed"
        if terminal and progress.exited:
            finished = True
    return "succeeded" if finished else "running"
