"""What a paused state shows: its scopes and the values of expressions typed in the console.

Expressions are read the way ASL reads them in the state's query language: ``{% ... %}`` is a
JSONata template, ``States.Fn(...)`` an intrinsic function, ``$...`` a JSONPath (``$$`` for
the context object, ``$name`` for a variable) when it parses as one; anything else is JSONata
with ``$states`` bound, whatever the state's query language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from asl_lsp.expr.errors import ExprEvaluationError, ExprSyntaxError, JsonValue
from asl_lsp.expr.intrinsics import evaluate_intrinsic, is_intrinsic_like
from asl_lsp.expr.jsonata import evaluate_jsonata, is_jsonata_template, jsonata_body
from asl_lsp.expr.jsonpath import evaluate_path, parse_path
from asl_lsp.spec.states import ERROR_HANDLING_TYPES

if TYPE_CHECKING:
    from asl_lsp.engine.errors import StatesError
    from asl_lsp.engine.state_run import StateRun

UNSET: JsonValue = "(not computed yet)"

# The data-flow steps whose value is what the state works on, in pipeline order.
_INPUT_STEPS = ("InputPath", "Parameters", "ItemSelector", "Arguments")
_RESULT_STEPS = ("Result", "ResultSelector")


class EvaluationFailed(Exception):
    """The expression could not be evaluated; the message is for the debug console."""


@dataclass
class StateView:
    """One visit of one state as far as it has got: the steps it has done and how it ended."""

    run: StateRun
    steps: dict[str, JsonValue] = field(default_factory=dict)
    output: JsonValue = UNSET
    error: StatesError | None = None

    def effective_input(self) -> JsonValue:
        for step in reversed(_INPUT_STEPS):
            if step in self.steps:
                return self.steps[step]
        if any(step in self.run.spec for step in _INPUT_STEPS):
            return UNSET
        return self.run.raw_input

    def task_result(self) -> JsonValue:
        for step in reversed(_RESULT_STEPS):
            if step in self.steps:
                return self.steps[step]
        return UNSET

    def current_output(self) -> JsonValue:
        if self.output is not UNSET:
            return self.output
        for step in ("Output", "OutputPath", "ResultPath"):
            if step in self.steps:
                return self.steps[step]
        return UNSET

    def scopes(self) -> list[tuple[str, JsonValue]]:
        """(name, value) of each scope, in the order a user reads a state."""
        run = self.run
        scopes: list[tuple[str, JsonValue]] = [
            ("Input", run.raw_input),
            ("Effective input", self.effective_input()),
        ]
        if run.spec.get("Type") in ERROR_HANDLING_TYPES:  # the states whose work has a result
            scopes.append(("Task result", self.task_result()))
        scopes += [
            ("Output", self.current_output()),
            ("Variables", dict(run.variables)),
            ("Context object", run.context()),
        ]
        if self.steps:
            scopes.append(("Data flow", dict(self.steps)))
        if self.error is not None:
            scopes.insert(0, ("Error", {"Error": self.error.error, "Cause": self.error.cause}))
        return scopes


def evaluate(expression: str, view: StateView) -> JsonValue:
    """The value of ``expression`` against the state: its input, context object and variables."""
    text = expression.strip()
    if not text:
        raise EvaluationFailed("nothing to evaluate")
    run = view.run
    states: Mapping[str, JsonValue] = _states_var(view)
    try:
        if is_jsonata_template(text):
            body = jsonata_body(text)
            return evaluate_jsonata(
                body[0] if body else "",
                states=states,
                variables=run.variables,
                allow_undefined=True,
            )
        if is_intrinsic_like(text):
            return evaluate_intrinsic(
                text, run.raw_input, context=run.context(), variables=run.variables
            )
        if text.startswith("$") and _is_path(text):
            return evaluate_path(
                text, run.raw_input, context=run.context(), variables=run.variables
            )
        return evaluate_jsonata(text, states=states, variables=run.variables, allow_undefined=True)
    except ExprEvaluationError as exc:
        raise EvaluationFailed(f"{exc.error}: {exc.cause}") from None
    except ExprSyntaxError as exc:
        raise EvaluationFailed(str(exc)) from None


def _is_path(text: str) -> bool:
    """A well-formed JSONPath (else the text is read as JSONata: ``$states.input.n = 4``)."""
    if text == "$states" or text.startswith(("$states.", "$states[")):
        return False  # JSONata's reserved variable, never a workflow variable
    try:
        parse_path(text)
    except ExprSyntaxError:
        return False
    return True


def is_truthy(value: JsonValue) -> bool:
    """A breakpoint condition holds when its value is neither false, null, 0, "" nor empty."""
    return bool(value)


def _states_var(view: StateView) -> dict[str, JsonValue]:
    run = view.run
    states: dict[str, JsonValue] = {"input": run.raw_input, "context": run.context()}
    result = view.task_result()
    if result is not UNSET:
        states["result"] = result
    if view.error is not None:
        states["errorOutput"] = view.error.output()
    return states
