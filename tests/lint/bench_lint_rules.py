"""Time every lint rule on a generated 5,000-state (~2.4 MB) definition, parsing excluded.

Run: ``.venv/bin/python -m tests.lint.bench_lint_rules [STATES]``. Prints the parse time, the time
of all rules together (best of several warm runs) and the slowest rules.
"""

from __future__ import annotations

import json
import sys
import time

from asl_lsp.lint.context import LintContext
from asl_lsp.lint.engine import lint_document
from asl_lsp.lint.registry import all_rules
from asl_lsp.model.document import parse_document


def _state(i: int, count: int) -> tuple[str, dict[str, object]]:
    name = f"Step {i:05d}"
    following = f"Step {i + 1:05d}" if i + 1 < count else "Done"
    kind = i % 5
    if kind == 0:
        return name, {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {
                "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:charge",
                "Payload": {"orderId.$": "$.order.id", "amount.$": "$.order.total",
                            "note.$": "States.Format('order {}', $.order.id)"},
            },
            "ResultSelector": {"status.$": "$.Payload.status"},
            "ResultPath": "$.charge",
            "TimeoutSeconds": 60,
            "Retry": [
                {"ErrorEquals": ["Lambda.ServiceException"], "BackoffRate": 2.0},
                {"ErrorEquals": ["States.ALL"], "MaxAttempts": 1},
            ],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}],
            "Next": following,
        }
    if kind == 1:
        return name, {
            "Type": "Choice",
            "Choices": [
                {"And": [{"Variable": "$.charge.status", "StringEquals": "OK"},
                         {"Variable": "$.order.total", "NumericGreaterThan": 100}],
                 "Next": following},
            ],
            "Default": following,
        }
    if kind == 2:
        return name, {
            "Type": "Pass",
            "Parameters": {"id.$": "$.order.id", "static": {"Next": "not a transition"}},
            "Assign": {"lastId.$": "$.order.id"},
            "ResultPath": "$.summary",
            "Next": following,
        }
    if kind == 3:
        return name, {
            "Type": "Wait",
            "SecondsPath": "$.delay",
            "Next": following,
        }
    return name, {
        "Type": "Map",
        "ItemsPath": "$.order.items",
        "ItemSelector": {"sku.$": "$$.Map.Item.Value.sku"},
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"},
            "StartAt": f"Reserve {i:05d}",
            "States": {f"Reserve {i:05d}": {
                "Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
                "Parameters": {"TableName": "stock", "Key": {"sku": {"S.$": "$.sku"}}},
                "End": True}},
        },
        "ResultPath": "$.reservations",
        "Next": following,
    }


def generate(count: int) -> str:
    states = dict(_state(i, count) for i in range(count))
    states["Done"] = {"Type": "Succeed"}
    states["Failed"] = {"Type": "Fail", "Error": "OrderFailed", "CausePath": "$.error.Cause"}
    return json.dumps({"Comment": "generated", "StartAt": "Step 00000", "States": states},
                      indent=2)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    text = generate(count)
    start = time.perf_counter()
    document = parse_document(text, "bench.asl.json")
    parse_ms = (time.perf_counter() - start) * 1000
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        diagnostics = lint_document(document)
        runs.append((time.perf_counter() - start) * 1000)
    per_rule: list[tuple[float, str]] = []
    for rule in all_rules():
        ctx = LintContext(document, document.definitions[0])
        start = time.perf_counter()
        list(rule.check(ctx))
        per_rule.append(((time.perf_counter() - start) * 1000, f"{rule.code} {rule.name}"))
    print(f"{count} states, {len(text) / 1e6:.2f} MB, {len(diagnostics)} findings")
    print(f"parse: {parse_ms:.0f} ms")
    print(f"all rules (best of {len(runs)}): {min(runs):.1f} ms; first run {runs[0]:.1f} ms")
    print("slowest rules alone (each without the shared caches):")
    for ms, name in sorted(per_rule, reverse=True)[:8]:
        print(f"  {ms:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
