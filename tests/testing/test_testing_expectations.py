"""Each expectation kind, passing and failing, on real runs of a real definition."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from asl_lsp.testing.execution import CaseResult, prepare, run_case
from tests.testing.workflow import write_project


def _run(tmp_path: Path, case: dict[str, Any], **extra: Any) -> CaseResult:
    prepared = prepare(write_project(tmp_path, [{"name": "case", **case}], **extra))
    return run_case(prepared, prepared.case("case"))


def _kinds(result: CaseResult) -> list[str]:
    return [f.kind for f in result.failures]


CALL_OUTPUT = {"value": {"echo": {"kind": "call"}}}


@pytest.mark.parametrize(
    ("expect", "passes"),
    [
        ({"status": "SUCCEEDED"}, True),
        ({"status": "FAILED"}, False),
        ({"output": CALL_OUTPUT}, True),
        ({"output": {"value": {}}}, False),
        ({"output_contains": {"value": {"echo": {}}}}, True),
        ({"output_contains": {"value": {"echo": {"kind": "map"}}}}, False),
        ({"path": ["Remember", "Route", "Call"]}, True),
        ({"path": ["Remember", "Call"]}, False),
        ({"path": {"in_order": ["Remember", "Call"]}}, True),
        ({"path": {"in_order": ["Call", "Remember"]}}, False),
        ({"variables": {"seen": "yes", "kind": "call"}}, True),
        ({"variables": {"seen": "no"}}, False),
        ({"variables": {"never": 1}}, False),
    ],
)
def test_expectation_kinds(tmp_path: Path, expect: dict[str, Any], passes: bool) -> None:
    result = _run(tmp_path, {"input": {"kind": "call"}, "expect": expect})
    assert result.status == "SUCCEEDED"
    assert (result.outcome == "passed") is passes, result.failures
    if not passes:
        assert _kinds(result) == [next(iter(expect))]


def test_error_and_cause_of_a_failed_execution(tmp_path: Path) -> None:
    mocks = {"Call": {"Throw": {"Error": "Boom", "Cause": "bad"}}}
    good = _run(
        tmp_path,
        {
            "input": {"kind": "call"},
            "mocks": mocks,
            "expect": {"error": "Broken", "cause": "the call failed"},
        },
    )
    assert good.outcome == "passed", good.failures
    bad = _run(
        tmp_path,
        {"input": {"kind": "call"}, "mocks": mocks, "expect": {"error": "Other", "cause": "x"}},
    )
    assert _kinds(bad) == ["error", "cause"]
    assert "expected error 'Other', got 'Broken'" in bad.failures[0].message


def test_a_case_without_expectations_must_succeed(tmp_path: Path) -> None:
    result = _run(
        tmp_path, {"input": {"kind": "call"}, "mocks": {"Call": {"Throw": {"Error": "X"}}}}
    )
    assert result.outcome == "failed"
    failure = result.failures[0]
    assert failure.message == "expected status SUCCEEDED, got FAILED"
    # The failing state, its error and its input (here the caught error) are in the report.
    assert "state 'Broken' failed with Broken: the call failed" in failure.detail
    assert '"Error": "X"' in failure.detail


def test_output_mismatch_shows_a_diff(tmp_path: Path) -> None:
    result = _run(tmp_path, {"input": {"kind": "call"}, "expect": {"output": {"value": 1}}})
    detail = result.failures[0].detail
    assert "--- expected" in detail and "+++ actual" in detail
    assert '-  "value": 1' in detail and '+    "echo": {' in detail


def test_path_report_marks_where_the_path_left(tmp_path: Path) -> None:
    result = _run(
        tmp_path,
        {"input": {"kind": "both"}, "expect": {"path": ["Remember", "Route", "Call"]}},
    )
    detail = result.failures[0].detail
    assert "  ✓ Route" in detail
    assert "  ✗ Both   ← expected Call" in detail


def test_booleans_are_not_numbers(tmp_path: Path) -> None:
    result = _run(
        tmp_path,
        {"input": {"kind": "map", "items": [True]}, "expect": {"output": [1]}},
    )
    assert _kinds(result) == ["output"]


def test_mock_sequences_and_invocation_ranges(tmp_path: Path) -> None:
    ranges = {"0": {"Throw": {"Error": "Flaky"}}, "1-5": {"Return": {"Payload": "second"}}}
    result = _run(
        tmp_path,
        {
            "input": {"kind": "call"},
            "mocks": {"Call": ranges},
            "expect": {"output": {"value": "second"}},
        },
    )
    assert result.outcome == "passed", result.failures


def test_mock_file_test_case_with_inline_override(tmp_path: Path) -> None:
    mock_file = tmp_path / "mocks.json"
    mock_file.write_text(
        '{"StateMachines": {"Flow": {"TestCases": {"Happy": {"Call": "Ok"}}}},'
        ' "MockedResponses": {"Ok": {"0": {"Return": {"Payload": "from file"}}}}}',
        encoding="utf-8",
    )
    extra = {"state_machine": "Flow", "mocks": {"file": "mocks.json", "test_case": "Happy"}}
    from_file = _run(
        tmp_path,
        {"input": {"kind": "call"}, "expect": {"output": {"value": "from file"}}},
        **extra,
    )
    assert from_file.outcome == "passed", from_file.failures
    overridden = _run(
        tmp_path,
        {
            "input": {"kind": "call"},
            "mocks": {"Call": {"Return": {"Payload": "inline"}}},
            "expect": {"output": {"value": "inline"}},
        },
        **extra,
    )
    assert overridden.outcome == "passed", overridden.failures


def test_unknown_mock_test_case_is_an_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "mocks.json").write_text(
        '{"StateMachines": {}, "MockedResponses": {}}', encoding="utf-8"
    )
    result = _run(
        tmp_path,
        {"input": {"kind": "call"}, "mock_test_case": "Nope"},
        mocks={"file": "mocks.json"},
    )
    assert result.outcome == "error"
    assert "no test case 'Nope'" in result.failures[0].message
