"""The ``asl`` command as a test runs it: this checkout's package, in a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.shared_path import REPO_ROOT


def run_asl(
    *args: str, cwd: Path = REPO_ROOT, stdin: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``asl ARGS`` in ``cwd``, without colour, with its output captured as text."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "asl_lsp", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
