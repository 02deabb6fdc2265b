"""Fail: stops the branch with ``Error``/``Cause`` (literal, a path, an intrinsic or JSONata)."""

from __future__ import annotations

from typing import Any

from asl_lsp.engine.errors import RUNTIME, StatesError
from asl_lsp.engine.state_run import Outcome, StateRun
from asl_lsp.expr.intrinsics import evaluate_intrinsic, is_intrinsic_like
from asl_lsp.expr.jsonpath import evaluate_path


def _field(run: StateRun, name: str) -> str:
    spec = run.spec
    value: Any = None
    if run.jsonata and name in spec:
        value = run.eval(spec[name])
    elif name in spec:
        value = spec[name]
    elif f"{name}Path" in spec:
        expr = spec[f"{name}Path"]
        if not isinstance(expr, str):
            raise run.fail(RUNTIME, f"{name}Path must be a string")
        if is_intrinsic_like(expr):
            value = evaluate_intrinsic(
                expr, run.raw_input, context=run.context(), variables=run.variables
            )
        else:
            value = evaluate_path(
                expr, run.raw_input, context=run.context(), variables=run.variables
            )
        if not isinstance(value, str):
            raise run.fail(
                RUNTIME,
                f"The {name}Path '{expr}' must resolve to a string, but it resolved to "
                f"a {type(value).__name__}",
            )
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def execute(run: StateRun) -> Outcome:
    error = _field(run, "Error")
    cause = _field(run, "Cause")
    raise StatesError(error, cause, from_branch=False)
