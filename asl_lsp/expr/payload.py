"""Payload templates (Parameters, ResultSelector, ItemSelector, JSONPath Assign, ...).

A key ending in ``.$`` takes a path or an intrinsic call, is evaluated, and loses its ``.$``;
other values are copied, objects and arrays recursively.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from asl_lsp.expr.errors import ExprError, JsonValue, PathEvaluationError, payload_value_message
from asl_lsp.expr.intrinsics import check_intrinsic, evaluate_intrinsic, is_intrinsic_like
from asl_lsp.expr.jsonpath import PathKind, check_path, evaluate_path


def check_payload_value(text: str) -> list[ExprError]:
    """Static problems of the value of a ``"key.$"`` entry: a path or an intrinsic call.

    A value starting with ``States.`` (after blanks) is checked as an intrinsic call, one starting
    with ``$`` as a path; anything else is neither. Offsets are relative to ``text``.
    """
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    if stripped.startswith("States."):
        return [e.shifted(lead) for e in check_intrinsic(stripped)]
    if stripped.startswith("$") or not stripped:
        return check_path(text, PathKind.PATH)
    end = len(text.rstrip()) or len(text)
    return [
        ExprError(
            "a '.$' value must be a path starting with '$' or an intrinsic function call "
            "such as States.Format(...)",
            lead,
            end,
        )
    ]


def evaluate_payload_template(
    template: JsonValue,
    data: JsonValue,
    *,
    context: JsonValue = None,
    variables: Mapping[str, JsonValue] | None = None,
) -> JsonValue:
    """Evaluate ``template`` against ``data``.

    Raises ``PathEvaluationError`` with AWS's wording ("The JSONPath '$.x' specified for the field
    'x.$' could not be found in the input '...'"); the engine reports it as ``States.Runtime``
    (AWS) — the spec calls it ``States.ParameterPathFailure`` in Parameters. Intrinsic misuse
    raises ``IntrinsicFailure``.
    """
    return _Evaluator(data, context, variables).value(template)


def evaluate_dollar_value(
    key: str,
    expression: JsonValue,
    data: JsonValue,
    *,
    context: JsonValue = None,
    variables: Mapping[str, JsonValue] | None = None,
) -> JsonValue:
    """The value of one ``"key.$": expression`` entry (path, ``$$`` path, ``$var`` or intrinsic)."""
    if not isinstance(expression, str):
        raise PathEvaluationError(payload_value_message(key), field=key)
    text = expression.strip()
    if is_intrinsic_like(text):
        return evaluate_intrinsic(text, data, context=context, variables=variables)
    if text.startswith("$"):
        return evaluate_path(text, data, context=context, variables=variables, field=key)
    raise PathEvaluationError(payload_value_message(key), path=expression, field=key)


class _Evaluator:
    def __init__(
        self, data: JsonValue, context: JsonValue, variables: Mapping[str, JsonValue] | None
    ) -> None:
        self.data = data
        self.context = context
        self.variables = variables

    def value(self, node: JsonValue) -> JsonValue:
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            for key, val in node.items():
                if isinstance(key, str) and key.endswith(".$"):
                    out[key[:-2]] = evaluate_dollar_value(
                        key, val, self.data, context=self.context, variables=self.variables
                    )
                else:
                    out[key] = self.value(val)
            return out
        if isinstance(node, list):
            return [self.value(item) for item in node]
        return node
