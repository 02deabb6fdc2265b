"""Headless Neovim debugs the seed workflow through the README's nvim-dap adapter definition and
launch configuration (a stand-in ``dap`` module collects them; nvim-dap itself is not installed
here). Under CI=true a missing Neovim is a failure, elsewhere a skip."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from tests.editors.neovim import run_lua_script
from tests.editors.test_neovim_e2e import _nvim

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
SEED = ROOT / "examples" / "hello-world.asl.json"


def readme_dap_snippet() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Neovim (nvim-dap)", 1)[1]
    match = re.search(r"```lua\n(.*?)```", section, re.S)
    assert match, "the README's nvim-dap section has no Lua block"
    return match.group(1)


def test_neovim_debugs_the_seed_with_the_readme_configuration(tmp_path: Path) -> None:
    nvim = _nvim()
    snippet = tmp_path / "dap_config.lua"
    snippet.write_text(readme_dap_snippet())
    task_line = next(
        i + 1
        for i, text in enumerate(SEED.read_text().splitlines())
        if '"Convert HelloWorld to Base64": {' in text
    )
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "ASL_DAP_SNIPPET": str(snippet),
        "ASL_FIXTURE": str(SEED),
        "ASL_INPUT": '{"IsHelloWorldExample": true}',
        "ASL_BREAK_LINE": str(task_line),
    }
    result = run_lua_script(nvim, HERE / "nvim_dap_e2e.lua", tmp_path, env, cwd=ROOT)
    assert result["adapter"] == {"type": "executable", "command": "asl", "args": ["debug"]}
    assert result["breakpoint"]["verified"] and result["breakpoint"]["line"] == task_line
    # stopOnEntry from the README's configuration, then the breakpoint on the Task.
    assert [(s["reason"], s["name"]) for s in result["stops"]] == [
        ("entry", "MyPassState"),
        ("breakpoint", "Convert HelloWorld to Base64"),
    ]
    assert json.loads(result["stops"][0]["input"]) == {"IsHelloWorldExample": True}
    assert json.loads(result["stops"][1]["input"]) == [
        {"IsHelloWorldExample": True},
        {"IsHelloWorldExample": True},
    ]
    assert result["exitCode"] == 0
