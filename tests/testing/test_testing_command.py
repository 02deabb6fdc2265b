"""``asl test`` end to end, as a real process: progress, failures, formats, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.testing.workflow import FULL_COVERAGE_CASES, write_project

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def asl_test(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "asl_lsp", "test", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )


def test_passing_suite_with_full_coverage(tmp_path: Path) -> None:
    write_project(tmp_path, FULL_COVERAGE_CASES)
    done = asl_test(tmp_path, "--cov-fail-under", "100")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "flow.asl-test.json ...." in done.stdout
    assert "4 passed" in done.stdout
    assert "TOTAL" in done.stdout and "100%" in done.stdout
    assert (tmp_path / ".asl-coverage.json").is_file()


def test_failures_exit_1_with_sections(tmp_path: Path) -> None:
    cases = [
        *FULL_COVERAGE_CASES[:2],
        {"name": "wrong", "input": {"kind": "map", "items": []}, "expect": {"output": ["x"]}},
    ]
    write_project(tmp_path, cases)
    done = asl_test(tmp_path, "-n", "2")
    assert done.returncode == 1
    assert "flow.asl-test.json ..F" in done.stdout
    assert "FAILURES" in done.stdout and "flow.asl-test.json::wrong" in done.stdout
    assert '-  "x"' in done.stdout
    assert "FAILED flow.asl-test.json::wrong - the output differs" in done.stdout
    assert "1 failed, 2 passed" in done.stdout


def test_keyword_selection(tmp_path: Path) -> None:
    write_project(tmp_path, FULL_COVERAGE_CASES)
    done = asl_test(tmp_path, "-k", "call and not caught", "--format", "json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert [c["name"] for c in payload["cases"]] == ["call"]
    assert payload["summary"]["deselected"] == 3
    bad = asl_test(tmp_path, "-k", "(call")
    assert bad.returncode == 2 and "missing ')'" in bad.stderr


def test_json_format_and_junit_xml(tmp_path: Path) -> None:
    write_project(tmp_path, FULL_COVERAGE_CASES)
    done = asl_test(tmp_path, "--format", "json", "--junit-xml", "junit.xml", "--cov")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)  # nothing but the JSON on stdout
    assert payload["summary"]["passed"] == 4
    assert payload["coverage"]["summary"]["percent"] == 100.0
    root = ET.parse(tmp_path / "junit.xml").getroot()
    assert [c.get("name") for c in root.iter("testcase")] == [
        c["name"] for c in FULL_COVERAGE_CASES
    ]


def test_coverage_below_threshold_exits_1(tmp_path: Path) -> None:
    write_project(tmp_path, FULL_COVERAGE_CASES[:1])
    done = asl_test(
        tmp_path,
        "--cov-fail-under",
        "90",
        "--cov-report",
        "lcov:cov.info",
        "--cov-report",
        "html:cov-html",
        "--cov-report",
        "json:cov.json",
    )
    assert done.returncode == 1
    assert "below --cov-fail-under 90%" in done.stderr
    assert (tmp_path / "cov.info").read_text(encoding="utf-8").startswith("TN:")
    assert (tmp_path / "cov-html" / "index.html").is_file()
    assert json.loads((tmp_path / "cov.json").read_text(encoding="utf-8"))["version"] == 1


def test_usage_and_file_errors_exit_2(tmp_path: Path) -> None:
    empty = asl_test(tmp_path)
    assert empty.returncode == 2 and "no test files" in empty.stderr
    missing = asl_test(tmp_path, "nowhere")
    assert missing.returncode == 2 and "nowhere: no such file or folder" in missing.stderr
    report = asl_test(tmp_path, "--cov-report", "xml")
    assert report.returncode == 2 and "unknown --cov-report" in report.stderr
    (tmp_path / "broken.asl-test.yaml").write_text("definition: [\n", encoding="utf-8")
    (tmp_path / "other.asl-test.yaml").write_text(
        "definition: missing.asl.json\ncases: [{name: a}]\n", encoding="utf-8"
    )
    broken = asl_test(tmp_path)
    assert broken.returncode == 2
    assert "broken.asl-test.yaml: not valid YAML" in broken.stdout
    assert "other.asl-test.yaml: " in broken.stdout and "missing.asl.json" in broken.stdout
    assert "Traceback" not in broken.stdout + broken.stderr


def test_example_reaches_full_coverage() -> None:
    done = asl_test(REPO, "examples", "--cov-fail-under", "100", "--cov-report", "text")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "examples/hello-world.asl.json" in done.stdout
