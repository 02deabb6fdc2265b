"""AWS credentials in the environment never reach ``asl deploy``'s output, its errors, or the
linter's diagnostics."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from moto_server import MotoServer

from asl_lsp.lint.api import lint_text

SECRETS = {
    "AWS_ACCESS_KEY_ID": "AKIAPROBEKEY7EXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "probeSecret/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "AWS_SESSION_TOKEN": "probeSessionTokenFwoGZXIvYXdzEXAMPLE",
}
DEFINITION = {
    "Comment": "deploy probe",
    "StartAt": "Hello",
    "States": {"Hello": {"Type": "Pass", "Result": {"ok": True}, "End": True}},
}


def deploy(path: Path, *extra: str) -> str:
    env = {**os.environ, **SECRETS, "AWS_DEFAULT_REGION": "us-east-1"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "asl_lsp",
            "deploy",
            str(path),
            "--name",
            "probe",
            "--role",
            "arn:aws:iam::123456789012:role/ProbeRole",
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout + done.stderr


def assert_no_secret(output: str) -> None:
    for name, value in SECRETS.items():
        assert value not in output, f"{name} leaked"
        assert value[:12] not in output, f"a prefix of {name} leaked"


def test_deploy_and_execute_against_moto(tmp_path: Path, moto_server: MotoServer) -> None:
    path = tmp_path / "probe.asl.json"
    path.write_text(json.dumps(DEFINITION), encoding="utf-8")
    output = deploy(path, "--endpoint-url", moto_server.endpoint_url, "--execute")
    assert "SUCCEEDED" in output, output
    assert_no_secret(output)


def test_deploy_failures_do_not_leak(tmp_path: Path) -> None:
    path = tmp_path / "probe.asl.json"
    path.write_text(json.dumps(DEFINITION), encoding="utf-8")
    refused = deploy(path, "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1")
    assert "asl:" in refused
    assert_no_secret(refused)


def test_definitions_holding_credentials_are_not_echoed_by_the_linter() -> None:
    """A secret pasted into a definition is the user's text; diagnostics do not copy it around."""
    definition = {
        "StartAt": "Call",
        "States": {
            "Call": {
                "Type": "Task",
                "Resource": "arn:aws:states:::http:invoke",
                "Parameters": {
                    "Authentication": {"Token": SECRETS["AWS_SESSION_TOKEN"]},
                    "Bogus.$": "not a path",
                },
                "End": True,
            }
        },
    }
    for diagnostic in lint_text(json.dumps(definition), "call.asl.json"):
        assert SECRETS["AWS_SESSION_TOKEN"] not in diagnostic.message
