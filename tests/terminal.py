"""Running a command with one of its output streams on a pseudo-terminal, as a user's shell
would, to test what the CLI draws only on a terminal (live status lines, colour)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
from pathlib import Path
from typing import Literal

TIMEOUT_S = 60


def run_on_terminal(
    command: list[str], stream: Literal["stdout", "stderr"], cwd: Path | None = None
) -> tuple[int, str]:
    """The exit code and everything written to ``stream`` (the other one is discarded)."""
    main, secondary = pty.openpty()
    proc = subprocess.Popen(
        command,
        stdout=secondary if stream == "stdout" else subprocess.DEVNULL,
        stderr=secondary if stream == "stderr" else subprocess.DEVNULL,
        cwd=cwd,
        env=os.environ.copy(),
    )
    os.close(secondary)
    chunks = []
    while True:
        ready, _, _ = select.select([main], [], [], TIMEOUT_S)
        if not ready:
            break
        try:
            data = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    return proc.wait(timeout=TIMEOUT_S), b"".join(chunks).decode()
