"""What a user sees when a command line goes wrong, and when colour is wanted."""

from __future__ import annotations

import os
import subprocess
import sys

from asl_lsp.cli.lint import colour_wanted
from tests.shared_path import REPO_ROOT


def _asl(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "asl_lsp", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**clean, **env},
        timeout=120,
    )


def test_a_missing_path_prints_only_the_error() -> None:
    result = _asl("lint", "/nonexistent/flow.asl.json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == "asl lint: /nonexistent/flow.asl.json: no such file or folder"


def test_an_unknown_option_prints_the_command_usage() -> None:
    result = _asl("lint", "--bogus", "examples/")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: asl lint ")
    assert "asl lint: error: unrecognized arguments: --bogus" in result.stderr


def test_force_color_beside_no_color() -> None:
    assert colour_wanted("auto", False, {"FORCE_COLOR": "1"})
    assert not colour_wanted("auto", True, {"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert not colour_wanted("auto", False, {"FORCE_COLOR": "0"})
    assert colour_wanted("auto", True, {})
    assert not colour_wanted("auto", False, {})
    assert colour_wanted("always", False, {"NO_COLOR": "1"})
    assert not colour_wanted("never", True, {"FORCE_COLOR": "1"})
    piped = _asl("lint", "--no-frame", "examples/mistakes.asl.json", FORCE_COLOR="1")
    assert "\x1b[" in piped.stdout
    plain = _asl("lint", "--no-frame", "examples/mistakes.asl.json")
    assert "\x1b[" not in plain.stdout
