"""Payload templates (``.$`` keys) and the static check of a ``.$`` value."""

from __future__ import annotations

import pytest

from asl_lsp.expr.errors import IntrinsicFailure, PathEvaluationError
from asl_lsp.expr.payload import check_payload_value, evaluate_payload_template


def test_spec_parameters_example() -> None:
    template = {"flagged": True, "parts": {"first.$": "$.vals[0]", "last3.$": "$.vals[3:]"}}
    data = {"flagged": 7, "vals": [0, 10, 20, 30, 40, 50]}
    assert evaluate_payload_template(template, data) == {
        "flagged": True,
        "parts": {"first": 0, "last3": [30, 40, 50]},
    }


def test_developer_guide_parameters_example() -> None:
    template = {
        "comment": "Selecting what I care about.",
        "MyDetails": {
            "size.$": "$.product.details.size",
            "exists.$": "$.product.availability",
            "StaticValue": "foo",
        },
    }
    data = {
        "comment": "Example for Parameters.",
        "product": {
            "details": {"color": "blue", "size": "small", "material": "cotton"},
            "availability": "in stock",
            "sku": "2317",
            "cost": "$23",
        },
    }
    assert evaluate_payload_template(template, data) == {
        "comment": "Selecting what I care about.",
        "MyDetails": {"size": "small", "exists": "in stock", "StaticValue": "foo"},
    }


def test_context_variables_intrinsics_and_arrays() -> None:
    template = {
        "execId.$": "$$.Execution.Id",
        "name.$": "$customerName",
        "not-evaluated": "$customerName",
        "list": [{"id.$": "States.Format('id-{}', $.id)"}, "$.plain", 3],
        "nested": {"deeper": {"x.$": "$.id"}},
    }
    out = evaluate_payload_template(
        template,
        {"id": 7},
        context={"Execution": {"Id": "arn:exec"}},
        variables={"customerName": "María"},
    )
    assert out == {
        "execId": "arn:exec",
        "name": "María",
        "not-evaluated": "$customerName",
        "list": [{"id": "id-7"}, "$.plain", 3],
        "nested": {"deeper": {"x": 7}},
    }


def test_template_is_not_mutated() -> None:
    template = {"a.$": "$.x", "b": {"c.$": "$.x"}}
    evaluate_payload_template(template, {"x": 1})
    assert template == {"a.$": "$.x", "b": {"c.$": "$.x"}}


def test_missing_path_uses_aws_wording() -> None:
    with pytest.raises(PathEvaluationError) as info:
        evaluate_payload_template({"missing.$": "$.nope.deep"}, {"other": 1})
    assert info.value.message == (
        "The JSONPath '$.nope.deep' specified for the field 'missing.$' could not be found in "
        "the input '{\"other\":1}'"
    )
    assert info.value.field == "missing.$" and info.value.path == "$.nope.deep"


@pytest.mark.parametrize("value", ["ipsum", 12, None, {"a": 1}])
def test_bad_dollar_values(value: object) -> None:
    with pytest.raises(PathEvaluationError, match="must be a valid JSONPath"):
        evaluate_payload_template({"lorem.$": value}, {})


def test_intrinsic_failure_propagates() -> None:
    with pytest.raises(IntrinsicFailure):
        evaluate_payload_template({"x.$": "States.ArrayGetItem($.a, 5)"}, {"a": [1]})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("$.a", []),
        ("$$.Execution.Id", []),
        ("$var.x", []),
        ("States.Format('{}', $.a)", []),
        ("$$.Execution.Name ", []),
        (
            "ipsum",
            [
                (
                    "a '.$' value must be a path starting with '$' or an intrinsic function call "
                    "such as States.Format(...)",
                    0,
                    5,
                )
            ],
        ),
        ("", [("a path must not be empty", 0, 0)]),
        (
            "States.MathAdd(1,'-1')",
            [("argument 2 of States.MathAdd must be an integer, got a string", 17, 21)],
        ),
        (
            "  States.Xyz($.result)",
            [("States.Xyz is not an intrinsic function; did you mean States.Array?", 2, 12)],
        ),
        ("States. ", [("expected a function name after 'States.'", 7, 8)]),
    ],
)
def test_check_payload_value(value: str, expected: list[tuple[str, int, int]]) -> None:
    assert [(e.message, e.start, e.end) for e in check_payload_value(value)] == expected
