"""Integer literals longer than Python converts (4,300 digits) are findings, never tracebacks:
in JSON and YAML documents, JSONPath, intrinsic functions, the CLI and ``lint_text``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from asl_lsp.lint.api import lint_text

BIG = "9" * 5000


def _definition(value: str) -> str:
    state = '{"Type": "Pass", "Result": ' + value + ', "End": true}'
    return '{"StartAt": "A", "States": {"A": ' + state + "}}"


DOCUMENTS = {
    "json member": ("x.asl.json", _definition(BIG)),
    "json negative": ("x.asl.json", _definition("-" + BIG)),
    "json array item": ("x.asl.json", _definition(f"[1, {BIG}]")),
    "json top-level": ("x.asl.json", BIG),
    "yaml plain": (
        "x.asl.yaml",
        f"StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: {BIG}\n    End: true\n",
    ),
    "yaml tagged": (
        "x.asl.yaml",
        f"StartAt: A\nStates:\n  A: {{Type: Pass, Result: !!int {BIG}, End: true}}\n",
    ),
}


@pytest.mark.parametrize("case", sorted(DOCUMENTS))
def test_huge_integer_literal_is_a_syntax_error(case: str, tmp_path: Path) -> None:
    name, text = DOCUMENTS[case]
    messages = [d.message for d in lint_text(text, path=name) if d.code == "ASL001"]
    assert any("5,000 digits" in m for m in messages), messages
    path = tmp_path / name
    path.write_text(text, "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "asl_lsp", "lint", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 1
    codes = {d["code"] for d in json.loads(done.stdout)["files"][0]["diagnostics"]}
    assert "ASL001" in codes


def test_huge_integers_inside_expressions_are_findings() -> None:
    parameters = {
        "sum.$": f"States.MathAdd($.a, {BIG})",
        "index.$": f"$.a[{BIG}]",
        "filter.$": f"$.a[?(@.b == {BIG})]",
        "last.$": f"$.a[(@.length-{BIG})]",
    }
    definition = {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "Parameters": parameters, "End": True}},
    }
    found = lint_text(json.dumps(definition))
    assert not [d for d in found if d.code == "ASL000"], [d.message for d in found]
    digits = [d for d in found if "more than 4,300 digits" in d.message]
    assert len(digits) == 4, [d.message for d in found]
