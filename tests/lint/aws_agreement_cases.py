"""Definitions on which the linter must answer as AWS does, shared by the lint and server tests.

``AGREEMENT`` holds one state per item of the severity policy: what AWS accepts is at most a
warning or a hint, what it refuses is an error at the offending value.
"""

from __future__ import annotations

import json

from asl_lsp.diagnostic import Severity

_STATES: dict[str, object] = {
    "Start": {
        "Type": "Pass",
        "QueryLanguage": "JSONata",
        "Assign": {"name": "{%$lowercase($states.input.name)%}"},
        "Output": {
            "spaced": " {% $states.input %} ",
            "unknown": "{% $lowercas($states.input.name) %}",
            "unset": "{% $nowhere %}",
        },
        "Next": "Wait until",
    },
    "Wait until": {"Type": "Wait", "Timestamp": "2024-13-01T00:00:00Z", "Next": "Route"},
    "Route": {
        "Type": "Choice",
        "Choices": [
            {"Variable": "$.at", "TimestampLessThan": "2024-01-31", "Next": "Query"},
        ],
        "Default": "Query",
    },
    "Query": {
        "Type": "Task",
        "Resource": "arn:aws:states:::dynamodb:query",
        "Next": "Fan out",
    },
    "Fan out": {
        "Type": "Map",
        "Label": "fan out",
        "ItemsPath": "$.items",
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
            "StartAt": "Work",
            "States": {"Work": {"Type": "Pass", "End": True}},
        },
        "End": True,
    },
}

AGREEMENT = json.dumps({"StartAt": "Start", "States": _STATES}, indent=2)

# (code, severity, the text the finding points at), in text order.
EXPECTED: list[tuple[str, Severity, str]] = [
    ("ASL501", Severity.HINT, " "),
    ("ASL501", Severity.WARNING, "$lowercas"),
    ("ASL502", Severity.WARNING, "$nowhere"),
    ("ASL603", Severity.ERROR, '"2024-13-01T00:00:00Z"'),
    ("ASL302", Severity.ERROR, '"2024-01-31"'),
    ("ASL602", Severity.ERROR, '"arn:aws:states:::dynamodb:query"'),
    ("ASL607", Severity.ERROR, '"fan out"'),
]
