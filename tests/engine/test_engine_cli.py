"""``asl run`` end to end, as a user runs it (a subprocess from the repository root)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def asl(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "asl_lsp", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def test_hello_world_example_with_configured_handlers() -> None:
    r = asl(
        "run",
        "examples/hello-world.asl.json",
        "--input",
        '{"IsHelloWorldExample": true}',
        "--virtual-clock",
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["Payload"]["output"] == "SGVsbG9Xb3JsZA=="


def test_failed_execution_exits_1_with_error_and_cause(tmp_path: Path) -> None:
    f = tmp_path / "f.asl.json"
    f.write_text(
        json.dumps(
            {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Bad", "Cause": "why"}}}
        )
    )
    r = asl("run", str(f))
    assert r.returncode == 1 and "Bad" in r.stderr and "why" in r.stderr and r.stdout == ""


def test_watch_and_events_and_yaml_and_input_file(tmp_path: Path) -> None:
    f = tmp_path / "m.asl.yaml"
    f.write_text(
        "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n"
        "  B:\n    Type: Pass\n    OutputPath: $.x\n    End: true\n"
    )
    inp = tmp_path / "in.json"
    inp.write_text('{"x": [1, 2]}')
    r = asl("run", str(f), "--input", f"@{inp}", "--watch", "--events")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [1, 2]
    assert "→ A" in r.stderr and "→ B" in r.stderr and "ExecutionSucceeded" in r.stderr


def test_functions_option_and_missing_handler_message(tmp_path: Path) -> None:
    handlers = tmp_path / "h.py"
    handlers.write_text("FUNCS = {'Echo': lambda event, context: {'echo': event}}\n")
    f = tmp_path / "t.asl.json"
    f.write_text(
        json.dumps(
            {
                "StartAt": "T",
                "States": {
                    "T": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "Echo", "Payload.$": "$"},
                        "OutputPath": "$.Payload",
                        "End": True,
                    }
                },
            }
        )
    )
    ok = asl("run", str(f), "--input", '{"a": 1}', "--functions", f"{handlers}:FUNCS")
    assert ok.returncode == 0 and json.loads(ok.stdout) == {"echo": {"a": 1}}
    missing = asl("run", str(f))
    assert missing.returncode == 1
    assert "functions={'Echo': handler}" in missing.stderr


def test_mocks_option(tmp_path: Path) -> None:
    mocks = tmp_path / "MockConfigFile.json"
    mocks.write_text(
        json.dumps(
            {
                "StateMachines": {"M": {"TestCases": {"Happy": {"T": "Ok"}}}},
                "MockedResponses": {"Ok": {"0": {"Return": {"Payload": {"mocked": True}}}}},
            }
        )
    )
    f = tmp_path / "t.asl.json"
    f.write_text(
        json.dumps(
            {
                "StartAt": "T",
                "States": {
                    "T": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "Nope"},
                        "OutputPath": "$.Payload",
                        "End": True,
                    }
                },
            }
        )
    )
    r = asl("run", str(f), "--mocks", str(mocks), "--test-case", "Happy")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"mocked": True}
    bad = asl("run", str(f), "--mocks", str(mocks), "--test-case", "Nope")
    assert bad.returncode == 2 and "no test case 'Nope'" in bad.stderr


def test_usage_errors_exit_2_with_one_line(tmp_path: Path) -> None:
    for args in (
        ["run", str(tmp_path / "absent.json")],
        ["run", "examples/hello-world.asl.json", "--input", "{bad"],
        ["run", "examples/hello-world.asl.json", "--functions", "nomodule_xyz:F"],
    ):
        r = asl(*args)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    broken = tmp_path / "broken.asl.json"
    broken.write_text('{"StartAt": "A", "States": {')
    r = asl("run", str(broken))
    assert r.returncode == 2 and "Traceback" not in r.stderr
