"""Time every lint rule on a generated 5,000-state (~2.4 MB) definition, parsing excluded.

Run: ``.venv/bin/python -m tests.lint.bench_lint_rules [STATES]``. Prints the parse time, the time
of all rules together (best of several warm runs) and the slowest rules.
"""

from __future__ import annotations

import gc
import json
import sys
import time

from asl_lsp.lint.context import LintContext
from asl_lsp.lint.linter import lint_document
from asl_lsp.lint.registry import all_rules
from asl_lsp.lint.schema_incremental import default_checker
from asl_lsp.model.document import AslDocument, parse_document


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
                "Payload": {
                    "orderId.$": "$.order.id",
                    "amount.$": "$.order.total",
                    "note.$": "States.Format('order {}', $.order.id)",
                },
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
                {
                    "And": [
                        {"Variable": "$.charge.status", "StringEquals": "OK"},
                        {"Variable": "$.order.total", "NumericGreaterThan": 100},
                    ],
                    "Next": following,
                },
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
            "States": {
                f"Reserve {i:05d}": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::dynamodb:updateItem",
                    "Parameters": {"TableName": "stock", "Key": {"sku": {"S.$": "$.sku"}}},
                    "End": True,
                }
            },
        },
        "ResultPath": "$.reservations",
        "Next": following,
    }


def generate(count: int) -> str:
    states = dict(_state(i, count) for i in range(count))
    states["Done"] = {"Type": "Succeed"}
    states["Failed"] = {"Type": "Fail", "Error": "OrderFailed", "CausePath": "$.error.Cause"}
    return json.dumps({"Comment": "generated", "StartAt": "Step 00000", "States": states}, indent=2)


def _best(document: AslDocument, runs: int) -> tuple[float, int]:
    best = float("inf")
    found = 0
    for _ in range(runs):
        default_checker().memo.clear()  # measure the schema check of states never seen
        start = time.perf_counter()
        found = len(lint_document(document))
        best = min(best, (time.perf_counter() - start) * 1000)
    return best, found


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    text = generate(count)
    start = time.perf_counter()
    document = parse_document(text, "bench.asl.json")
    parse_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    lint_document(document)
    first_ms = (time.perf_counter() - start) * 1000
    plain_ms, found = _best(document, 5)
    # A long-lived process (the language server) keeps the parsed tree: with it frozen, the
    # collector no longer walks a million nodes during a lint run.
    gc.freeze()
    frozen_ms, _ = _best(document, 5)
    per_rule: dict[str, float] = {}
    for _ in range(5):
        ctx = LintContext(document, document.definitions[0])
        default_checker().memo.clear()
        for rule in all_rules():
            start = time.perf_counter()
            list(rule.check(ctx))
            elapsed = (time.perf_counter() - start) * 1000
            key = f"{rule.code} {rule.name}"
            per_rule[key] = min(per_rule.get(key, elapsed), elapsed)
    gc.unfreeze()
    print(f"{count} states, {len(text) / 1e6:.2f} MB, {found} findings")
    print(f"parse: {parse_ms:.0f} ms")
    print(f"all rules, first run (imports, caches): {first_ms:.0f} ms")
    print(f"all rules, best of 5: {plain_ms:.0f} ms; tree frozen for gc: {frozen_ms:.0f} ms")
    print("slowest rules (best of 5, shared caches built by the first rule that needs them):")
    for name, ms in sorted(per_rule.items(), key=lambda item: -item[1])[:8]:
        print(f"  {ms:6.1f} ms  {name}")


if __name__ == "__main__":
    main()
