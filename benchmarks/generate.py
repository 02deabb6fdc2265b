"""Generate large, valid ASL definitions for benchmarks: Task (Retry/Catch), Choice, Parallel, Map,
Pass and Wait states in a chain, every name unique across the machine. Deterministic per size.

    python benchmarks/generate.py 5000 -o big.asl.json [--yaml]
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import yaml

LAMBDA = "arn:aws:states:::lambda:invoke"


def _task(name: str, next_name: str, catch_to: str) -> dict[str, Any]:
    return {
        "Type": "Task",
        "Comment": f"Call the worker for {name}",
        "Resource": LAMBDA,
        "Parameters": {
            "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:worker",
            "Payload": {"step": name, "input.$": "$", "id.$": "$$.Execution.Id"},
        },
        "ResultSelector": {"body.$": "$.Payload"},
        "ResultPath": "$.result",
        "TimeoutSeconds": 60,
        "Retry": [
            {
                "ErrorEquals": ["Lambda.ServiceException", "Lambda.TooManyRequestsException"],
                "IntervalSeconds": 2,
                "MaxAttempts": 3,
                "BackoffRate": 2.0,
            }
        ],
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": catch_to}],
        "Next": next_name,
    }


def generate(states: int) -> dict[str, Any]:
    """A definition with about ``states`` states (nested ones included)."""
    top: dict[str, Any] = {}
    count = 0
    block = 0
    names: list[str] = []
    # Each block: Task, Choice, Pass, Wait, Parallel (2 branches x 2 states), Map (2 states) = 12.
    while count < states:
        names.append(f"B{block}")
        block += 1
        count += 12
    fail_name = "Handle failure"
    for index, prefix in enumerate(names):
        following = f"{names[index + 1]} task" if index + 1 < len(names) else "Done"
        top[f"{prefix} task"] = _task(f"{prefix} task", f"{prefix} choice", fail_name)
        top[f"{prefix} choice"] = {
            "Type": "Choice",
            "Choices": [
                {
                    "And": [
                        {"Variable": "$.result.body.status", "IsPresent": True},
                        {"Variable": "$.result.body.status", "StringEquals": "SKIP"},
                    ],
                    "Next": following,
                },
                {
                    "Variable": "$.result.body.count",
                    "NumericGreaterThan": 10,
                    "Next": f"{prefix} wait",
                },
            ],
            "Default": f"{prefix} pass",
        }
        top[f"{prefix} pass"] = {
            "Type": "Pass",
            "Parameters": {"note.$": "States.Format('block {}', $.result.body.count)"},
            "ResultPath": "$.note",
            "Next": f"{prefix} wait",
        }
        top[f"{prefix} wait"] = {"Type": "Wait", "Seconds": 1, "Next": f"{prefix} parallel"}
        top[f"{prefix} parallel"] = {
            "Type": "Parallel",
            "Branches": [
                {
                    "StartAt": f"{prefix} left a",
                    "States": {
                        f"{prefix} left a": {"Type": "Pass", "Next": f"{prefix} left b"},
                        f"{prefix} left b": {"Type": "Pass", "End": True},
                    },
                },
                {
                    "StartAt": f"{prefix} right a",
                    "States": {
                        f"{prefix} right a": {"Type": "Pass", "Next": f"{prefix} right b"},
                        f"{prefix} right b": {"Type": "Succeed"},
                    },
                },
            ],
            "ResultPath": "$.branches",
            "Next": f"{prefix} map",
        }
        top[f"{prefix} map"] = {
            "Type": "Map",
            "ItemsPath": "$.items",
            "MaxConcurrency": 5,
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "INLINE"},
                "StartAt": f"{prefix} item",
                "States": {
                    f"{prefix} item": {
                        "Type": "Pass",
                        "Parameters": {"value.$": "$"},
                        "Next": f"{prefix} item done",
                    },
                    f"{prefix} item done": {"Type": "Succeed"},
                },
            },
            "ResultPath": "$.mapped",
            "Next": following,
        }
    _comment_everything(top)
    top["Done"] = {"Type": "Succeed"}
    top[fail_name] = {"Type": "Fail", "Error": "Failed", "Cause": "A task failed"}
    return {
        "Comment": f"Generated benchmark definition with about {states} states",
        "StartAt": f"{names[0]} task",
        "States": top,
    }


def _comment_everything(states: dict[str, Any]) -> None:
    """Real definitions carry comments; they make the size per state realistic (~480 bytes)."""
    for name, state in states.items():
        state.setdefault(
            "Comment",
            f"{state['Type']} state {name}: part of the generated benchmark workflow, "
            "kept deliberately descriptive like a real one",
        )
        for branch in state.get("Branches", []):
            _comment_everything(branch["States"])
        if "ItemProcessor" in state:
            _comment_everything(state["ItemProcessor"]["States"])


def dump(definition: dict[str, Any], as_yaml: bool) -> str:
    if as_yaml:
        return yaml.safe_dump(definition, sort_keys=False, width=120)
    return json.dumps(definition, indent=4) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("states", type=int)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--yaml", action="store_true")
    args = parser.parse_args()
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(dump(generate(args.states), args.yaml))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
