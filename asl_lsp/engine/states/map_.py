"""Map: runs the ItemProcessor once per item, results in item order.

Inline mode records each iteration in the execution's history (MapIterationStarted/...).
Distributed mode reads items through a registered ItemReader handler, batches them, tolerates
the configured share of failed items, hands results to a ResultWriter handler and, as AWS runs
child workflows as separate executions, keeps their events out of the parent's history and gives
them no access to the parent's variables.
"""

from __future__ import annotations

import uuid
from typing import Any

from asl_lsp.engine import pipeline
from asl_lsp.engine.bounds import MAX_MAP_ITEMS
from asl_lsp.engine.branches import JobResults, run_jobs
from asl_lsp.engine.errors import (
    BRANCH_FAILED,
    EXCEED_TOLERATED_FAILURE_THRESHOLD,
    QUERY_EVALUATION_ERROR,
    RESULT_WRITER_FAILED,
    RUNTIME,
    StatesError,
)
from asl_lsp.engine.events import compact
from asl_lsp.engine.item_reader import batch_items, read_items
from asl_lsp.engine.runtime import Frame
from asl_lsp.engine.state_run import Outcome, StateRun
from asl_lsp.engine.states.common import (
    MISSING,
    effective_input,
    field_or_path,
    next_of,
    result_flow,
)
from asl_lsp.engine.variables import VariableScope
from asl_lsp.expr.errors import JsonValue
from asl_lsp.expr.jsonpath import evaluate_path

INLINE_DEFAULT_CONCURRENCY = 40


def _number(run: StateRun, field: str, effective: Any, default: float) -> float:
    value = field_or_path(run, field, effective)
    if value is MISSING:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise run.fail(RUNTIME, f"{field} must be a non-negative number, not {value!r}")
    return float(value)


def _items(run: StateRun, effective: Any, distributed: bool) -> list[JsonValue]:
    spec = run.spec
    if distributed and isinstance(spec.get("ItemReader"), dict):
        return read_items(run, spec["ItemReader"], effective)
    if run.jsonata:
        items = run.eval(spec["Items"]) if "Items" in spec else run.raw_input
        field = "Items"
    else:
        path = spec.get("ItemsPath", "$")
        items = evaluate_path(path, effective, context=run.context(), variables=run.variables)
        field = "ItemsPath"
    if isinstance(items, dict) and distributed:
        return [{"Key": k, "Value": v} for k, v in items.items()]
    if not isinstance(items, list):
        raise run.fail(
            RUNTIME if not run.jsonata else QUERY_EVALUATION_ERROR,
            f"The {field} field must select a JSON array, but it selected {compact(items)}",
        )
    return items


def _select(run: StateRun, effective: Any, items: list[JsonValue]) -> list[JsonValue]:
    spec = run.spec
    selector = spec.get("ItemSelector", spec.get("Parameters"))
    if selector is None:
        return items
    out: list[JsonValue] = []
    for index, item in enumerate(items):
        ctx = run.context(map_index=index, map_value=item)
        if run.jsonata:
            out.append(pipeline.jsonata(selector, run.states_var(context=ctx), run.variables))
        else:
            out.append(pipeline.payload(selector, effective, ctx, run.variables))
    return out


