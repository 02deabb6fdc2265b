"""Fixtures for the security tests: the session's real moto server (for ``asl deploy``)."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parents[1]
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

from moto_server import moto_server  # noqa: E402

__all__ = ["moto_server"]
