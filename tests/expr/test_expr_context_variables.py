"""Context object, JSONPath-mode variable references, and the error message catalogue."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from asl_lsp.expr import errors
from asl_lsp.expr.context_object import (
    CONTEXT_PATHS,
    build_context_object,
    format_timestamp,
    with_state,
)
from asl_lsp.expr.jsonpath import PathKind, check_path, evaluate_path
from asl_lsp.expr.variables import VARIABLE_NAME_RE, referenced_variables_in_path

START = datetime(2019, 3, 26, 20, 14, 13, 192000, tzinfo=timezone.utc)


def test_format_timestamp() -> None:
    assert format_timestamp(START) == "2019-03-26T20:14:13.192Z"
    plus_two = START.astimezone(timezone(timedelta(hours=2)))
    assert format_timestamp(plus_two) == "2019-03-26T20:14:13.192Z"


def test_build_context_object_shape() -> None:
    ctx = build_context_object(
        execution_id="arn:aws:states:us-east-1:123456789012:execution:sm:run",
        execution_name="run",
        execution_input={"a": 1},
        start_time=START,
        state_machine_id="arn:aws:states:us-east-1:123456789012:stateMachine:sm",
        state_machine_name="sm",
        state_name="Step",
        task_token="tok",
        map_item_index=2,
        map_item_value={"v": 1},
    )
    assert ctx["Execution"]["StartTime"] == "2019-03-26T20:14:13.192Z"
    assert ctx["State"] == {
        "EnteredTime": "2019-03-26T20:14:13.192Z",
        "Name": "Step",
        "RetryCount": 0,
    }
    assert evaluate_path("$$.Task.Token", {}, context=ctx) == "tok"
    assert evaluate_path("$$.Map.Item.Value.v", {}, context=ctx) == 1
    # every documented path except RedriveTime and Map.Item.Key resolves on this object
    for path, doc in CONTEXT_PATHS:
        assert doc
        assert check_path(path, PathKind.PATH) == []
        if path.endswith(("RedriveTime", "Item.Key")):
            continue
        evaluate_path(path, {}, context=ctx)


def test_context_without_task_or_map() -> None:
    ctx = build_context_object(
        execution_id="e",
        execution_name="n",
        execution_input={},
        start_time="t",
        state_machine_id="s",
        state_machine_name="m",
    )
    assert "Task" not in ctx and "Map" not in ctx and "State" not in ctx
    later = with_state(ctx, "Next", START, retry_count=2)
    assert later["State"]["Name"] == "Next" and later["State"]["RetryCount"] == 2
    assert "State" not in ctx


def test_context_paths_cover_the_documented_fields() -> None:
    names = {p for p, _ in CONTEXT_PATHS}
    for field in (
        "Execution.Id",
        "Execution.Input",
        "Execution.Name",
        "Execution.RoleArn",
        "Execution.StartTime",
        "Execution.RedriveCount",
        "Execution.RedriveTime",
        "State.EnteredTime",
        "State.Name",
        "State.RetryCount",
        "StateMachine.Id",
        "StateMachine.Name",
        "Task.Token",
        "Map.Item.Index",
        "Map.Item.Value",
    ):
        assert "$$." + field in names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$customerName", [("customerName", 1)]),
        ("$order.items[0].id", [("order", 1)]),
        ("$.a", []),
        ("$$.Execution.Id", []),
        ("$states.input", []),
        ("States.Format('{} {}', $first, $.x)", [("first", 24)]),
        ("States.Format('cost: $5 {}', $price)", [("price", 30)]),
        ("States.Array($a, States.Array($b))", [("a", 14), ("b", 31)]),
        ("$.items[?(@.id == $.wanted)]", []),
    ],
)
def test_referenced_variables_in_path(text: str, expected: list[tuple[str, int]]) -> None:
    assert referenced_variables_in_path(text) == expected
    # offsets point at the name; the '$' is just before it
    for name, offset in expected:
        assert text[offset - 1 : offset + len(name)] == "$" + name


def test_variable_name_re() -> None:
    assert VARIABLE_NAME_RE.fullmatch("customer_name1")
    assert VARIABLE_NAME_RE.fullmatch("ñandú")
    assert not VARIABLE_NAME_RE.fullmatch("1abc")


def test_message_catalogue() -> None:
    assert errors.state_error_prefix("Emit", 24) == (
        "An error occurred while executing the state 'Emit' (entered at the event id #24). "
    )
    assert errors.to_compact_json({"a": [1, "é"]}) == '{"a":[1,"é"]}'
    assert errors.PathEvaluationError("m").error == "States.Runtime"
    assert errors.IntrinsicFailure("m").cause == "m"
    e = errors.ExprError("x", 1, 2).shifted(10)
    assert (e.start, e.end) == (11, 12)
