"""Wait: pauses for Seconds or until a Timestamp (or their paths), on the frame's timeline."""

from __future__ import annotations

from typing import Any

from asl_lsp.engine.errors import RUNTIME
from asl_lsp.engine.state_run import Outcome, StateRun
from asl_lsp.engine.states.common import effective_input, next_of, output_of
from asl_lsp.engine.timestamps import parse_timestamp
from asl_lsp.expr.jsonpath import evaluate_path
from asl_lsp.spec.limits import MAX_WAIT_SECONDS


def _seconds(run: StateRun, effective: Any) -> float:
    spec = run.spec
    ctx, variables = run.context(), run.variables
    if "Seconds" in spec:
        value = run.eval(spec["Seconds"]) if run.jsonata else spec["Seconds"]
        return _check_seconds(run, value, "Seconds")
    if "SecondsPath" in spec:
        value = evaluate_path(spec["SecondsPath"], effective, context=ctx, variables=variables)
        return _check_seconds(run, value, "SecondsPath")
    if "Timestamp" in spec or "TimestampPath" in spec:
        if "Timestamp" in spec:
            raw = run.eval(spec["Timestamp"]) if run.jsonata else spec["Timestamp"]
            field = "Timestamp"
        else:
            raw = evaluate_path(spec["TimestampPath"], effective, context=ctx, variables=variables)
            field = "TimestampPath"
        moment = parse_timestamp(raw) if isinstance(raw, str) else None
        if moment is None:
            raise run.fail(
                RUNTIME,
                f"The {field} value {raw!r} is not a valid ISO-8601 timestamp "
                "(e.g. 2026-01-31T12:00:00Z)",
            )
        return max(0.0, (moment - run.frame.timeline.now()).total_seconds())
    return 0.0


def _check_seconds(run: StateRun, value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise run.fail(
            RUNTIME, f"The {field} value {value!r} must be a non-negative integer number of seconds"
        )
    if isinstance(value, float) and not value.is_integer():
        raise run.fail(RUNTIME, f"The {field} value {value!r} must be an integer")
    if value > MAX_WAIT_SECONDS:
        shown = f"{value:.6g}" if isinstance(value, float) else f"{value:,}"[:40]
        raise run.fail(
            RUNTIME,
            f"The {field} value {shown} is over the Wait limit of {MAX_WAIT_SECONDS:,} seconds",
        )
    return float(value)


def execute(run: StateRun) -> Outcome:
    spec = run.spec
    if run.jsonata:
        seconds = _seconds(run, run.raw_input)
        output = run.jsonata_finish(run.raw_input)
        run.frame.sleep(seconds)
        return Outcome(output, next_of(spec))
    effective = effective_input(run)
    seconds = _seconds(run, effective)
    run.jsonpath_assign(effective)
    run.frame.sleep(seconds)
    return Outcome(output_of(run, effective), next_of(spec))
