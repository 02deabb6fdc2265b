"""The local engine's SQLite store (execution inputs and outputs) is readable by its owner only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from asl_lsp.sdk.backends.local import LocalBackend


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_file_is_0600_and_its_new_folder_0700(tmp_path: Path) -> None:
    store = tmp_path / "fresh" / "store.db"
    backend = LocalBackend(store=store)
    assert store.exists()
    assert mode(store) == 0o600
    assert mode(store.parent) == 0o700
    del backend


def test_default_store_under_asl_lsp_home_is_0600(tmp_path: Path) -> None:
    home = tmp_path / "home"
    probe = (
        "from asl_lsp.sdk.backends.local import LocalBackend\n"
        "b = LocalBackend()\n"
        "print(b.store.path)\n"
    )
    env = {**os.environ, "ASL_LSP_HOME": str(home)}
    old = os.umask(0o022)
    try:
        done = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=True,
        )
    finally:
        os.umask(old)
    path = Path(done.stdout.strip().splitlines()[-1])
    assert path.parent == home
    assert mode(path) == 0o600
    assert mode(home) == 0o700
    for extra in home.iterdir():  # SQLite's -wal/-shm files hold the same data
        assert mode(extra) & 0o077 == 0, (extra.name, oct(mode(extra)))
