"""Progress overlay from execution histories: a real moto execution and hand-written Map events."""

from __future__ import annotations

import copy
import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from asl_lsp.graph.progress import state_status_from_events
from asl_lsp.graph.render import render_graph

HERE = Path(__file__).parent
SEED = json.loads((HERE / "fixtures" / "hello_branching.asl.json").read_text(encoding="utf-8"))


def _failing_seed() -> dict[str, Any]:
    """The seed workflow whose task fails (a missing DynamoDB table) and is caught."""
    definition = copy.deepcopy(SEED)
    task = definition["States"]["Convert HelloWorld to Base64"]
    task["Resource"] = "arn:aws:states:::dynamodb:getItem"
    task["Parameters"] = {"TableName": "missing", "Key": {"k": {"S": "v"}}}
    task["Retry"] = [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 1}]
    task["Catch"] = [{"ErrorEquals": ["States.ALL"], "Next": "LambdaTaskFailed"}]
    definition["States"]["Wait for 3 seconds"]["Seconds"] = 0
    return definition


def _run_on_moto(definition: dict[str, Any], payload: dict[str, Any]) -> list[dict[str, Any]]:
    import boto3
    from moto import mock_aws

    config = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
    with mock_aws(config=config):  # type: ignore[arg-type]
        client = boto3.client(
            "stepfunctions",
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        arn = client.create_state_machine(
            name="hello",
            definition=json.dumps(definition),
            roleArn="arn:aws:iam::123456789012:role/sfn",
        )["stateMachineArn"]
        execution = client.start_execution(stateMachineArn=arn, input=json.dumps(payload))
        for _ in range(150):
            status = client.describe_execution(executionArn=execution["executionArn"])["status"]
            if status != "RUNNING":
                break
            time.sleep(0.1)
        events: list[dict[str, Any]] = client.get_execution_history(
            executionArn=execution["executionArn"]
        )["events"]
        return events


def test_caught_failure_on_moto() -> None:
    definition = _failing_seed()
    events = _run_on_moto(definition, {})
    progress = state_status_from_events(events, definition)
    status = {name: p.status for name, p in progress.items()}
    assert status["MyPassState"] == "succeeded"
    assert status["MyParallelState"] == "succeeded"
    assert progress["MyParallelState"].branches_total == 2
    assert progress["MyParallelState"].branches_succeeded == 2
    assert status["Convert HelloWorld to Base64"] == "caught"
    assert progress["Convert HelloWorld to Base64"].retries == 1
    assert status["LambdaTaskFailed"] == "failed"
    assert "HelloWorldSuccessful" not in progress and "HelloWorldFailed" not in progress
    image = render_graph(definition, events=events)
    root = ET.fromstring(image.svg)
    statuses = {
        g.get("data-state"): g.get("data-status")
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if g.get("class") == "node"
    }
    assert statuses["HelloWorldSuccessful"] == "not-reached"
    assert statuses["Convert HelloWorld to Base64"] == "caught"
    assert "branches 2/2" in image.svg and "not reached" in image.svg  # counts and legend


def test_false_branch_on_moto() -> None:
    definition = copy.deepcopy(SEED)
    definition["States"]["MyPassState"]["Parameters"] = {"IsHelloWorldExample": False}
    progress = state_status_from_events(_run_on_moto(definition, {}), definition)
    assert progress["HelloWorldFailed"].status == "failed"
    assert "Wait for 3 seconds" not in progress


def _event(i: int, prev: int, kind: str, **details: Any) -> dict[str, Any]:
    event: dict[str, Any] = {"id": i, "previousEventId": prev, "type": kind}
    if details:
        key = {
            "StateEntered": "stateEnteredEventDetails",
            "StateExited": "stateExitedEventDetails",
        }
        suffix = next((k for k in key if kind.endswith(k)), None)
        if suffix is not None:
            event[key[suffix]] = details
        elif kind.startswith("MapIteration"):
            event["mapIterationStartedEventDetails"] = details
        elif kind == "MapStateStarted":
            event["mapStateStartedEventDetails"] = details
        else:
            event["taskFailedEventDetails"] = details
    return event


def test_map_counts_and_in_progress() -> None:
    events = [
        _event(1, 0, "ExecutionStarted"),
        _event(2, 1, "MapStateEntered", name="Each"),
        _event(3, 2, "MapStateStarted", length=3),
        _event(4, 3, "MapIterationStarted", name="Each", index=0),
        _event(5, 4, "TaskStateEntered", name="Work"),
        _event(6, 5, "TaskStateExited", name="Work"),
        _event(7, 6, "MapIterationSucceeded", name="Each", index=0),
        _event(8, 3, "MapIterationStarted", name="Each", index=1),
        _event(9, 8, "TaskStateEntered", name="Work"),
        _event(10, 9, "TaskFailed", error="Boom"),
        _event(11, 10, "MapIterationFailed", name="Each", index=1),
        _event(12, 3, "MapIterationStarted", name="Each", index=2),
        _event(13, 12, "TaskStateEntered", name="Work"),
    ]
    progress = state_status_from_events(events)
    assert progress["Each"].status == "in-progress"
    assert progress["Each"].iterations_total == 3
    assert progress["Each"].iterations_succeeded == 1
    assert progress["Each"].iterations_failed == 1
    assert progress["Each"].summary() == "items 1/3, 1 failed"
    assert progress["Work"].status == "failed"  # one iteration failed uncaught
    assert progress["Work"].error == "Boom"
    ended = [*events, _event(14, 13, "ExecutionAborted")]
    assert state_status_from_events(ended)["Each"].status == "failed"


@pytest.mark.parametrize("junk", [None, [None, 3, "x"], [{"type": 5}], [{"id": "a", "type": "X"}]])
def test_odd_events_never_raise(junk: Any) -> None:
    assert isinstance(state_status_from_events(junk), dict)
