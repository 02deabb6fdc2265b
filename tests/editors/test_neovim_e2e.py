"""The real Neovim (headless, --clean) drives the real server: diagnostics, completion, definition,
rename. Under CI=true a missing Neovim is a failure, elsewhere a skip."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.editors.neovim import Version, require_neovim, run_lua_script
from tests.editors.readme_snippets import readme_snippet

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
    env = {
        "ASL_FIXTURE": str(fixture),
        "ASL_SERVER_CMD": json.dumps([sys.executable, "-m", "asl_lsp", "serve"]),
    }
    result = run_lua_script(nvim, HERE / "nvim_e2e.lua", tmp_path, env)
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


@pytest.mark.parametrize(
    ("heading", "minimum", "below", "install_hint"),
    [
        ("Neovim 0.7 \u2013 0.10", (0, 7), (0, 11), "apt-get install neovim"),
        ("Neovim 0.11+", (0, 11), None, "pip install -e '.[editors]', Linux x86_64"),
    ],
    ids=["0.7-0.10", "0.11+"],
)
def test_readme_snippet_shares_one_client_per_root(
    heading: str, minimum: Version, below: Version | None, install_hint: str, tmp_path: Path
) -> None:
    nvim = require_neovim(minimum, below, install_hint)
    snippet = readme_snippet(heading, "lua")
    (tmp_path / "snippet.lua").write_text(snippet)
    (tmp_path / "first.asl.json").write_text((HERE / "nvim_fixture.asl.json").read_text())
    (tmp_path / "second.asl.yaml").write_text((HERE / "emacs_fixture.asl.yaml").read_text())
    (tmp_path / "package.json").write_text('{"name": "not-a-state-machine"}\n')
    (tmp_path / ".git").mkdir()
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "ASL_ROOT": str(tmp_path),
        "ASL_SNIPPET": str(tmp_path / "snippet.lua"),
    }
    result = run_lua_script(nvim, HERE / "nvim_readme_e2e.lua", tmp_path, env)
    first, second = result["clients"]["first.asl.json"], result["clients"]["second.asl.yaml"]
    assert len(first) == 1 and first == second, result["clients"]
    assert result["clients"]["package.json"] == [], result["clients"]
    assert sum(name in ("asl-lsp", "asl_lsp") for name in result["active"]) == 1, result
    assert result["diagnostics"]["json"] > 0 and result["diagnostics"]["yaml"] > 0, result
