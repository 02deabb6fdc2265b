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
        [
            sys.executable,
            "-m",
            "asl_lsp",
            "lint",
            "--format",
            fmt,
            "--color",
            "never",
            str(hostile(tmp_path)),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    found = sorted({hex(ord(c)) for c in RAW_CONTROL.findall(done.stdout + done.stderr)})
    assert not found, f"raw control characters in `asl lint --format {fmt}` output: {found}"


BIDI_AND_C1 = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x85\x9b"
RAW_BIDI_OR_C1 = re.compile(r"[\u202a-\u202e\u2066-\u2069\x80-\x9f]")


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif"])
def test_bidi_and_c1_controls_are_escaped_in_every_format(tmp_path: Path, fmt: str) -> None:
    """A state name with bidi overrides ("Trojan Source") or C1 codes is shown escaped; JSON and
    SARIF write them as \\uXXXX escapes, so a parser still reads the original name."""
    name = f"Orphan{BIDI_AND_C1}"
    definition = {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "End": True}, name: {"Type": "Pass", "End": True}},
    }
    path = tmp_path / "bidi.asl.json"
    path.write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "asl_lsp", "lint", "--format", fmt, "--color", "never", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    found = sorted({hex(ord(c)) for c in RAW_BIDI_OR_C1.findall(done.stdout + done.stderr)})
    assert not found, f"raw bidi/C1 characters in `asl lint --format {fmt}` output: {found}"
    if fmt in ("json", "sarif"):
        assert name in json.dumps(json.loads(done.stdout), ensure_ascii=False)
    else:
        assert "\\u202e" in done.stdout and "\\x85" in done.stdout
