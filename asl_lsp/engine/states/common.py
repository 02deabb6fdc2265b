"""Small helpers the state handlers share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from asl_lsp.engine import pipeline
from asl_lsp.engine.plan import next_of
from asl_lsp.expr.jsonpath import evaluate_path

if TYPE_CHECKING:
    from asl_lsp.engine.state_run import StateRun

__all__ = ["MISSING", "effective_input", "field_or_path", "next_of", "output_of", "result_flow"]

MISSING: Any = object()


def field_or_path(run: StateRun, field: str, effective: Any) -> Any:
    """The value of ``field`` (evaluated in a JSONata state) or of ``<field>Path`` read from the
    effective input (JSONPath states only); ``MISSING`` when the state gives neither."""
    spec = run.spec
    if field in spec:
        return run.eval(spec[field]) if run.jsonata else spec[field]
    if f"{field}Path" in spec and not run.jsonata:
        return evaluate_path(
            spec[f"{field}Path"], effective, context=run.context(), variables=run.variables
        )
    return MISSING


def state_input(run: StateRun) -> tuple[Any, Any]:
    """What a Task or Parallel works on, and the effective input it was derived from: JSONata
    ``Arguments`` (or the raw input), or JSONPath ``InputPath`` then ``Parameters``."""
    spec = run.spec
    if run.jsonata:
        if "Arguments" not in spec:
            return run.raw_input, run.raw_input
        return run.step("Arguments", run.eval(spec["Arguments"])), run.raw_input
    effective = effective_input(run)
    if "Parameters" in spec:
        params = pipeline.payload(spec["Parameters"], effective, run.context(), run.variables)
        return run.step("Parameters", params), effective
    return effective, effective


def effective_input(run: StateRun) -> Any:
    """A JSONPath state's input after ``InputPath`` (reported as a data-flow step)."""
    if "InputPath" not in run.spec:  # the context object is built only for a path that needs it
        return run.raw_input
    effective = pipeline.input_path(run.spec, run.raw_input, run.context(), run.variables)
    return run.step("InputPath", effective)


def output_of(run: StateRun, data: Any) -> Any:
    """A JSONPath state's output: ``OutputPath`` applied to ``data`` (reported as a step)."""
    if "OutputPath" not in run.spec:
        return data
    output = pipeline.output_path(run.spec, data, run.context(), run.variables)
    return run.step("OutputPath", output)


def result_flow(run: StateRun, result: Any) -> Any:
    """What a JSONPath state that produced ``result`` outputs: ResultSelector -> ResultPath ->
    OutputPath, each reported as a data-flow step."""
    spec = run.spec
    if "ResultSelector" in spec:
        selected = pipeline.payload(spec["ResultSelector"], result, run.context(), run.variables)
        result = run.step("ResultSelector", selected)
    combined = pipeline.result_path(spec, run.raw_input, result)
    if "ResultPath" in spec:
        run.step("ResultPath", combined)
    return output_of(run, combined)
