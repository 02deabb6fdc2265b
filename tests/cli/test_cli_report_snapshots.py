"""Every output format of ``asl lint`` pinned byte for byte on small definitions with many kinds
of findings: YAML block and flow layout, a minified one-line file (windowed code frames), CRLF
line breaks, characters outside the BMP, an over-long message. Also pins what ``--fix
--unsafe-fixes`` writes, so the fixes behind the reports stay the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from asl_lsp import __version__

SNAPSHOTS = Path(__file__).parent / "snapshots" / "report"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"

ORDERS_YAML = """\
Comment: Several findings in YAML block layout
StartAt: Start
States:
  Start:
    Type: Pass
    Next: Chose
  Choose:
    Type: Choice
    Choices:
      - Variable: $.n
        NumericGreaterThan: "1"
        Next: Done
    Default: Done
  Orphan A:
    Type: Pass
    End: true
  Orphan B: {Type: Pass, End: true}  # flow value on the key's line
  Done:
    Type: Succeed
    TimeoutSeconds: 3
"""


def _minified() -> str:
    body: dict[str, object] = {"Start": {"Type": "Pass", "Parameters": {"S": "$.x"}, "End": True}}
    for index in range(6):
        body[f"Orphan\t{index}" if index == 2 else f"Orphan {index}"] = {
            "Type": "Pass",
            "End": True,
        }
    body["Long " + "x" * 450] = {"Type": "Pass", "End": True}
    body["Bell\x07 \U0001f600"] = {"Type": "Pass", "End": True}
    return json.dumps({"StartAt": "Start", "States": body}, ensure_ascii=False)


def _crlf() -> str:
    definition = {
        "StartAt": "Début",
        "States": {
            "Début": {"Type": "Pass", "Next": "Fin \U0001f600"},
            "Fin \U0001f600": {"Type": "Succeed"},
            "Seul \U0001f600": {"Type": "Wait", "Seconds": -1, "Next": "Nowhere"},
        },
    }
    return json.dumps(definition, indent=2, ensure_ascii=False).replace("\n", "\r\n") + "\r\n"


INPUTS = {
    "orders.asl.yaml": ORDERS_YAML,
    "minified.asl.json": _minified(),
    "crlf.asl.json": _crlf(),
}
FORMATS = {
    "text": ["--format", "text"],
    "noframe.text": ["--no-frame"],
    "json": ["--format", "json"],
    "sarif": ["--format", "sarif"],
    "github": ["--format", "github"],
}


def _asl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "asl_lsp", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def _write_inputs(folder: Path) -> None:
    for name, text in INPUTS.items():
        (folder / name).write_bytes(text.encode("utf-8"))


def _check(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE or not path.exists():
        path.write_bytes(text.encode("utf-8"))
        if not UPDATE:
            pytest.fail(f"snapshot {name} was missing and has been written; re-run")
    assert text == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("output", sorted(FORMATS))
def test_report_formats_are_pinned(tmp_path: Path, output: str) -> None:
    _write_inputs(tmp_path)
    result = _asl("lint", *FORMATS[output], *sorted(INPUTS), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    # The tool's version is part of SARIF; the snapshot holds a placeholder.
    _check(f"all.{output}", result.stdout.replace(f'"{__version__}"', '"VERSION"'))


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_unsafe_fixes_are_pinned(tmp_path: Path, name: str) -> None:
    _write_inputs(tmp_path)
    result = _asl("lint", "--fix", "--unsafe-fixes", "--format", "json", name, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    _check(f"{name}.fixed", (tmp_path / name).read_bytes().decode("utf-8"))
    _check(f"{name}.fixed.json", result.stdout)
