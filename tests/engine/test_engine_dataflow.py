"""AWS's documented InputPath / Parameters / ResultSelector / ResultPath / OutputPath examples
(Step Functions developer guide, "Processing input and output"), run through a Task whose
handler returns the documented task result."""

from __future__ import annotations

from typing import Any

import pytest

from asl_lsp.engine import run_definition

TASK = "arn:aws:states:::example:task"

DOC_INPUT = {
    "comment": "Example for InputPath.",
    "dataset1": {"val1": 1, "val2": 2, "val3": 3},
    "dataset2": {"val1": "a", "val2": "b", "val3": "c"},
}
RESULTPATH_INPUT = {
    "comment": "This is a test",
    "details": "Default example",
    "who": "Step Functions",
}
LAMBDA_RESULT = {
    "ExecutedVersion": "$LATEST",
    "Payload": {"foo": "bar", "colors": ["red", "blue", "green"], "car": {"year": 2008}},
    "StatusCode": 200,
}

# (fields of the Task state, state input, task result, expected task input, expected output)
TABLE: list[tuple[str, dict[str, Any], Any, Any, Any, Any]] = [
    (
        "inputpath selects dataset2",
        {"InputPath": "$.dataset2"},
        DOC_INPUT,
        "r",
        {"val1": "a", "val2": "b", "val3": "c"},
        "r",
    ),
    (
        "parameters from input",
        {
            "Parameters": {
                "comment": "Selecting what I care about.",
                "MyDetails": {
                    "size.$": "$.product.details.size",
                    "exists.$": "$.product.availability",
                    "StaticValue": "foo",
                },
            }
        },
        {
            "comment": "Example for Parameters.",
            "product": {
                "details": {"color": "blue", "size": "small", "material": "cotton"},
                "availability": "in stock",
                "sku": "2317",
                "cost": "$23",
            },
        },
        "r",
        {
            "comment": "Selecting what I care about.",
            "MyDetails": {"size": "small", "exists": "in stock", "StaticValue": "foo"},
        },
        "r",
    ),
    (
        "resultpath default replaces",
        {},
        RESULTPATH_INPUT,
        "Hello, Step Functions!",
        RESULTPATH_INPUT,
        "Hello, Step Functions!",
    ),
    (
        "resultpath null keeps input",
        {"ResultPath": None},
        RESULTPATH_INPUT,
        "Hello, Step Functions!",
        RESULTPATH_INPUT,
        RESULTPATH_INPUT,
    ),
    (
        "resultpath into a field",
        {"ResultPath": "$.taskresult"},
        RESULTPATH_INPUT,
        "Hello, Step Functions!",
        RESULTPATH_INPUT,
        {**RESULTPATH_INPUT, "taskresult": "Hello, Step Functions!"},
    ),
    (
        "resultpath replaces an existing node",
        {"ResultPath": "$.strings.lambdaresult"},
        {"strings": {"lambdaresult": "old"}, "x": 1},
        "new",
        {"strings": {"lambdaresult": "old"}, "x": 1},
        {"strings": {"lambdaresult": "new"}, "x": 1},
    ),
    (
        "resultselector picks from the result",
        {
            "ResultSelector": {
                "modifiedPayload": {"body.$": "$.Payload.foo", "colors.$": "$.Payload.colors"},
                "statusCode.$": "$.StatusCode",
            },
            "ResultPath": "$.TaskResult",
        },
        {"a": 1},
        LAMBDA_RESULT,
        {"a": 1},
        {
            "a": 1,
            "TaskResult": {
                "modifiedPayload": {"body": "bar", "colors": ["red", "blue", "green"]},
                "statusCode": 200,
            },
        },
    ),
    (
        "outputpath selects part of the combination",
        {"InputPath": "$.lambda", "ResultPath": "$.data.lambdaresult", "OutputPath": "$.data"},
        {
            "comment": "An input comment.",
            "data": {"val1": 23, "val2": 17},
            "extra": "foo",
            "lambda": {"who": "AWS Step Functions"},
        },
        "Hello, AWS Step Functions!",
        {"who": "AWS Step Functions"},
        {"val1": 23, "val2": 17, "lambdaresult": "Hello, AWS Step Functions!"},
    ),
    ("inputpath null gives an empty object", {"InputPath": None}, {"a": 1}, "r", {}, "r"),
    ("outputpath null gives an empty object", {"OutputPath": None}, {"a": 1}, "r", {"a": 1}, {}),
]


@pytest.mark.parametrize(
    ("fields", "state_input", "result", "task_input", "output"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_documented_data_flow(
    fields: dict[str, Any], state_input: Any, result: Any, task_input: Any, output: Any
) -> None:
    seen: list[Any] = []

    def task(value: Any) -> Any:
        seen.append(value)
        return result

    definition = {
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": TASK, "End": True, **fields}},
    }
    r = run_definition(definition, state_input, tasks={TASK: task})
    assert r.status == "SUCCEEDED", (r.error, r.cause)
    assert seen == [task_input]
    assert r.output == output


def test_resultpath_through_a_scalar_fails() -> None:
    definition = {
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Result": 1, "ResultPath": "$.a.b", "End": True}},
    }
    r = run_definition(definition, {"a": "text"})
    assert r.error == "States.ResultPathMatchFailure"
    assert "Unable to apply ReferencePath $.a.b" in (r.cause or "")


def test_parameters_path_failure_is_states_runtime_with_aws_cause() -> None:
    definition = {
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "$.nope"}, "End": True}},
    }
    r = run_definition(definition, {"a": 1})
    assert r.status == "FAILED" and r.error == "States.Runtime"
    assert r.cause == (
        "An error occurred while executing the state 'P' (entered at the event id #2). "
        "The JSONPath '$.nope' specified for the field 'x.$' could not be found in the input "
        "'{\"a\":1}'"
    )
