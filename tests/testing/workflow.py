"""A small workflow with every kind of coverage item (Choice rules and Default, Retry, Catch,
Map and Parallel inner states, variables), written to real files for the tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DEFINITION: dict[str, Any] = {
    "Comment": "Routes <work> & friends",
    "StartAt": "Remember",
    "States": {
        "Remember": {
            "Type": "Pass",
            "Assign": {"seen": "yes", "kind.$": "$.kind"},
            "Next": "Route",
        },
        "Route": {
            "Type": "Choice",
            "Choices": [
                {"Variable": "$.kind", "StringEquals": "map", "Next": "EachItem"},
                {"Variable": "$.kind", "StringEquals": "both", "Next": "Both"},
            ],
            "Default": "Call",
        },
        "EachItem": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemProcessor": {
                "StartAt": "Double",
                "States": {"Double": {"Type": "Pass", "End": True}},
            },
            "End": True,
        },
        "Both": {
            "Type": "Parallel",
            "Branches": [
                {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": True}}},
                {"StartAt": "Right", "States": {"Right": {"Type": "Pass", "End": True}}},
            ],
            "End": True,
        },
        "Call": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "Echo", "Payload.$": "$"},
            "ResultSelector": {"value.$": "$.Payload"},
            "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 30, "MaxAttempts": 1}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Broken"}],
            "End": True,
        },
        "Broken": {"Type": "Fail", "Error": "Broken", "Cause": "the call failed"},
    },
}

HANDLERS = """
def echo(event, context):
    if event.get("explode"):
        raise RuntimeError("exploded")
    return {"echo": event}


FUNCTIONS = {"Echo": echo}
"""


def write_project(folder: Path, cases: list[dict[str, Any]], **extra: Any) -> Path:
    """The definition, its handlers and a test file with ``cases``; returns the test file."""
    (folder / "flow.asl.json").write_text(json.dumps(DEFINITION, indent=2), encoding="utf-8")
    (folder / "handlers.py").write_text(HANDLERS, encoding="utf-8")
    test_file = folder / "flow.asl-test.json"
    content = {
        "definition": "flow.asl.json",
        "functions": "handlers.py:FUNCTIONS",
        **extra,
        "cases": cases,
    }
    test_file.write_text(json.dumps(content, indent=2), encoding="utf-8")
    return test_file


FULL_COVERAGE_CASES: list[dict[str, Any]] = [
    {"name": "map", "input": {"kind": "map", "items": [1, 2]}, "expect": {"output": [1, 2]}},
    {"name": "both", "input": {"kind": "both"}},
    {"name": "call", "input": {"kind": "call"}},
    {
        "name": "retried then caught",
        "input": {"kind": "call"},
        "mocks": {"Call": [{"Throw": {"Error": "Flaky"}}, {"Throw": {"Error": "Flaky"}}]},
        "expect": {"error": "Broken"},
    },
]
