"""Run one definition on moto's interpreter and on the local engine, and reduce both runs to
what the differential suite compares: status, error, output and the state entered/exited names."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROLE = "arn:aws:iam::123456789012:role/DifferentialRole"
_TS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def normalise(value: Any) -> Any:
    """Timestamps and UUIDs differ between any two runs: compare them as placeholders."""
    text = json.dumps(value, sort_keys=True)
    text = _TS.sub("<timestamp>", text)
    text = _UUID.sub("<uuid>", text)
    return json.loads(text)


@dataclass
class Run:
    status: str
    error: str | None
    output: Any
    states: list[tuple[str, str]]  # (event type, state name) of entered/exited events
    branch_failed: bool = False  # a Parallel branch or Map iteration failed (siblings cancelled)

    def comparable(self, definition: dict[str, Any]) -> dict[str, Any]:
        """Concurrent branches interleave freely, and a failing branch cancels its siblings at
        no fixed point: for Parallel/Map definitions the top-level states are compared in order,
        and every state (as a multiset) only when the execution succeeded."""
        states: Any = self.states
        if has_concurrency(definition):
            top = set(definition.get("States", {}))
            states = {"top": [s for s in self.states if s[1] in top]}
            if self.status == "SUCCEEDED" and not self.branch_failed:
                states["all"] = sorted(Counter(self.states).items())
        return {
            "status": self.status,
            "error": self.error,
            "output": normalise(self.output),
            "states": states,
        }


def _reduce(describe: dict[str, Any], events: list[dict[str, Any]]) -> Run:
    states = []
    for e in events:
        if e["type"].endswith(("StateEntered", "StateExited")):
            key = (
                "stateEnteredEventDetails"
                if e["type"].endswith("Entered")
                else ("stateExitedEventDetails")
            )
            states.append((e["type"], e[key]["name"]))
    raw = describe.get("output")
    try:
        output = json.loads(raw) if raw is not None else None
    except json.JSONDecodeError:
        output = {"<not JSON>": raw}
    failed = any(e["type"] in ("MapIterationFailed", "ParallelStateFailed") for e in events)
    return Run(describe["status"], describe.get("error"), output, states, failed)


def run_on_moto(client: Any, name: str, definition: dict[str, Any], input_: Any) -> Run:
    arn = client.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE)[
        "stateMachineArn"
    ]
    ex = client.start_execution(stateMachineArn=arn, name="run", input=json.dumps(input_))
    deadline = time.monotonic() + 30
    while True:
        d = client.describe_execution(executionArn=ex["executionArn"])
        if d["status"] != "RUNNING" or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    events = client.get_execution_history(executionArn=ex["executionArn"], maxResults=1000)[
        "events"
    ]
    return _reduce(d, events)


def run_locally(backend: Any, name: str, definition: dict[str, Any], input_: Any) -> Run:
    arn = backend.create_state_machine(name, json.dumps(definition), ROLE)
    ex = backend.start_execution(arn, name="run", input=json.dumps(input_))
    d = backend.wait(ex["executionArn"], 30)
    return _reduce(d, backend.get_execution_history(ex["executionArn"]))


def has_concurrency(definition: Any) -> bool:
    text = json.dumps(definition)
    return '"Parallel"' in text or '"Map"' in text


def load(path: Path) -> dict[str, Any]:
    value = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(value, dict)
    return value
