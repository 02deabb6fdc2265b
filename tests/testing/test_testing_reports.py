"""Coverage reports (text, JSON, LCOV checked by genhtml, HTML) and JUnit XML checked by parsing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from asl_lsp.testing.coverage import CoverageData
from asl_lsp.testing.reports.coverage_text import coverage_table
from asl_lsp.testing.reports.html import write_html
from asl_lsp.testing.reports.junit import junit_xml
from asl_lsp.testing.reports.lcov import lcov_text
from asl_lsp.testing.reports.results_json import results_json
from asl_lsp.testing.runner import RunOutcome, run_tests
from tests.testing.workflow import FULL_COVERAGE_CASES, write_project

PARTIAL = [FULL_COVERAGE_CASES[0], {**FULL_COVERAGE_CASES[1], "expect": {"status": "FAILED"}}]


@pytest.fixture
def outcome(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RunOutcome:
    monkeypatch.chdir(tmp_path)
    test_file = write_project(tmp_path, PARTIAL)
    return run_tests([test_file.name], coverage=True, workers=0)


def _coverage(outcome: RunOutcome) -> CoverageData:
    assert outcome.coverage is not None
    return outcome.coverage


def test_text_table_has_counts_and_missing_items(outcome: RunOutcome) -> None:
    table = coverage_table(_coverage(outcome)).splitlines()
    assert table[0].split() == ["Name", "States", "Miss", "Branch", "BrMiss", "Cover", "Missing"]
    row = table[2]
    assert row.startswith("flow.asl.json")
    assert row.split()[1:6] == ["9", "2", "5", "3", "64%"]
    assert row.endswith(
        "Call, Broken, Route: Default → Call, Call: Catch[0] States.ALL → Broken, "
        "Call: Retry[0] Flaky"
    )
    assert table[-1].split() == ["TOTAL", "9", "2", "5", "3", "64%"]


def test_results_json_has_cases_summary_and_coverage(outcome: RunOutcome) -> None:
    payload = json.loads(results_json(outcome))
    assert payload["version"] == 1
    assert payload["summary"]["passed"] == 1 and payload["summary"]["failed"] == 1
    failed = next(c for c in payload["cases"] if c["outcome"] == "failed")
    assert failed["failures"][0]["kind"] == "status"
    assert payload["coverage"]["summary"]["percent"] == 64.29


def test_junit_xml_parses_with_one_failure(outcome: RunOutcome) -> None:
    root = ET.fromstring(junit_xml(outcome))
    assert root.tag == "testsuites" and root.get("tests") == "2"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "flow.asl-test.json"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "1", "0")
    failure = suite.find("testcase[@name='both']/failure")
    assert failure is not None
    assert failure.get("message") == "expected status FAILED, got SUCCEEDED"
    assert suite.find("testcase[@name='map']/failure") is None


def test_lcov_records(outcome: RunOutcome) -> None:
    text = lcov_text(_coverage(outcome))
    lines = text.splitlines()
    assert lines[:2] == ["TN:", "SF:flow.asl.json"] and lines[-1] == "end_of_record"
    source = Path("flow.asl.json").read_text(encoding="utf-8").splitlines()
    records = dict(
        (int(line[3:].split(",")[0]), int(line.split(",")[1]))
        for line in lines
        if line.startswith("DA:")
    )
    call_line = next(i for i, text in enumerate(source, 1) if '"Call": {' in text)
    assert records[call_line] == 0
    route_line = next(i for i, text in enumerate(source, 1) if '"Route": {' in text)
    assert records[route_line] == 2
    brda = [line for line in lines if line.startswith(f"BRDA:{route_line},")]
    assert [line.rsplit(",", 1)[1] for line in brda] == ["1", "1", "0"]
    call_branches = [line for line in lines if line.startswith(f"BRDA:{call_line},")]
    assert [line.rsplit(",", 1)[1] for line in call_branches] == ["-", "-"]  # never entered
    assert "BRF:5" in lines and "BRH:2" in lines


def test_lcov_is_accepted_by_genhtml(outcome: RunOutcome, tmp_path: Path) -> None:
    genhtml = shutil.which("genhtml")
    if genhtml is None:
        if os.environ.get("CI") == "true":
            pytest.fail("genhtml (Debian package lcov) is required under CI=true")
        pytest.skip("genhtml is not installed (Debian package lcov)")
    tracefile = tmp_path / "asl.info"
    tracefile.write_text(lcov_text(_coverage(outcome)), encoding="utf-8")
    done = subprocess.run(
        [genhtml, "--branch-coverage", "-o", str(tmp_path / "html"), str(tracefile)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr and "ERROR" not in done.stderr, done.stderr
    assert "lines......: 64.3% (9 of 14 lines)" in done.stdout
    assert "branches...: 40.0% (2 of 5 branches)" in done.stdout
    assert (tmp_path / "html" / "index.html").is_file()


def test_html_report_draws_the_graph_with_misses_and_escapes(
    outcome: RunOutcome, tmp_path: Path
) -> None:
    index = write_html(_coverage(outcome), tmp_path / "html")
    page = (tmp_path / "html" / "definition-1.html").read_text(encoding="utf-8")
    assert 'href="definition-1.html"' in index.read_text(encoding="utf-8")
    assert "<svg" in page and "<script" not in page
    assert "<work>" not in page
    # The Default edge out of Route was never taken: it gets the highlight rule.
    assert 'g.edge-default[data-src="' in page
    # Parallel's inner states are drawn, and missed ones are marked as not reached.
    assert "Left" in page and "Right" in page
    assert 'class="missed"' in page


def test_html_report_escapes_state_names(tmp_path: Path) -> None:
    from asl_lsp.testing.coverage import build_coverage

    name = "<img src=x onerror=alert(1)>"
    data = CoverageData()
    data.add(build_coverage({"StartAt": name, "States": {name: {"Type": "Pass", "End": True}}}))
    write_html(data, tmp_path / "html")
    page = (tmp_path / "html" / "definition-1.html").read_text(encoding="utf-8")
    assert name not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
