"""LocalBackend: the Backend contract, task tokens, mock files and persistence across processes."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from asl_lsp.engine.store import ORPHAN_CAUSE, Store
from asl_lsp.sdk.backends import LocalBackend
from asl_lsp.sdk.backends.base import (
    InvalidDefinition,
    ResourceNotFound,
    StateMachineAlreadyExists,
)

ROLE = "arn:aws:iam::123456789012:role/r"
REPO = Path(__file__).resolve().parents[2]


def dumps(value: Any) -> str:
    return json.dumps(value)


def test_backend_contract(tmp_path: Path) -> None:
    b = LocalBackend(clock="virtual", store=tmp_path / "s.db")
    d = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    arn = b.create_state_machine("m1", dumps(d), ROLE)
    assert arn == "arn:aws:states:us-east-1:123456789012:stateMachine:m1"
    with pytest.raises(StateMachineAlreadyExists) as exc:
        b.create_state_machine("m1", dumps(d), ROLE)
    assert exc.value.arn == arn
    with pytest.raises(InvalidDefinition):
        b.create_state_machine("m2", "{not json", ROLE)
    assert b.describe_state_machine(arn)["definition"] == dumps(d)
    d2 = {"StartAt": "Q", "States": {"Q": {"Type": "Pass", "Result": 2, "End": True}}}
    b.update_state_machine(arn, definition=dumps(d2))
    assert json.loads(b.describe_state_machine(arn)["definition"]) == d2
    assert b.store.versions(arn) == [1, 2]
    assert b.find_state_machine("m1") == arn
    started = b.start_execution(arn, name="e1", input='{"a": 1}')
    ex = started["executionArn"]
    assert ex == "arn:aws:states:us-east-1:123456789012:execution:m1:e1"
    described = b.wait(ex, 10)
    assert described["status"] == "SUCCEEDED" and described["output"] == "2"
    assert described["startDate"].tzinfo is not None and "stopDate" in described
    assert [e["name"] for e in b.list_executions(arn)] == ["e1"]
    assert b.list_executions(arn, status_filter="FAILED") == []
    history = b.get_execution_history(ex)
    assert history[0]["type"] == "ExecutionStarted" and history[-1]["type"] == "ExecutionSucceeded"
    assert b.get_execution_history(ex, reverse_order=True, max_items=1)[0]["id"] == len(history)
    with pytest.raises(ResourceNotFound):
        b.describe_execution(ex + "x")
    b.delete_state_machine(arn)
    with pytest.raises(ResourceNotFound):
        b.describe_state_machine(arn)
    assert stat.S_IMODE(os.stat(tmp_path / "s.db").st_mode) == 0o600
    b.close()


def test_start_returns_at_once_and_stop_aborts(tmp_path: Path) -> None:
    b = LocalBackend(clock="real", store=tmp_path / "s.db")
    d = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "End": True}}}
    arn = b.create_state_machine("slow", dumps(d), ROLE)
    t0 = time.monotonic()
    ex = b.start_execution(arn)["executionArn"]
    assert time.monotonic() - t0 < 0.5
    assert b.describe_execution(ex)["status"] == "RUNNING"
    b.stop_execution(ex, error="Stop", cause="by test")
    described = b.describe_execution(ex)
    assert described["status"] == "ABORTED" and described["error"] == "Stop"
    assert b.get_execution_history(ex)[-1]["type"] == "ExecutionAborted"
    b.close()


def test_wait_for_task_token_success_failure_and_heartbeat(tmp_path: Path) -> None:
    tokens: list[str] = []

    def submit(event: Any, context: Any) -> Any:
        tokens.append(event["token"])
        return {"queued": True}

    b = LocalBackend(functions={"Submit": submit}, clock="virtual", store=tmp_path / "s.db")
    d = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters": {"FunctionName": "Submit", "Payload": {"token.$": "$$.Task.Token"}},
                "HeartbeatSeconds": 2,
                "End": True,
            }
        },
    }
    arn = b.create_state_machine("cb", dumps(d), ROLE)
    ex = b.start_execution(arn, name="ok")["executionArn"]
    deadline = time.monotonic() + 5
    while not tokens and time.monotonic() < deadline:
        time.sleep(0.01)
    assert b.pending_task_tokens() == tokens
    assert b.describe_execution(ex)["status"] == "RUNNING"
    b.send_task_heartbeat(tokens[0])
    b.send_task_success(tokens[0], '{"approved": true}')
    assert b.wait(ex, 5)["output"] == '{"approved":true}'
    types = [e["type"] for e in b.get_execution_history(ex)]
    assert types[2:7] == [
        "TaskScheduled",
        "TaskStarted",
        "TaskSubmitted",
        "TaskSucceeded",
        "TaskStateExited",
    ]
    ex2 = b.start_execution(arn, name="no")["executionArn"]
    while len(tokens) < 2:
        time.sleep(0.01)
    b.send_task_failure(tokens[1], "Denied", "nope")
    assert b.wait(ex2, 5)["error"] == "Denied"
    ex3 = b.start_execution(arn, name="silent")["executionArn"]
    assert b.wait(ex3, 10)["error"] == "States.HeartbeatTimeout"
    with pytest.raises(ResourceNotFound):
        b.send_task_success(tokens[0], "{}")
    b.close()


MOCKS = {
    "StateMachines": {
        "Flow": {
            "TestCases": {
                "HappyPath": {"Call": "LambdaOk"},
                "RetryPath": {"Call": "LambdaRetry"},
            }
        }
    },
    "MockedResponses": {
        "LambdaOk": {"0": {"Return": {"StatusCode": 200, "Payload": {"ok": 1}}}},
        "LambdaRetry": {
            "0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "not ready"}},
            "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "timed out"}},
            "3": {"Return": {"StatusCode": 200, "Payload": {"ok": 3}}},
        },
    },
}
FLOW = {
    "StartAt": "Call",
    "States": {
        "Call": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "Real", "Payload.$": "$"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3, "IntervalSeconds": 5}],
            "OutputPath": "$.Payload",
            "End": True,
        }
    },
}


def test_mock_config_file_cases(tmp_path: Path) -> None:
    path = tmp_path / "MockConfigFile.json"
    path.write_text(json.dumps(MOCKS))
    b = LocalBackend(mocks=path, clock="virtual", store=tmp_path / "s.db")
    arn = b.create_state_machine("Flow", dumps(FLOW), ROLE)
    happy = b.start_execution(arn + "#HappyPath")["executionArn"]
    assert b.wait(happy, 5)["output"] == '{"ok":1}'
    retry = b.start_execution(arn + "#RetryPath")["executionArn"]
    assert b.wait(retry, 5)["output"] == '{"ok":3}'
    failed = [
        e["taskFailedEventDetails"]["error"]
        for e in b.get_execution_history(retry)
        if e["type"] == "TaskFailed"
    ]
    assert failed == [
        "Lambda.ResourceNotReadyException",
        "Lambda.TimeoutException",
        "Lambda.TimeoutException",
    ]
    b.close()


def test_restart_reads_back_executions_and_events(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    b = LocalBackend(clock="virtual", store=db)
    d = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"r": 1}, "End": True}}}
    arn = b.create_state_machine("keep", dumps(d), ROLE)
    ex = b.start_execution(arn, name="one")["executionArn"]
    before = b.get_execution_history(b.wait(ex, 5)["executionArn"])
    b.close()
    script = textwrap.dedent(f"""
        import json
        from asl_lsp.sdk.backends import LocalBackend
        b = LocalBackend(store={str(db)!r})
        d = b.describe_execution({ex!r})
        h = b.get_execution_history({ex!r})
        print(json.dumps({{"status": d["status"], "output": d["output"],
                           "types": [e["type"] for e in h]}}))
    """)
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=True,
    )
    seen = json.loads(out.stdout)
    assert seen == {
        "status": "SUCCEEDED",
        "output": '{"r":1}',
        "types": [e["type"] for e in before],
    }


def test_kill_9_mid_execution_leaves_a_readable_aborted_execution(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    script = textwrap.dedent(f"""
        import json, sys, time
        from asl_lsp.sdk.backends import LocalBackend
        b = LocalBackend(store={str(db)!r}, clock="real")
        d = {{"StartAt": "A", "States": {{
            "A": {{"Type": "Pass", "Next": "W"}},
            "W": {{"Type": "Wait", "Seconds": 60, "End": True}}}}}}
        arn = b.create_state_machine("victim", json.dumps(d), "{ROLE}")
        ex = b.start_execution(arn, name="doomed")["executionArn"]
        while len(b.get_execution_history(ex)) < 4:
            time.sleep(0.01)
        print(ex, flush=True)
        time.sleep(120)
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    try:
        assert proc.stdout is not None
        ex = proc.stdout.readline().strip()
        assert ex.endswith(":doomed")
        other = LocalBackend(store=db)  # a second process-like user while the owner lives
        assert other.describe_execution(ex)["status"] == "RUNNING"
        other.close()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    reopened = LocalBackend(store=db)
    described = reopened.describe_execution(ex)
    assert described["status"] == "ABORTED" and described["cause"] == ORPHAN_CAUSE
    history = reopened.get_execution_history(ex)
    assert [e["type"] for e in history] == [
        "ExecutionStarted",
        "PassStateEntered",
        "PassStateExited",
        "WaitStateEntered",
        "ExecutionAborted",
    ]
    assert Store(db).recover_orphans() == 0
    reopened.close()


def test_two_backends_share_one_store_concurrently(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    d = {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "ItemsPath": "$",
                "End": True,
                "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}},
            }
        },
    }
    first = LocalBackend(clock="virtual", store=db)
    second = LocalBackend(clock="virtual", store=db)
    arn = first.create_state_machine("shared", dumps(d), ROLE)
    runs: list[str] = []

    def start(b: LocalBackend, n: int) -> None:
        for i in range(5):
            runs.append(
                b.start_execution(arn, name=f"b{n}-{i}", input=dumps(list(range(50))))[
                    "executionArn"
                ]
            )

    threads = [threading.Thread(target=start, args=(b, n)) for n, b in enumerate([first, second])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for ex in runs:
        owner = first if ex in first._running or ex.split(":")[-1].startswith("b0") else second
        assert owner.wait(ex, 20)["status"] == "SUCCEEDED"
    assert len(first.list_executions(arn)) == 10
    first.close()
    second.close()
