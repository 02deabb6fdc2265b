"""The real Neovim (headless, --clean) drives the real server: diagnostics, completion, definition,
rename. Under CI=true a missing Neovim is a failure, elsewhere a skip."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def _nvim() -> str:
    path = shutil.which("nvim")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Neovim is required under CI=true (apt-get install neovim)")
        pytest.skip("Neovim is not installed")
    return path


def test_neovim_end_to_end(tmp_path: Path) -> None:
    nvim = _nvim()
    fixture = tmp_path / "workflow.asl.json"
    fixture.write_text((HERE / "nvim_fixture.asl.json").read_text())
    out = tmp_path / "out.json"
    env = {
        **os.environ,
        "ASL_FIXTURE": str(fixture),
        "ASL_NVIM_OUT": str(out),
        "ASL_SERVER_CMD": json.dumps([sys.executable, "-m", "asl_lsp", "serve"]),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    completed = subprocess.run(
        [nvim, "--headless", "--clean", "-c", f"luafile {HERE / 'nvim_e2e.lua'}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.exists(), completed.stdout + completed.stderr
    result = json.loads(out.read_text())
    assert result["ok"], result.get("error")
    codes = {d["code"] for d in result["diagnostics"]}
    assert "ASL201" in codes  # "Procss" is not a state
    assert "ASL203" in codes  # "Process" is unreachable
    undefined = next(d for d in result["diagnostics"] if d["code"] == "ASL201")
    assert undefined["lnum"] == 5
    assert "Process" in result["completion"] and "Finish" in result["completion"]
    assert "Start" not in result["completion"]  # never the current state
    assert result["definition"] == [{"line": 11, "character": 4}]
    renamed = json.loads(result["text_after_rename"])
    assert "Handle" in renamed["States"] and "Process" not in renamed["States"]
