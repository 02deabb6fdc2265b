"""Optional external tools for end-to-end tests: skip with a reason when one is missing, but fail
under ``CI=true``, where the CI script installs every one of them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


def require_tool(program: str, install_hint: str) -> str:
    """The path of ``program`` on PATH; otherwise a skip, or a failure under CI=true."""
    path = shutil.which(program)
    if path is None:
        missing = f"{program} is not installed ({install_hint})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}: required under CI=true")
        pytest.skip(missing)
    return path


def require_file(path: Path, what: str, install_hint: str) -> Path:
    """``path`` when it exists; otherwise a skip, or a failure under CI=true."""
    if not path.exists():
        missing = f"{what} is missing at {path} ({install_hint})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}: required under CI=true")
        pytest.skip(missing)
    return path
