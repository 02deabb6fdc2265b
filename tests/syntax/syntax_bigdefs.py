"""Generated large state machines for the syntax tests and the parse-speed measurement."""

from __future__ import annotations

import json
from typing import Any


def big_definition(states: int = 5000) -> dict[str, Any]:
    """A linear chain of Task/Choice/Pass states, about 480 bytes per state when indented."""
    body: dict[str, Any] = {}
    for i in range(states):
        name = f"Step {i}"
        nxt = f"Step {i + 1}" if i + 1 < states else None
        kind = i % 3
        state: dict[str, Any]
        if kind == 0:
            state = {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": f"fn-{i}", "Payload.$": "$"},
                "ResultPath": "$.result",
                "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2,
                           "MaxAttempts": 3, "BackoffRate": 1.5}],
            }
        elif kind == 1:
            state = {
                "Type": "Choice",
                "Choices": [{"Variable": "$.count", "NumericGreaterThan": i, "Next": nxt or name}],
            }
            if nxt is None:
                state = {"Type": "Pass"}
        else:
            state = {"Type": "Pass", "Result": {"index": i, "ok": True, "note": "é ✓"}}
        if state["Type"] == "Choice":
            state["Default"] = nxt
        elif nxt is None:
            state["End"] = True
        else:
            state["Next"] = nxt
        body[name] = state
    return {"Comment": "generated", "StartAt": "Step 0", "States": body}


def big_json_text(states: int = 5000) -> str:
    return json.dumps(big_definition(states), indent=2, ensure_ascii=False)


def big_yaml_text(states: int = 5000) -> str:
    import yaml

    return yaml.safe_dump(big_definition(states), allow_unicode=True, sort_keys=False)
