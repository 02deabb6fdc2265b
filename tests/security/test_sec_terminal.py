"""A definition cannot drive the terminal of whoever lints it: control characters from the document
(ESC sequences, BEL, backspace) are shown escaped in the CLI's output, never emitted raw."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ESCAPES = "\x1b]0;owned\x07\x1b[2J\x08\x9b"
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def hostile(tmp_path: Path) -> Path:
    name = f"B{ESCAPES}"
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": f"Pass{ESCAPES}", "End": True},
            name: {"Type": "Pass", "End": True},
        },
    }
    path = tmp_path / "escapes.asl.json"
    path.write_text(json.dumps(definition), encoding="utf-8")  # escaped in JSON, decoded by us
    return path


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_lint_output_carries_no_raw_control_characters(tmp_path: Path, fmt: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "asl_lsp", "lint", "--format", fmt, "--color", "never",
         str(hostile(tmp_path))],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 1
    found = sorted({hex(ord(c)) for c in RAW_CONTROL.findall(done.stdout + done.stderr)})
    assert not found, f"raw control characters in `asl lint --format {fmt}` output: {found}"
