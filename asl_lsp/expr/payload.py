"""Payload templates (Parameters, ResultSelector, ItemSelector, JSONPath Assign, ...).

A key ending in ``.$`` takes a path or an intrinsic call, is evaluated, and loses its ``.$``;
other values are copied, objects and arrays recursively.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from asl_lsp.expr.errors import JsonValue, PathEvaluationError, payload_value_message
from asl_lsp.expr.intrinsics import evaluate_intrinsic, is_intrinsic_like
from asl_lsp.expr.jsonpath import evaluate_path


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
    def __init__(self, data: JsonValue, context: JsonValue,
                 variables: Mapping[str, JsonValue] | None) -> None:
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
