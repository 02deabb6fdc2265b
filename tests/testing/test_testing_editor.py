"""Editor features as pure functions: test-file diagnostics, case lenses, coverage hints."""

from __future__ import annotations

from pathlib import Path

import pytest

from asl_lsp.model.document import parse_document
from asl_lsp.testing.coverage import write_coverage_file
from asl_lsp.testing.editor import (
    CoverageCache,
    case_lenses,
    coverage_hints,
    coverage_lenses,
    diagnose_test_file,
)
from asl_lsp.testing.runner import run_tests
from tests.testing.workflow import FULL_COVERAGE_CASES, write_project

TEST_TEXT = """definition: flow.asl.json
cases:
  - name: first
    mocks:
      Cal: {Return: 1}
    expect:
      path: [Remember, Rute]
  - name: second
    expect:
      path: {in_order: [Nowhere]}
"""


def test_unknown_state_names_in_mocks_and_paths(tmp_path: Path) -> None:
    write_project(tmp_path, FULL_COVERAGE_CASES)
    path = tmp_path / "x.asl-test.yaml"
    found = diagnose_test_file(TEST_TEXT, str(path))
    messages = sorted(d.message for d in found)
    assert messages == [
        "flow.asl.json has no state named 'Cal' (mocked state); did you mean 'Call'?",
        "flow.asl.json has no state named 'Nowhere' (expected path)",
        "flow.asl.json has no state named 'Rute' (expected path); did you mean 'Route'?",
    ]
    spans = {TEST_TEXT[d.span.start : d.span.end] for d in found}
    assert spans == {"Cal", "Rute", "Nowhere"}
    assert all(d.code == "ASLT01" for d in found)


def test_schema_and_definition_problems(tmp_path: Path) -> None:
    text = "definition: missing.asl.json\ncases:\n  - name: a\n    expct: {}\n"
    found = diagnose_test_file(text, str(tmp_path / "x.asl-test.yaml"))
    codes = sorted((d.code, text[d.span.start : d.span.end]) for d in found)
    assert codes == [("ASLT02", "expct"), ("ASLT03", "missing.asl.json")]
    assert diagnose_test_file("definition: [", str(tmp_path / "y.asl-test.yaml"))


def test_case_lenses() -> None:
    lenses = case_lenses(TEST_TEXT, None)
    assert [lens.name for lens in lenses] == ["first", "second"]
    assert TEST_TEXT[lenses[0].span.start :].startswith("name: first")


def test_coverage_hints_and_lenses_follow_the_open_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    test_file = write_project(tmp_path, FULL_COVERAGE_CASES[:1])
    monkeypatch.chdir(tmp_path)
    outcome = run_tests([test_file.name], coverage=True, workers=0)
    assert outcome.coverage is not None
    write_coverage_file(outcome.coverage, tmp_path / ".asl-coverage.json")
    definition = tmp_path / "flow.asl.json"
    # Edited since the run: lines moved, the pointers still match.
    text = "\n\n" + definition.read_text(encoding="utf-8")
    document = parse_document(text, str(definition))
    found = CoverageCache().for_document(str(definition))
    assert found is not None
    coverage_file, data = found
    assert coverage_file == tmp_path / ".asl-coverage.json"
    hints = coverage_hints(document, data, coverage_file)
    assert all(h.severity.value == "hint" and "unnecessary" in h.tags for h in hints)
    underlined = {text[h.span.start : h.span.end].split("\n")[0] for h in hints}
    assert '"Call"' in underlined and '"Both"' in underlined and '"Default": "Call"' in underlined
    assert '"Remember"' not in underlined
    lenses = {
        lens.span.start: lens.title for lens in coverage_lenses(document, data, coverage_file)
    }

    def body(state: str) -> int:
        return text.index(f'"{state}": {{') + len(f'"{state}": ')

    assert lenses[body("Remember")] == "1 run"
    assert lenses[body("Double")] == "2 runs"
    assert lenses[body("Call")] == "0 runs"
    assert "0 runs: Default → Call" in lenses.values()
