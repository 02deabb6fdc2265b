"""``asl deploy`` / ``asl executions`` / ``asl events`` run as real subprocesses against moto."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from moto_server import MotoServer

from tests.terminal import run_on_terminal

ASL = [sys.executable, "-m", "asl_lsp"]

GOOD = {
    "Comment": "deployed from the command line",
    "StartAt": "Greet",
    "States": {
        "Greet": {
            "Type": "Pass",
            "Parameters": {"greeting.$": "States.Format('hello {}', $.who)"},
            "Next": "Pause",
        },
        "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Done"},
        "Done": {"Type": "Succeed"},
    },
}
FAILING = {
    "StartAt": "Boom",
    "States": {"Boom": {"Type": "Fail", "Error": "Broken", "Cause": "on purpose"}},
}
LINT_ERROR = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Missing"}}}


def asl(*args: str, server: MotoServer | None = None) -> subprocess.CompletedProcess[str]:
    target = (
        ["--target", "aws", "--endpoint-url", server.endpoint_url, "--region", server.region]
        if server
        else []
    )
    return subprocess.run(
        [*ASL, *args, *target], capture_output=True, text=True, timeout=120, env=os.environ.copy()
    )


def write(tmp_path: Path, name: str, document: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return str(path)


def test_deploy_update_execute_list_events(moto_server: MotoServer, tmp_path: Path) -> None:
    name = f"cli-{uuid.uuid4().hex[:8]}"
    role = moto_server.role_arn()
    path = write(tmp_path, "good.asl.json", GOOD)

    created = asl("deploy", path, "--name", name, "--role", role, server=moto_server)
    assert created.returncode == 0, created.stderr
    arn = created.stdout.strip()
    assert arn == f"arn:aws:states:us-east-1:123456789012:stateMachine:{name}"
    assert "created state machine" in created.stderr

    changed = dict(GOOD, Comment="changed")
    path = write(tmp_path, "good.asl.json", changed)
    run = asl(
        "deploy",
        path,
        "--name",
        name,
        "--role",
        role,
        "--execute",
        "--input",
        '{"who": "moto"}',
        server=moto_server,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == arn
    assert "updated state machine" in run.stderr
    assert "→ Pause" in lines  # plain progress lines when stdout is not a terminal
    assert "status: SUCCEEDED" in lines
    assert json.loads(lines[-1]) == {"greeting": "hello moto"}

    input_file = tmp_path / "input.json"
    input_file.write_text('{"who": "file"}', encoding="utf-8")
    again = asl(
        "deploy",
        path,
        "--name",
        name,
        "--role",
        role,
        "--execute",
        "--input",
        f"@{input_file}",
        server=moto_server,
    )
    assert json.loads(again.stdout.splitlines()[-1]) == {"greeting": "hello file"}

    listed = asl("executions", arn, server=moto_server)
    assert listed.returncode == 0, listed.stderr
    table = listed.stdout.splitlines()
    assert table[0].split() == ["Name", "Status", "Started", "Stopped", "Execution", "ARN"]
    rows = [line for line in table[2:] if "SUCCEEDED" in line]
    assert len(rows) == 2
    execution_arn = rows[0].split()[-1]
    assert execution_arn.startswith(f"arn:aws:states:us-east-1:123456789012:execution:{name}:")

    events = asl("events", execution_arn, server=moto_server)
    assert events.returncode == 0, events.stderr
    text = events.stdout
    for expected in (
        "ExecutionStarted",
        "PassStateEntered",
        "WaitStateEntered",
        "Pause",
        "SucceedStateExited",
        "ExecutionSucceeded",
    ):
        assert expected in text


def test_deploy_failed_execution_exits_1(moto_server: MotoServer, tmp_path: Path) -> None:
    path = write(tmp_path, "fail.asl.json", FAILING)
    result = asl(
        "deploy",
        path,
        "--name",
        f"cli-fail-{uuid.uuid4().hex[:6]}",
        "--role",
        moto_server.role_arn(),
        "--execute",
        server=moto_server,
    )
    assert result.returncode == 1
    assert "status: FAILED" in result.stdout
    assert "error: Broken: on purpose" in result.stdout


def test_lint_errors_block_deploy_unless_forced(moto_server: MotoServer, tmp_path: Path) -> None:
    path = write(tmp_path, "bad.asl.json", LINT_ERROR)
    name = f"cli-bad-{uuid.uuid4().hex[:6]}"
    refused = asl(
        "deploy", path, "--name", name, "--role", moto_server.role_arn(), server=moto_server
    )
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert "Missing" in refused.stderr and "--force" in refused.stderr
    forced = asl(
        "deploy",
        path,
        "--name",
        name,
        "--role",
        moto_server.role_arn(),
        "--force",
        server=moto_server,
    )
    # moto accepts a dangling Next at creation (AWS would not): the force flag lets it through
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.strip().endswith(f":stateMachine:{name}")


def test_errors_are_one_line_exit_2(moto_server: MotoServer, tmp_path: Path) -> None:
    unknown = "arn:aws:states:us-east-1:123456789012:execution:nothing:here"
    result = asl("events", unknown, server=moto_server)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("asl: Execution Does Not Exist")

    result = asl(
        "executions", "arn:aws:states:us-east-1:123456789012:stateMachine:none", server=moto_server
    )
    assert (result.returncode, result.stderr.startswith("asl: State Machine Does Not Exist")) == (
        2,
        True,
    )

    path = write(tmp_path, "good.asl.json", GOOD)
    result = asl("deploy", path, "--name", "bad-role", "--role", "nope", server=moto_server)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith("asl: invalid role ARN 'nope'")

    result = asl("deploy", str(tmp_path / "missing.json"), "--name", "x", "--role", "r")
    assert (result.returncode, result.stderr.strip()) == (
        2,
        f"asl: cannot read {tmp_path / 'missing.json'}: No such file or directory",
    )

    result = asl("deploy", path, "--name", "x", "--role", "r", "--execute", "--input", "{bad")
    assert result.returncode == 2 and result.stderr.startswith("asl: --input is not valid JSON")


def test_deploy_rejected_definition_shows_aws_message(
    moto_server: MotoServer, tmp_path: Path
) -> None:
    path = write(tmp_path, "empty.asl.json", {"StartAt": "X"})
    result = asl(
        "deploy",
        path,
        "--name",
        "cli-empty",
        "--role",
        moto_server.role_arn(),
        "--force",
        server=moto_server,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith("asl: AWS rejected the definition")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_live_progress_line_on_a_terminal(moto_server: MotoServer, tmp_path: Path) -> None:
    path = write(tmp_path, "good.asl.json", GOOD)
    code, output = run_on_terminal(
        [
            *ASL,
            "deploy",
            path,
            "--name",
            f"cli-tty-{uuid.uuid4().hex[:6]}",
            "--role",
            moto_server.role_arn(),
            "--execute",
            "--input",
            '{"who": "tty"}',
            "--target",
            "aws",
            "--endpoint-url",
            moto_server.endpoint_url,
            "--region",
            moto_server.region,
        ],
        "stdout",
    )
    assert code == 0
    assert "\r\x1b[Krunning: Pause" in output
    assert "status: SUCCEEDED" in output
    assert json.loads(output.splitlines()[-1]) == {"greeting": "hello tty"}
