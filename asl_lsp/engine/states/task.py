"""Task: runs the resource through the dispatcher (handler, mock or task token)."""

from __future__ import annotations

from typing import Any

from asl_lsp.engine import pipeline
from asl_lsp.engine.errors import RUNTIME
from asl_lsp.engine.state_run import Outcome, StateRun
from asl_lsp.engine.states.common import MISSING, field_or_path, next_of, result_flow, state_input
from asl_lsp.spec.limits import MAX_WAIT_SECONDS


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
    spec = run.spec
    resource = spec.get("Resource")
    if not isinstance(resource, str):
        raise run.fail(RUNTIME, "a Task state needs a string Resource")
    rt = run.runtime
    waiter = None
    if resource.endswith(".waitForTaskToken"):
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
            run, resource, args, timeout=timeout, heartbeat=heartbeat, waiter=waiter
        )
    finally:
        if run.task_token is not None:
            rt.tasks.tokens.discard(run.task_token)
    run.step("Result", result)
    if run.jsonata:
        return Outcome(run.jsonata_finish(result, result=result), next_of(spec))
    run.jsonpath_assign(result)
    return Outcome(result_flow(run, result), next_of(spec))
