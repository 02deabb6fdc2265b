"""The pytest plugin, in a real pytest process: collection, failure reports, coverage options,
and the ``asl_backend`` fixture."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

from tests.testing.workflow import DEFINITION, FULL_COVERAGE_CASES, write_project

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def pytest_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )


def test_plugin_is_registered_for_pytest() -> None:
    plugins = {e.name: e.value for e in entry_points(group="pytest11")}
    assert plugins.get("asl-lsp") == "asl_lsp.testing.plugin"


def test_cases_are_collected_as_items(tmp_path: Path) -> None:
    write_project(tmp_path, FULL_COVERAGE_CASES)
    done = pytest_in(tmp_path, "--collect-only")
    assert done.returncode == 0, done.stdout + done.stderr
    for case in FULL_COVERAGE_CASES:
        assert f"flow.asl-test.json::{case['name']}" in done.stdout


def test_failures_are_reported_like_asl_test(tmp_path: Path) -> None:
    cases = [
        *FULL_COVERAGE_CASES[:1],
        {
            "name": "bad",
            "input": {"kind": "both"},
            "expect": {"path": ["Remember", "Route", "Call"]},
        },
    ]
    write_project(tmp_path, cases)
    done = pytest_in(tmp_path)
    assert done.returncode == 1
    assert "1 failed, 1 passed" in done.stdout
    assert "asl: bad" in done.stdout
    assert "✗ Both   ← expected Call" in done.stdout
    assert "Traceback" not in done.stdout


def test_unusable_file_is_one_collection_error(tmp_path: Path) -> None:
    (tmp_path / "x.asl-test.yaml").write_text("definition: nowhere.json\ncases: [{name: a}]\n")
    done = pytest_in(tmp_path)
    assert done.returncode == 2
    assert "ERROR collecting x.asl-test.yaml" in done.stdout
    assert "nowhere.json" in done.stdout


def test_coverage_options(tmp_path: Path) -> None:
    write_project(tmp_path, FULL_COVERAGE_CASES[:1])
    done = pytest_in(
        tmp_path,
        "--asl-cov-fail-under",
        "90",
        "--asl-cov-report",
        "text",
        "--asl-cov-report",
        "lcov:out.info",
    )
    assert done.returncode == 1, done.stdout
    assert "ASL coverage" in done.stdout and "flow.asl.json" in done.stdout
    assert "Required ASL coverage of 90% not reached" in done.stdout
    assert (tmp_path / "out.info").read_text(encoding="utf-8").startswith("TN:")


def test_asl_backend_fixture_runs_a_definition_with_handlers(tmp_path: Path) -> None:
    (tmp_path / "test_flow.py").write_text(
        f"""
import json

DEFINITION = {DEFINITION!r}


def test_call(asl_backend):
    asl_backend.functions["Echo"] = lambda event, context: {{"got": event["kind"]}}
    arn = asl_backend.create_state_machine(
        "Flow", json.dumps(DEFINITION), "arn:aws:iam::123456789012:role/R"
    )
    run = asl_backend.start_execution(arn, input=json.dumps({{"kind": "call"}}))
    described = asl_backend.wait(run["executionArn"], 30)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {{"value": {{"got": "call"}}}}
    history = asl_backend.get_execution_history(run["executionArn"])
    entered = [e["stateEnteredEventDetails"]["name"] for e in history
               if "stateEnteredEventDetails" in e]
    assert entered == ["Remember", "Route", "Call"]
""",
        encoding="utf-8",
    )
    done = pytest_in(tmp_path, "--asl-cov", "--asl-cov-report", "json:cov.json")
    assert done.returncode == 0, done.stdout + done.stderr
    coverage = json.loads((tmp_path / "cov.json").read_text(encoding="utf-8"))
    (entry,) = coverage["definitions"]
    assert entry["key"] == "<Flow>"
    hits = {s["state"]: s["hits"] for s in entry["states"]}
    assert hits["Call"] == 1 and hits["Both"] == 0
