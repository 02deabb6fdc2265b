"""The input/output pipeline of a state, as pure functions.

JSONPath: InputPath → Parameters → (work) → ResultSelector → ResultPath → OutputPath.
JSONata: Arguments → (work) → Output, with ``$states.input/result/errorOutput/context``.
Nothing here has side effects; failures surface as the ``asl_lsp.expr`` evaluation errors, which
the interpreter turns into ``States.*`` errors with AWS's cause prefix.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from asl_lsp.expr.errors import JsonValue
from asl_lsp.expr.jsonata import evaluate_jsonata_template
from asl_lsp.expr.jsonpath import evaluate_path, set_result_path
from asl_lsp.expr.payload import evaluate_payload_template

Variables = Mapping[str, JsonValue]


def input_path(
    spec: Mapping[str, Any], raw: JsonValue, context: JsonValue, variables: Variables
) -> JsonValue:
    """InputPath: ``$`` by default, ``null`` gives ``{}``."""
    if "InputPath" not in spec:
        return raw
    path = spec["InputPath"]
    if path is None:
        return {}
    if path == "$":
        return raw
    return evaluate_path(path, raw, context=context, variables=variables)


def payload(
    template: JsonValue, data: JsonValue, context: JsonValue, variables: Variables
) -> JsonValue:
    """Parameters, ResultSelector, ItemSelector, JSONPath Assign: a payload template."""
    return evaluate_payload_template(template, data, context=context, variables=variables)


def result_path(spec: Mapping[str, Any], raw: JsonValue, result: JsonValue) -> JsonValue:
    """ResultPath: ``$`` by default (the result replaces the input), ``null`` keeps the input."""
    if "ResultPath" not in spec:
        return result
    path = spec["ResultPath"]
    if path == "$":
        return result
    return set_result_path(raw, path, result)


def output_path(
    spec: Mapping[str, Any], data: JsonValue, context: JsonValue, variables: Variables
) -> JsonValue:
    """OutputPath: ``$`` by default, ``null`` gives ``{}``."""
    if "OutputPath" not in spec:
        return data
    path = spec["OutputPath"]
    if path is None:
        return {}
    if path == "$":
        return data
    return evaluate_path(path, data, context=context, variables=variables)


def jsonpath_result_flow(
    spec: Mapping[str, Any],
    raw: JsonValue,
    result: JsonValue,
    context: JsonValue,
    variables: Variables,
) -> JsonValue:
    """ResultSelector → ResultPath → OutputPath for a state that produced ``result``."""
    if "ResultSelector" in spec:
        result = payload(spec["ResultSelector"], result, context, variables)
    return output_path(spec, result_path(spec, raw, result), context, variables)


def jsonata(value: JsonValue, states: Mapping[str, JsonValue], variables: Variables) -> JsonValue:
    """Evaluate every ``{% %}`` in ``value`` with ``$states`` and the variables bound."""
    if isinstance(value, (str, dict, list)):
        return evaluate_jsonata_template(value, states=states, variables=variables)
    return value


def jsonpath_assign(
    assign: Mapping[str, Any], data: JsonValue, context: JsonValue, variables: Variables
) -> dict[str, JsonValue]:
    """A JSONPath ``Assign`` block: a payload template evaluated against ``data``."""
    out = payload(dict(assign), data, context, variables)
    return out if isinstance(out, dict) else {}


def jsonata_assign(
    assign: Mapping[str, Any], states: Mapping[str, JsonValue], variables: Variables
) -> dict[str, JsonValue]:
    """A JSONata ``Assign`` block: each value may hold ``{% %}`` expressions."""
    return {name: jsonata(value, states, variables) for name, value in assign.items()}
