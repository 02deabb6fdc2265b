"""Where the read-only corpus and reference material (``../shared`` beside the checkout) lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The shared folder; skips the calling test when it is absent, except under CI=true."""
    path = (REPO_ROOT / ".." / "shared").resolve()
    if not path.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing: CI runs with shared/ beside the checkout")
        pytest.skip(f"{path} is absent: the shared corpus is laid beside the checkout")
    return path
