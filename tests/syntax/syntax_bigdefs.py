"""Generated large state machines for the syntax tests and the parse-speed figure.

``python -m tests.syntax.syntax_bigdefs`` prints the parse speed (ms per MB) of a 5,000-state
definition in JSON and YAML.
"""

from __future__ import annotations

import json
import time
from typing import Any


def big_definition(states: int = 5000) -> dict[str, Any]:
    """A chain of Task/Choice/Pass states, about 480 bytes per state as indented JSON."""
    body: dict[str, Any] = {}
    for i in range(states):
        name = f"Step {i}"
        nxt = f"Step {i + 1}" if i + 1 < states else None
        kind = i % 3
        state: dict[str, Any]
        if kind == 0:
            state = {
                "Type": "Task",
                "Comment": f"Invoke the worker for item {i}",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {
                    "FunctionName": f"arn:aws:lambda:us-east-1:123456789012:function:worker-{i}",
                    "Payload.$": "$",
                },
                "ResultPath": "$.result",
                "Retry": [
                    {
                        "ErrorEquals": ["States.TaskFailed"],
                        "IntervalSeconds": 2,
                        "MaxAttempts": 3,
                        "BackoffRate": 1.5,
                    }
                ],
                "Catch": [
                    {"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": nxt or name}
                ],
            }
        elif kind == 1 and nxt is not None:
            state = {
                "Type": "Choice",
                "Comment": f"Branch on the count at step {i}",
                "Choices": [
                    {"Variable": "$.count", "NumericGreaterThan": i, "Next": nxt},
                    {"Variable": "$.status", "StringEquals": "DONE", "Next": nxt},
                ],
                "Default": nxt,
            }
        else:
            state = {
                "Type": "Pass",
                "Comment": "Shape the output ✓",
                "Result": {"index": i, "ok": True, "note": "é"},
                "ResultPath": "$.pass",
            }
        if state["Type"] != "Choice":
            if nxt is None:
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


def _best_ms(action: Any, text: str, rounds: int = 5, collect: bool = True) -> float:
    """Best time of ``rounds`` parses; with ``collect`` the garbage of earlier rounds is
    collected first, otherwise its deferred collection lands in the measured parse."""
    import gc

    best = float("inf")
    for _ in range(rounds):
        if collect:
            gc.collect()
        start = time.perf_counter()
        result = action(text)
        best = min(best, time.perf_counter() - start)
        del result
    return best * 1000


def main() -> None:
    from asl_lsp.syntax.json_parser import parse_json
    from asl_lsp.syntax.yaml_loader import parse_yaml

    for label, text, action in (
        ("json", big_json_text(), parse_json),
        ("yaml", big_yaml_text(), parse_yaml),
    ):
        megabytes = len(text.encode()) / 1e6
        clean = _best_ms(action, text)
        warm = _best_ms(action, text, collect=False)
        print(
            f"{label}: {megabytes:.2f} MB: {clean:.0f} ms = {clean / megabytes:.0f} ms/MB "
            f"(back to back: {warm:.0f} ms = {warm / megabytes:.0f} ms/MB)"
        )


if __name__ == "__main__":
    main()
