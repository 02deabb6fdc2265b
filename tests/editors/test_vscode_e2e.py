"""A real VS Code: the packaged extension installed into code-server and driven through the
workbench UI by headless Chromium. The Problems count equals ``asl lint``'s, completion, hover and
a quick fix work, Render Graph shows every state, Run Locally shows the output, a breakpoint set in
the editor pauses the ``asl`` debugger with the state's input in the Variables view, and rename
updates every reference. Screenshots of each step are left in ``.ci/artifacts/vscode`` (or
``$ASL_ARTIFACTS``). Under CI=true a missing piece fails; elsewhere it skips with a reason.

``.ci/install-code-server.sh`` installs code-server and playwright-core into ``.ci/cache``;
``vscode-client/scripts/ci.sh`` builds the ``.vsix``."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.optional_tools import require_file, require_tool
from tests.shared_path import REPO_ROOT

CACHE = REPO_ROOT / ".ci" / "cache"
INSTALL_HINT = "run .ci/install-code-server.sh"
GREET = {
    "Comment": "Greets by name",
    "StartAt": "Greet",
    "States": {
        "Greet": {
            "Type": "Pass",
            "Parameters": {"greeting.$": "States.Format('Hello, {}!', $.name)"},
            "Next": "Done",
        },
        "Done": {"Type": "Succeed"},
    },
}
DEBUG_INPUT = {"name": "Ada", "tags": ["vip"]}
# The breakpoint goes on the "Type" line of "Done" (the state's text is lines 12-14 of GREET as
# written below): the adapter moves it to the state's first line, and the debugger pauses there
# with Greet's output as the state's input.
DEBUG_BREAKPOINT_LINE = 13
DEBUG_STATE_LINE = 12
LAUNCH = {
    "version": "0.2.0",
    "configurations": [
        {
            "type": "asl",
            "request": "launch",
            "name": "Debug greet",
            "program": "${workspaceFolder}/greet.asl.json",
            "input": DEBUG_INPUT,
        }
    ],
}
MISTAKES_STATES = [
    "Fetch order",
    "Check total",
    "Needs approval",
    "Process order",
    "Old step",
    "Done",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_http(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"code-server exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"code-server did not answer on {url}: {log.read_text()[-2000:]}")


def _lint_count(path: Path) -> int:
    completed = subprocess.run(
        [sys.executable, "-m", "asl_lsp", "lint", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    report = json.loads(completed.stdout)
    return sum(len(file["diagnostics"]) for file in report["files"])


@pytest.fixture
def code_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A code-server on 127.0.0.1 with the extension installed and a workspace to break."""
    binary = require_file(
        Path(
            os.environ.get("ASL_CODE_SERVER", CACHE / "code-server/node_modules/.bin/code-server")
        ),
        "code-server",
        INSTALL_HINT,
    )
    vsix = sorted((REPO_ROOT / "vscode-client").glob("asl-lsp-*.vsix"))
    if not vsix:
        require_file(
            REPO_ROOT / "vscode-client" / "asl-lsp-0.1.0.vsix",
            "the .vsix",
            "bash vscode-client/scripts/ci.sh",
        )
    home = tmp_path / "home"
    user_data, extensions, workspace = (
        tmp_path / "user-data",
        tmp_path / "extensions",
        tmp_path / "ws",
    )
    for folder in (home, user_data, extensions, workspace / ".vscode"):
        folder.mkdir(parents=True)
    shutil.copy(REPO_ROOT / "examples" / "mistakes.asl.json", workspace / "mistakes.asl.json")
    (workspace / "greet.asl.json").write_text(json.dumps(GREET, indent=2) + "\n")
    (workspace / ".vscode" / "launch.json").write_text(json.dumps(LAUNCH, indent=2))
    settings = {
        "aslLsp.server.command": [sys.executable, "-m", "asl_lsp", "serve"],
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": False,
        "workbench.welcomePage.walkthroughs.openOnInstall": False,
        "telemetry.telemetryLevel": "off",
        "extensions.autoCheckUpdates": False,
        "extensions.autoUpdate": False,
        "editor.quickSuggestions": {"other": False, "comments": False, "strings": False},
        "files.autoSave": "off",
    }
    (workspace / ".vscode" / "settings.json").write_text(json.dumps(settings))
    (user_data / "User").mkdir()
    (user_data / "User" / "settings.json").write_text(json.dumps(settings))
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    common = ["--user-data-dir", str(user_data), "--extensions-dir", str(extensions)]
    installed = subprocess.run(
        [str(binary), *common, "--install-extension", str(vsix[-1])],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    port = _free_port()
    log = tmp_path / "code-server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                str(binary),
                *common,
                "--auth",
                "none",
                "--disable-workspace-trust",
                "--disable-telemetry",
                "--disable-update-check",
                "--bind-addr",
                f"127.0.0.1:{port}",
                str(workspace),
            ],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_http(url, process, log)
        yield url, workspace
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_vscode_extension_in_code_server(code_server: tuple[str, Path], tmp_path: Path) -> None:
    node = require_tool("node", "apt-get install nodejs")
    chromium = require_tool("chromium", "apt-get install chromium")
    driver = require_file(
        CACHE / "driver" / "node_modules" / "playwright-core", "playwright-core", INSTALL_HINT
    )
    url, workspace = code_server
    expected_problems = _lint_count(workspace / "mistakes.asl.json")
    artifacts = Path(os.environ.get("ASL_ARTIFACTS", REPO_ROOT / ".ci" / "artifacts" / "vscode"))
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    out = tmp_path / "result.json"
    completed = subprocess.run(
        [node, str(Path(__file__).with_name("vscode_e2e.mjs"))],
        env={
            **os.environ,
            "ASL_PLAYWRIGHT_DIR": str(driver.parent.parent),
            "ASL_CHROMIUM": chromium,
            "ASL_CODE_SERVER_URL": f"{url}?folder={workspace}",
            "ASL_ARTIFACTS": str(artifacts),
            "ASL_BROWSER_PROFILE": str(tmp_path / "chromium-profile"),
            "ASL_OUT": str(out),
            "ASL_DEBUG_LINE": str(DEBUG_BREAKPOINT_LINE),
        },
        capture_output=True,
        text=True,
        timeout=420,
    )
    assert out.exists(), completed.stdout + completed.stderr
    result: dict[str, Any] = json.loads(out.read_text())
    (artifacts / "result.json").write_text(json.dumps(result, indent=2))
    assert result["ok"], result.get("error")

    activation = result["activation"]
    assert activation["languageMode"].strip() == "ASL"
    assert activation["errorNotifications"] == []
    counts = activation["counts"]
    assert counts["errors"] + counts["warnings"] + counts["infos"] == expected_problems, counts

    assert {"Process order", "Needs approval", "Done"} <= set(result["completion"])
    assert "Pass" in result["hover"], result["hover"]

    fix = result["quickFix"]
    assert "Process order" in fix["title"]
    drop = (fix["before"]["errors"] + fix["before"]["warnings"]) - (
        fix["after"]["errors"] + fix["after"]["warnings"]
    )
    assert drop >= 1, fix

    graph = result["graph"]
    assert graph["errorNotifications"] == [] and graph["error"] == ""
    for state in MISTAKES_STATES:
        assert any(state in text for text in graph["texts"]), (state, graph["texts"])

    panel = result["run"]["panel"]
    assert "SUCCEEDED" in panel and "Hello, code-server!" in panel, panel

    debug = result["debug"]
    assert debug["errorNotifications"] == [], debug
    assert debug["pausedFrame"].startswith("Done"), debug
    assert "paused on breakpoint" in debug["pausedReason"].lower(), debug
    assert debug["pausedLine"] == DEBUG_STATE_LINE, debug
    assert debug["scopes"][:2] == ["Input", "Effective input"], debug
    assert debug["input"] == {"greeting": json.dumps("Hello, Ada!")}, debug
    assert "SUCCEEDED" in debug["console"] and "Hello, Ada!" in debug["console"], debug

    renamed = json.loads((workspace / "mistakes.asl.json").read_text())
    assert "Finished" in renamed["States"] and "Done" not in renamed["States"]
    assert renamed["States"]["Process order"]["Next"] == "Finished"
    assert renamed["States"]["Check total"]["Default"] == "Process order"  # the quick fix, saved
