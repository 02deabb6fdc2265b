"""Shared fixtures of the engine tests (this folder's helper modules are importable by name)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))


@pytest.fixture(autouse=True)
def _private_store(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``asl run`` keeps executions in the local store: never the user's ``~/.asl-lsp``."""
    monkeypatch.setenv("ASL_LSP_HOME", str(tmp_path_factory.mktemp("asl-lsp-home")))