def execute(run: StateRun) -> Outcome:
    spec = run.spec
    processor = spec.get("ItemProcessor") or spec.get("Iterator")
    if not isinstance(processor, dict):
        raise run.fail(RUNTIME, "a Map state needs an ItemProcessor")
    config = processor.get("ProcessorConfig") or {}
    distributed = isinstance(config, dict) and config.get("Mode") == "DISTRIBUTED"
    if run.jsonata:
        effective: Any = run.raw_input
    else:
        effective = effective_input(run)
    items = _select(run, effective, _items(run, effective, distributed))
    if len(items) > MAX_MAP_ITEMS:
        raise run.fail(
            RUNTIME,
            f"The Map state has {len(items):,} items, over the local engine's bound of "
            f"{MAX_MAP_ITEMS:,} items per Map state",
        )
    if "ItemSelector" in spec or "Parameters" in spec:
        run.step("ItemSelector" if "ItemSelector" in spec else "Parameters", items)
    if distributed and isinstance(spec.get("ItemBatcher"), dict):
        items = batch_items(run, spec["ItemBatcher"], effective, items)
    concurrency = int(_number(run, "MaxConcurrency", effective, 0))
    ql = "JSONata" if run.jsonata else "JSONPath"
    if distributed:
        output = _distributed(run, processor, items, concurrency, effective, ql)
    else:
        output = _inline(run, processor, items, concurrency, ql)
    run.step("Result", output)
    if run.jsonata:
        return Outcome(run.jsonata_finish(output, result=output), next_of(spec))
    run.jsonpath_assign(output)
    return Outcome(result_flow(run, output), next_of(spec))


def _inline(
    run: StateRun, processor: dict[str, Any], items: list[JsonValue], concurrency: int, ql: str
) -> list[JsonValue]:
    run.emit("MapStateStarted", "mapStateStartedEventDetails", {"length": len(items)})
    name = run.name
    plan = run.machine_plan(processor, ql)  # looked up once for every iteration
    # The compact JSON of each iteration's output, which its last state made for its event:
    # the Map's output text is assembled from them.
    texts = [""] * len(items)

    def iteration(index: int, frame: Frame) -> JsonValue:
        details = {"name": name, "index": index}
        frame.emit("MapIterationStarted", "mapIterationStartedEventDetails", details)
        try:
            value, texts[index] = run.in_branch(
                frame, index, lambda: run.run_plan(plan, items[index], frame)
            )
        except StatesError:
            frame.emit("MapIterationFailed", "mapIterationFailedEventDetails", details)
            raise
        frame.emit("MapIterationSucceeded", "mapIterationSucceededEventDetails", details)
        return value

    limit = concurrency if concurrency > 0 else INLINE_DEFAULT_CONCURRENCY
    results = run_jobs(
        run.frame,
        len(items),
        iteration,
        max_concurrency=min(limit, INLINE_DEFAULT_CONCURRENCY),
        make_frame=lambda parent: parent.child(),
    )
    if not results.all_ok:
        error = results.first_error() or StatesError(BRANCH_FAILED, "an iteration was cancelled")
        run.emit("MapStateFailed")
        raise (
            StatesError(error.error, error.cause, from_branch=True) if not error.terminal else error
        )
    run.emit("MapStateSucceeded")
    run.known_text(results.values, "[" + ",".join(texts) + "]")
    return results.values


