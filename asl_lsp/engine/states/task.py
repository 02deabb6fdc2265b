"""Task: runs the resource through the dispatcher (handler, mock or task token)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from asl_lsp.engine import pipeline
from asl_lsp.engine.errors import RUNTIME
from asl_lsp.engine.state_run import Outcome, StateRun
from asl_lsp.engine.states.common import MISSING, field_or_path, next_of, result_flow, state_input
from asl_lsp.engine.tasks import ResourceKind, classify
from asl_lsp.spec.limits import MAX_WAIT_SECONDS

# The fields a visit handles without the data-flow pipeline. A Task state with no other field
# calls its resource with its input and outputs the result; any other field (a path, a template,
# a time limit, Assign, or one this engine does not know) takes the whole pipeline.
_PLAIN_FIELDS = frozenset(
    ("Type", "Comment", "QueryLanguage", "Resource", "Retry", "Catch", "Next", "End")
)
_TOKEN_SUFFIX = ".waitForTaskToken"


class TaskPlan:
    """What every visit of one Task state reads from its definition, read on its first visit
    (a Map runs the Task of its item processor once per item)."""

    __slots__ = ("kind", "next", "plain", "resource", "waits_for_token")

    def __init__(self, spec: Mapping[str, Any]) -> None:
        resource = spec.get("Resource")
        # None: the state cannot run (each visit fails, as AWS would refuse it).
        self.resource: str | None = resource if isinstance(resource, str) else None
        # How history names the resource.
        self.kind: ResourceKind | None = classify(resource) if isinstance(resource, str) else None
        self.waits_for_token = isinstance(resource, str) and resource.endswith(_TOKEN_SUFFIX)
        # Its arguments are its input and its output is its result: a visit takes no step of the
        # data-flow pipeline (and evaluates no time limit).
        self.plain = not self.waits_for_token and _PLAIN_FIELDS.issuperset(spec)
        self.next = next_of(spec)


def _plan(run: StateRun) -> TaskPlan:
    """The state's TaskPlan, made on its first visit (threads that race make equal ones)."""
    plan = run.state.handler_plan
    if not isinstance(plan, TaskPlan):
        plan = run.state.handler_plan = TaskPlan(run.spec)
    return plan


def _seconds(run: StateRun, field: str, effective: Any) -> float | None:
    value = field_or_path(run, field, effective)
    if value is MISSING:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise run.fail(RUNTIME, f"{field} must be a positive integer, not {value!r}")
    if value > MAX_WAIT_SECONDS:
        raise run.fail(RUNTIME, f"{field} must be at most {MAX_WAIT_SECONDS:,} seconds")
    return float(value)


def execute(run: StateRun) -> Outcome:
    task = _plan(run)
    if task.kind is None:
        raise run.fail(RUNTIME, "a Task state needs a string Resource")
    rt = run.runtime
    if task.plain:
        result = rt.tasks.invoke(
            run, task.kind, run.raw_input, timeout=None, heartbeat=None, waiter=None
        )
        return Outcome(run.step("Result", result), task.next)
    spec = run.spec
    waiter = None
    if task.waits_for_token:
        run.task_token, waiter = rt.tasks.tokens.new()
        run.reset_context()
    try:
        args, effective = state_input(run)
        if not run.jsonata and isinstance(spec.get("Credentials"), dict):
            # Evaluated for its failures only (a bad path fails the state, as on AWS).
            pipeline.payload(spec["Credentials"], effective, run.context(), run.variables)
        timeout = _seconds(run, "TimeoutSeconds", effective)
        heartbeat = _seconds(run, "HeartbeatSeconds", effective)
        result = rt.tasks.invoke(
            run, task.kind, args, timeout=timeout, heartbeat=heartbeat, waiter=waiter
        )
    finally:
        if run.task_token is not None:
            rt.tasks.tokens.discard(run.task_token)
    run.step("Result", result)
    if run.jsonata:
        return Outcome(run.jsonata_finish(result, result=result), next_of(spec))
    run.jsonpath_assign(result)
    return Outcome(result_flow(run, result), next_of(spec))
