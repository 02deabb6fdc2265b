"""Small helpers the state handlers share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from asl_lsp.engine import pipeline
from asl_lsp.expr.jsonpath import evaluate_path

if TYPE_CHECKING:
    from asl_lsp.engine.state_run import StateRun

MISSING: Any = object()


def next_of(spec: Mapping[str, Any]) -> str | None:
    """The state's ``Next`` (None when it has ``End``)."""
    nxt = spec.get("Next")
    return nxt if isinstance(nxt, str) and not spec.get("End") else None


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
        args = run.eval(spec["Arguments"]) if "Arguments" in spec else run.raw_input
        return args, run.raw_input
    ctx, variables = run.context(), run.variables
    effective = pipeline.input_path(spec, run.raw_input, ctx, variables)
    if "Parameters" in spec:
        return pipeline.payload(spec["Parameters"], effective, ctx, variables), effective
    return effective, effective