def _distributed(
    run: StateRun,
    processor: dict[str, Any],
    items: list[JsonValue],
    concurrency: int,
    effective: Any,
    ql: str,
) -> JsonValue:
    spec = run.spec
    info = run.runtime.info
    label = spec.get("Label") or run.name
    map_run_arn = (
        info.state_machine_arn.replace(":stateMachine:", ":mapRun:") + f"/{label}:{uuid.uuid4()}"
    )
    run.emit("MapStateStarted", "mapStateStartedEventDetails", {"length": len(items)})
    run.emit("MapRunStarted", "mapRunStartedEventDetails", {"mapRunArn": map_run_arn})
    total = len(items)
    count_limit = _number(run, "ToleratedFailureCount", effective, 0)
    pct_limit = _number(run, "ToleratedFailurePercentage", effective, 0)

    def exceeded(failures: int) -> bool:
        if total == 0:
            return False
        over_count = failures > count_limit
        over_pct = failures * 100.0 / total > pct_limit
        given_count = "ToleratedFailureCount" in spec or "ToleratedFailureCountPath" in spec
        given_pct = "ToleratedFailurePercentage" in spec or "ToleratedFailurePercentagePath" in spec
        if given_count and given_pct:
            return over_count or over_pct
        if given_pct:
            return over_pct
        return over_count

    plan = run.machine_plan(processor, ql)

    def child_workflow(index: int, frame: Frame) -> JsonValue:
        output, _ = run.in_branch(frame, index, lambda: run.run_plan(plan, items[index], frame))
        return output

    results = run_jobs(
        run.frame,
        len(items),
        child_workflow,
        max_concurrency=concurrency if concurrency > 0 else 1000,
        make_frame=lambda parent: parent.child(scope=VariableScope(), record=False),
        tolerate=lambda failures: not exceeded(failures),
    )
    errors = results.errors()
    failures = len(errors)
    terminal = next((e for e in errors if e.terminal), None)
    if terminal is not None:
        raise terminal
    if exceeded(failures):
        cause = "The specified tolerated failure threshold was exceeded"
        run.emit(
            "MapRunFailed",
            "mapRunFailedEventDetails",
            {"error": EXCEED_TOLERATED_FAILURE_THRESHOLD, "cause": cause},
        )
        run.emit("MapStateFailed")
        raise StatesError(EXCEED_TOLERATED_FAILURE_THRESHOLD, cause)
    run.emit("MapRunSucceeded")
    output: JsonValue = [_item_output(results, i) for i in range(len(results))]
    writer = spec.get("ResultWriter")
    if isinstance(writer, dict):
        output = _write_results(run, writer, effective, items, results, map_run_arn)
    run.emit("MapStateSucceeded")
    return output


def _item_output(results: JobResults, index: int) -> JsonValue:
    """A child workflow's output, or its error's output when it failed."""
    if results.ok(index):
        return results.values[index]
    error = results.failed[index]
    return error.output() if error is not None else None


def _write_results(
    run: StateRun,
    writer: dict[str, Any],
    effective: Any,
    items: list[JsonValue],
    results: JobResults,
    map_run_arn: str,
) -> JsonValue:
    resource = writer.get("Resource")
    params: Any = {}
    if run.jsonata and "Arguments" in writer:
        params = run.eval(writer["Arguments"])
    elif "Parameters" in writer:
        params = pipeline.payload(writer["Parameters"], effective, run.context(), run.variables)
    fn = run.runtime.tasks.tasks.get(resource) if isinstance(resource, str) else None
    succeeded = [
        {"Input": compact(item), "Output": compact(results.values[i]), "Status": "SUCCEEDED"}
        for i, item in enumerate(items)
        if results.ok(i)
    ]
    failed = [
        {"Input": compact(item), "Error": error.error, "Cause": error.cause, "Status": "FAILED"}
        for i, item in enumerate(items)
        if (error := results.failed.get(i)) is not None
    ]
    if fn is None:
        raise StatesError(
            RESULT_WRITER_FAILED,
            f"no handler for ResultWriter resource {resource}: pass tasks={{'{resource}': fn}} "
            "to LocalBackend (fn receives the writer's Parameters plus the results)",
        )
    payload = {
        **(params if isinstance(params, dict) else {}),
        "MapRunArn": map_run_arn,
        "ResultWriterDetails": {"SUCCEEDED": succeeded, "FAILED": failed, "PENDING": []},
    }
    try:
        written = fn(payload)
    except StatesError:
        raise
    except Exception as exc:
        raise StatesError(RESULT_WRITER_FAILED, f"{type(exc).__name__}: {exc}") from None
    if written is not None:
        return written
    bucket = params.get("Bucket") if isinstance(params, dict) else None
    prefix = params.get("Prefix", "") if isinstance(params, dict) else ""
    key = f"{prefix.rstrip('/')}/{map_run_arn.rsplit(':', 1)[-1]}/manifest.json".lstrip("/")
    return {"MapRunArn": map_run_arn, "ResultWriterDetails": {"Bucket": bucket, "Key": key}}
