"""A definition loaded once runs like ``run_definition`` each time, and is its own copy."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from typing import Any

from asl_lsp.engine import LocalStateMachine, run_definition
from tests.shared_path import REPO_ROOT


def _definition() -> dict[str, Any]:
    return {
        "StartAt": "First",
        "States": {
            "First": {"Type": "Pass", "Result": {"n": 1}, "ResultPath": "$.first", "Next": "Pick"},
            "Pick": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.first.n", "NumericEquals": 1, "Next": "Done"}],
                "Default": "Fail",
            },
            "Done": {"Type": "Pass", "End": True},
            "Fail": {"Type": "Fail", "Error": "Unexpected"},
        },
    }


def _shape(result: Any) -> list[tuple[str, Any]]:
    """The events without their times and ids, which differ between any two executions."""
    return [(e["type"], e.get("stateEnteredEventDetails", {}).get("name")) for e in result.events]


def test_every_run_is_the_run_of_run_definition() -> None:
    machine = LocalStateMachine(_definition())
    expected = run_definition(_definition(), {"x": 1})
    for _ in range(3):
        result = machine.run({"x": 1})
        assert result.status == expected.status == "SUCCEEDED"
        assert result.output == expected.output == {"x": 1, "first": {"n": 1}}
        assert _shape(result) == _shape(expected)


def test_a_loaded_definition_is_a_copy() -> None:
    definition = _definition()
    machine = LocalStateMachine(definition)
    assert machine.run({}).status == "SUCCEEDED"
    definition["States"]["First"]["Result"] = {"n": 2}  # the caller's dict, changed afterwards
    definition["StartAt"] = "Fail"
    result = machine.run({})
    assert result.status == "SUCCEEDED"
    assert result.output == {"first": {"n": 1}}
    assert run_definition(definition, {}).status == "FAILED"


def test_executions_on_several_threads_at_once() -> None:
    machine = LocalStateMachine(_definition())
    results: list[Any] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        result = machine.run({"i": index})
        with lock:
            results.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.output["i"] for r in results) == list(range(8))
    assert {r.status for r in results} == {"SUCCEEDED"}
    assert len({r.execution_arn for r in results}) == 8


def test_the_readme_example_runs() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    example = next(block for block in blocks if "LocalStateMachine(" in block)
    done = subprocess.run(
        [sys.executable, "-c", example], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
