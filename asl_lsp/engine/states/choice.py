"""Choice: the first matching rule names the next state; ``Default`` or States.NoChoiceMatched.

JSONPath rules compare ``Variable`` with one of the 39 operators (And/Or/Not nest them); JSONata
rules evaluate ``Condition``. A comparison of values of the wrong type is false, as in AWS; a
``Variable`` path that selects nothing is a States.Runtime error except for ``IsPresent``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from asl_lsp.engine.errors import (
    NO_CHOICE_MATCHED,
    QUERY_EVALUATION_ERROR,
    RUNTIME,
    StatesError,
)
from asl_lsp.engine.state_run import Outcome, StateRun
from asl_lsp.engine.states.common import effective_input, output_of
from asl_lsp.engine.timestamps import parse_timestamp
from asl_lsp.expr.errors import JsonValue, PathEvaluationError
from asl_lsp.expr.jsonpath import evaluate_path
from asl_lsp.spec.choice_operators import CHOICE_OPERATORS

_MISSING: Any = object()


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _string_matches(value: str, pattern: str) -> bool:
    """``*`` matches any run of characters; ``\\*`` and ``\\\\`` are a literal star / backslash."""
    tokens: list[str | None] = []  # None = wildcard
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern) and pattern[i + 1] in "*\\":
            tokens.append(pattern[i + 1])
            i += 2
            continue
        tokens.append(None if ch == "*" else ch)
        i += 1
    # Classic wildcard matching with backtracking on the last star.
    v = t = 0
    star_t, star_v = -1, 0
    while v < len(value):
        if t < len(tokens) and tokens[t] is not None and tokens[t] == value[v]:
            v += 1
            t += 1
        elif t < len(tokens) and tokens[t] is None:
            star_t, star_v = t, v
            t += 1
        elif star_t >= 0:
            t = star_t + 1
            star_v += 1
            v = star_v
        else:
            return False
    while t < len(tokens) and tokens[t] is None:
        t += 1
    return t == len(tokens)


def _cmp(kind: str, a: Any, b: Any, op: str) -> bool:
    if kind == "String":
        if not isinstance(a, str) or not isinstance(b, str):
            return False
    elif kind == "Numeric":
        if not _is_number(a) or not _is_number(b):
            return False
    elif kind == "Boolean":
        if not isinstance(a, bool) or not isinstance(b, bool):
            return False
        return (a == b) if op == "Equals" else False
    elif kind == "Timestamp":
        ta = parse_timestamp(a) if isinstance(a, str) else None
        tb = parse_timestamp(b) if isinstance(b, str) else None
        if ta is None or tb is None:
            return False
        a, b = ta, tb
    if op == "Equals":
        return bool(a == b) if kind != "Numeric" else math.isclose(a, b, rel_tol=0, abs_tol=0)
    if op == "LessThan":
        return bool(a < b)
    if op == "GreaterThan":
        return bool(a > b)
    if op == "LessThanEquals":
        return bool(a <= b)
    if op == "GreaterThanEquals":
        return bool(a >= b)
    return False


# Whether a value has a type, for the type tests of spec.choice_operators (by the type tested).
TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "Null": lambda v: v is None,
    "Numeric": _is_number,
    "String": lambda v: isinstance(v, str),
    "Boolean": lambda v: isinstance(v, bool),
    "Timestamp": lambda v: isinstance(v, str) and parse_timestamp(v) is not None,
}


class _Evaluator:
    def __init__(self, run: StateRun, data: JsonValue) -> None:
        self.run = run
        self.data = data
        self.context = run.context()
        self.variables = run.variables

    def path(self, path: Any, *, for_presence: bool = False) -> Any:
        if not isinstance(path, str):
            raise self.run.fail(RUNTIME, f"Invalid path {path!r}: a path must be a string")
        try:
            return evaluate_path(path, self.data, context=self.context, variables=self.variables)
        except PathEvaluationError:
            if for_presence:
                return _MISSING
            raise self.run.fail(
                RUNTIME,
                f"Invalid path '{path}': The choice state's condition path references an "
                "invalid value.",
            ) from None

    def rule(self, rule: Mapping[str, Any]) -> bool:
        if "And" in rule:
            return all(self.rule(r) for r in rule["And"] if isinstance(r, dict))
        if "Or" in rule:
            return any(self.rule(r) for r in rule["Or"] if isinstance(r, dict))
        if "Not" in rule:
            inner = rule["Not"]
            return not self.rule(inner) if isinstance(inner, dict) else False
        op = next((CHOICE_OPERATORS[k] for k in rule if k in CHOICE_OPERATORS), None)
        if op is None:
            raise self.run.fail(RUNTIME, "a Choice rule has no comparison operator")
        operand = rule[op.name]
        if op.kind == "presence":
            present = self.path(rule.get("Variable"), for_presence=True) is not _MISSING
            return present == bool(operand)
        value = self.path(rule.get("Variable"))
        if op.kind == "type-test":
            assert op.value_type is not None
            return TYPE_TESTS[op.value_type](value) == bool(operand)
        if op.kind == "matches":
            return (
                isinstance(value, str)
                and isinstance(operand, str)
                and _string_matches(value, operand)
            )
        if op.is_path:
            operand = self.path(operand)
        assert op.value_type is not None and op.comparison is not None
        return _cmp(op.value_type, value, operand, op.comparison)


def _condition(run: StateRun, rule: Mapping[str, Any]) -> bool:
    value = run.eval(rule.get("Condition"))
    if not isinstance(value, bool):
        raise run.fail(
            QUERY_EVALUATION_ERROR,
            f"The Condition of a Choice rule must evaluate to a boolean, not {value!r}",
        )
    return value


def execute(run: StateRun) -> Outcome:
    spec = run.spec
    choices = spec.get("Choices")
    rules = (
        [(i, r) for i, r in enumerate(choices) if isinstance(r, dict)]
        if isinstance(choices, list)
        else []
    )
    observer = run.runtime.observer
    if run.jsonata:
        for index, rule in rules:
            matched = _condition(run, rule)
            if observer is not None:
                observer.choice_rule(run, index, matched)
            if matched:
                output = run.jsonata_finish(run.raw_input, spec=_merged(spec, rule))
                return Outcome(output, rule.get("Next"))
        return _default(run, lambda: run.jsonata_finish(run.raw_input))
    effective = effective_input(run)
    evaluator = _Evaluator(run, effective)
    for index, rule in rules:
        matched = evaluator.rule(rule)
        if observer is not None:
            observer.choice_rule(run, index, matched)
        if matched:
            run.jsonpath_assign(effective)
            if isinstance(rule.get("Assign"), dict):
                run.jsonpath_assign(effective, rule["Assign"])
            return Outcome(output_of(run, effective), rule.get("Next"))

    def finish() -> JsonValue:
        run.jsonpath_assign(effective)
        return output_of(run, effective)

    return _default(run, finish)


def _merged(spec: Mapping[str, Any], rule: Mapping[str, Any]) -> dict[str, Any]:
    """A matched JSONata rule's Output/Assign take precedence over the state's own."""
    merged: dict[str, Any] = {}
    if "Output" in rule or "Output" in spec:
        merged["Output"] = rule.get("Output", spec.get("Output"))
    assign: dict[str, Any] = {}
    if isinstance(spec.get("Assign"), dict):
        assign.update(spec["Assign"])
    if isinstance(rule.get("Assign"), dict):
        assign.update(rule["Assign"])
    if assign:
        merged["Assign"] = assign
    return merged


def _default(run: StateRun, finish: Callable[[], JsonValue]) -> Outcome:
    default = run.spec.get("Default")
    if isinstance(default, str):
        observer = run.runtime.observer
        if observer is not None:
            observer.choice_default(run)
        return Outcome(finish(), default)
    raise StatesError(NO_CHOICE_MATCHED, "No Matches!")
