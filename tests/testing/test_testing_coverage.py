"""The coverage model and its collection from test runs, ``asl run --cov`` and the SDK backend."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from asl_lsp.sdk.backends.local import LocalBackend
from asl_lsp.testing.coverage import CoverageData, build_coverage, read_coverage_file
from asl_lsp.testing.recorder import CoverageSession
from asl_lsp.testing.runner import run_tests
from tests.testing.workflow import DEFINITION, FULL_COVERAGE_CASES, write_project


def _hits(data: CoverageData) -> dict[str, int]:
    (entry,) = data.definitions.values()
    return {item.pointer: item.hits for item in entry.items}


def test_model_lists_states_and_branches_with_lines(tmp_path: Path) -> None:
    text = json.dumps(DEFINITION, indent=2)
    coverage = build_coverage(DEFINITION, path="flow.asl.json", text=text)
    pointers = [item.pointer for item in coverage.states]
    assert "/States/EachItem/ItemProcessor/States/Double" in pointers
    assert "/States/Both/Branches/1/States/Right" in pointers
    assert [b.pointer for b in coverage.branches] == [
        "/States/Route/Choices/0",
        "/States/Route/Choices/1",
        "/States/Route/Default",
        "/States/Call/Catch/0",
        "/States/Call/Retry/0",
    ]
    lines = text.splitlines()
    for item in coverage.states:
        assert item.line is not None and f'"{item.state}": {{' in lines[item.line - 1]
    rule = next(b for b in coverage.branches if b.pointer.endswith("Choices/0"))
    assert rule.line is not None and lines[rule.line - 1].strip() == "{"
    assert '"Variable": "$.kind"' in lines[rule.line]
    default = next(b for b in coverage.branches if b.kind == "default")
    assert default.line is not None and '"Default": "Call"' in lines[default.line - 1]


def test_without_source_text_there_are_no_lines() -> None:
    coverage = build_coverage(DEFINITION, state_machine="Flow")
    assert coverage.key == "<Flow>"
    assert all(item.line is None for item in coverage.items)


@pytest.mark.parametrize("workers", [0, 2])
def test_full_coverage_from_test_cases(tmp_path: Path, workers: int) -> None:
    test_file = write_project(tmp_path, FULL_COVERAGE_CASES)
    outcome = run_tests([test_file], coverage=True, workers=workers)
    assert outcome.ok, [r.failures for r in outcome.results]
    assert outcome.coverage is not None
    hits = _hits(outcome.coverage)
    assert hits["/States/Route/Choices/0"] == 1
    assert hits["/States/Route/Default"] == 2
    assert hits["/States/Call/Retry/0"] == 1
    assert hits["/States/Call/Catch/0"] == 1
    assert hits["/States/EachItem/ItemProcessor/States/Double"] == 2  # one per Map item
    assert hits["/States/Both/Branches/0/States/Left"] == 1
    assert outcome.coverage.percent == 100.0


def test_missed_items_are_reported(tmp_path: Path) -> None:
    test_file = write_project(tmp_path, FULL_COVERAGE_CASES[:1])
    outcome = run_tests([test_file], coverage=True, workers=0)
    assert outcome.coverage is not None
    (entry,) = outcome.coverage.definitions.values()
    assert {i.state for i in entry.missed_states()} == {"Both", "Left", "Right", "Call", "Broken"}
    assert [b.label for b in entry.missed_branches()] == [
        "Choices[1] → Both",
        "Default → Call",
        "Catch[0] States.ALL → Broken",
        "Retry[0] Flaky",
    ]
    assert 0 < entry.percent < 100


def test_coverage_json_round_trip_and_merge(tmp_path: Path) -> None:
    test_file = write_project(tmp_path, FULL_COVERAGE_CASES[:2])
    outcome = run_tests([test_file], coverage=True, workers=0)
    assert outcome.coverage is not None
    again = CoverageData.from_json(json.loads(json.dumps(outcome.coverage.to_json())))
    assert _hits(again) == _hits(outcome.coverage)
    again.merge(outcome.coverage)
    assert _hits(again)["/States/Remember"] == 4
    with pytest.raises(ValueError, match="not an asl-lsp coverage file"):
        CoverageData.from_json({"version": 99})


def test_sdk_local_backend_collects_coverage(tmp_path: Path) -> None:
    session = CoverageSession()
    backend = LocalBackend(
        clock="virtual", store=tmp_path / "store.db", observe=session.observer_for
    )
    try:
        arn = backend.create_state_machine(
            "Flow", json.dumps(DEFINITION), "arn:aws:iam::123456789012:role/R"
        )
        run = backend.start_execution(arn, input=json.dumps({"kind": "both"}))
        assert backend.wait(run["executionArn"], 30)["status"] == "SUCCEEDED"
    finally:
        backend.close()
    hits = _hits(session.data)
    assert hits["/States/Both/Branches/1/States/Right"] == 1
    assert hits["/States/Route/Choices/1"] == 1
    assert hits["/States/Call"] == 0
    assert list(session.data.definitions) == ["<Flow>"]


def test_asl_run_cov_adds_to_the_coverage_file(tmp_path: Path) -> None:
    write_project(tmp_path, FULL_COVERAGE_CASES)
    command = [sys.executable, "-m", "asl_lsp", "run", "flow.asl.json", "--cov"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for kind in ("map", "both"):
        done = subprocess.run(
            [*command, "--input", json.dumps({"kind": kind, "items": []})],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "coverage:" in done.stderr
    data = read_coverage_file(tmp_path / ".asl-coverage.json")
    assert list(data.definitions) == ["flow.asl.json"]
    hits = _hits(data)
    assert hits["/States/Route/Choices/0"] == 1 and hits["/States/Route/Choices/1"] == 1
    assert hits["/States/Remember"] == 2


def test_state_machine_of_a_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Path(__file__).resolve().parents[2]
    template = (repo / "examples" / "sam-template.yaml").read_text(encoding="utf-8")
    (tmp_path / "template.yaml").write_text(template, encoding="utf-8")
    (tmp_path / "orders.asl-test.yaml").write_text(
        "definition: template.yaml\nstate_machine: OrderStateMachine\ncases:\n"
        "  - name: stored\n    mocks:\n"
        "      Validate order: {Return: {Payload: {valid: true, orderId: '42'}}}\n"
        "      Store order: {Return: {}}\n"
        "    expect: {path: {in_order: [Store order, Order accepted]}}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    outcome = run_tests(["."], coverage=True, workers=0)
    assert outcome.ok, [r.failures for r in outcome.results] + outcome.errors
    assert outcome.coverage is not None
    (entry,) = outcome.coverage.definitions.values()
    assert entry.key == "template.yaml#OrderStateMachine"
    lines = template.splitlines()
    validate = next(s for s in entry.states if s.state == "Validate order")
    assert validate.line is not None and lines[validate.line - 1].strip() == "Validate order:"
    assert validate.hits == 1
