"""``asl run``, ``asl deploy``, the SDK and ``asl.runLocal``'s loader refuse text with syntax
errors (the parser's recovered tree is not what was written), and ``asl run`` keeps each execution
in the local store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from asl_lsp.engine import run_definition
from asl_lsp.engine.loading import LoadError
from asl_lsp.engine.store import Store
from asl_lsp.sdk.backends.base import InvalidDefinition
from asl_lsp.sdk.backends.local import LocalBackend

REPO = Path(__file__).resolve().parents[2]
DUPLICATE = (
    '{"StartAt": "A", "States": {'
    '"A": {"Type": "Pass", "Result": "first", "End": true}, '
    '"A": {"Type": "Pass", "Result": "second", "End": true}}}'
)


def _deep_parallel(levels: int) -> str:
    text = '{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}'
    for _ in range(levels):
        text = (
            '{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": ['
            + text
            + '], "End": true}}}'
        )
    return text


def asl(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "asl_lsp", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("case", "text", "shown"),
    [
        ("duplicate", DUPLICATE, "ASL002 duplicate key 'A'"),
        ("deep", _deep_parallel(300), "ASL001 nesting deeper than 512 levels"),
    ],
)
def test_asl_run_refuses_syntax_errors_and_shows_them(
    tmp_path: Path, case: str, text: str, shown: str
) -> None:
    path = tmp_path / f"{case}.asl.json"
    path.write_text(text, "utf-8")
    result = asl("run", str(path), "--virtual-clock")
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    assert "syntax error(s) and is not run" in result.stderr
    assert shown in result.stderr
    assert result.stdout == ""


def test_asl_deploy_refuses_syntax_errors_even_with_force(tmp_path: Path) -> None:
    path = tmp_path / "dup.asl.json"
    path.write_text(DUPLICATE, "utf-8")
    role = "arn:aws:iam::123456789012:role/R"
    result = asl("deploy", str(path), "--name", "dup", "--role", role, "--force")
    assert result.returncode == 2
    assert "is not deployed" in result.stderr and "duplicate key 'A'" in result.stderr


def test_sdk_and_runner_refuse_duplicated_states(tmp_path: Path) -> None:
    backend = LocalBackend(store=tmp_path / "store.db")
    with pytest.raises(InvalidDefinition, match="duplicate key 'A'"):
        backend.create_state_machine("dup", DUPLICATE, "arn:aws:iam::123456789012:role/R")
    with pytest.raises(LoadError, match="duplicate key 'A'"):
        run_definition(DUPLICATE)


def test_asl_run_stores_the_execution_and_prints_its_arn(tmp_path: Path) -> None:
    home = Path(os.environ["ASL_LSP_HOME"])
    path = tmp_path / "ok.asl.json"
    path.write_text(json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))
    result = asl("run", str(path), "--input", '{"a": 1}', "--name", "Stored")
    assert result.returncode == 0, result.stderr
    (line,) = [x for x in result.stderr.splitlines() if "(stored)" in x]
    arn = line.split()[3]
    assert arn.startswith("arn:aws:states:us-east-1:123456789012:execution:Stored:")
    store = Store(home / "store.db")
    try:
        execution = store.execution(arn)
        assert execution is not None and execution["status"] == "SUCCEEDED"
        assert [e["type"] for e in store.events(arn)] == [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded",
        ]
    finally:
        store.close()
    listed = asl("executions", "arn:aws:states:us-east-1:123456789012:stateMachine:Stored")
    assert arn in listed.stdout
    skipped = asl("run", str(path), "--no-store")
    assert skipped.returncode == 0 and "(stored)" not in skipped.stderr
