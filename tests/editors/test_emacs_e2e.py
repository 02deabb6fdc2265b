"""The real Emacs (``emacs --batch``, eglot) with the README's snippet drives the real server on a
JSON and a YAML definition: the snippet picks the ASL mode and starts eglot by itself, then
diagnostics, completion, hover, definition, a quick fix and a rename work; plain JSON and YAML
files keep their usual modes. Under CI=true a missing Emacs is a failure, elsewhere a skip."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.editors.readme_snippets import readme_snippet
from tests.optional_tools import require_tool

HERE = Path(__file__).parent

# Positions as (1-based line, text on that line); the value of each key is what gets exercised.
JSON_SPEC = {
    "completion": (6, '"Procss"'),
    "hover": (5, "Pass"),
    "definition": (10, "Finish"),
    "quickfix": (6, "Procss"),
    "rename": (12, "Finish"),
}
YAML_SPEC = {
    "completion": (5, " Procss"),
    "hover": (4, "Pass"),
    "definition": (8, "Finish"),
    "quickfix": (5, "Procss"),
    "rename": (9, "Finish"),
}


def _lisp_specs(specs: list[tuple[Path, dict[str, tuple[int, str]]]]) -> str:
    def entry(path: Path, spec: dict[str, tuple[int, str]]) -> str:
        items = " ".join(f"({key} {line} {json.dumps(text)})" for key, (line, text) in spec.items())
        return f"({json.dumps(str(path))} {items})"

    return "(" + " ".join(entry(path, spec) for path, spec in specs) + ")"


def _run_emacs(tmp_path: Path) -> dict[str, Any]:
    emacs = require_tool("emacs", "apt-get install emacs-nox elpa-eglot elpa-yaml-mode")
    server_dir = Path(sys.executable).parent
    assert (server_dir / "asl-lsp").exists(), "asl-lsp is installed beside the test interpreter"
    snippet = tmp_path / "asl-snippet.el"
    snippet.write_text(readme_snippet("Emacs (eglot)", "elisp"))
    json_file = tmp_path / "workflow.asl.json"
    json_file.write_text((HERE / "nvim_fixture.asl.json").read_text())
    yaml_file = tmp_path / "workflow.asl.yaml"
    yaml_file.write_text((HERE / "emacs_fixture.asl.yaml").read_text())
    other_json = tmp_path / "package.json"
    other_json.write_text('{"name": "not-a-state-machine"}\n')
    other_yaml = tmp_path / "compose.yaml"
    other_yaml.write_text("services: {}\n")
    out = tmp_path / "out.json"
    env = {
        **os.environ,
        "PATH": f"{server_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "ASL_SNIPPET": str(snippet),
        "ASL_SPECS": _lisp_specs([(json_file, JSON_SPEC), (yaml_file, YAML_SPEC)]),
        "ASL_OTHER_FILES": os.pathsep.join([str(other_json), str(other_yaml)]),
        "ASL_OUT": str(out),
    }
    completed = subprocess.run(
        [emacs, "--batch", "-l", str(HERE / "emacs_e2e.el")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.exists(), completed.stdout + completed.stderr
    result: dict[str, Any] = json.loads(out.read_text())
    assert "error" not in result, f"{result['error']}\n{completed.stderr[-3000:]}"
    return result


def test_emacs_eglot_with_the_readme_snippet(tmp_path: Path) -> None:
    result = _run_emacs(tmp_path)
    json_run, yaml_run = result["asl"]
    assert json_run["mode"] == "asl-json-mode"
    assert yaml_run["mode"] == "asl-yaml-mode"
    for run, quickfixed, renamed_refs in (
        (json_run, '"Next": "Process"', ('"Done": {', '"Next": "Done"')),
        (yaml_run, "Next: Process", ("  Done:\n", "Next: Done")),
    ):
        where = run["file"]
        assert run["managed"] is True, f"eglot did not start by itself for {where}"
        assert "asl-lsp" in run["server"], run["server"]
        lines = {d["line"] for d in run["diagnostics"]}
        texts = " ".join(d["text"] for d in run["diagnostics"])
        assert "Procss" in texts and "unreachable" in texts, run["diagnostics"]
        assert 5 in lines or 6 in lines, run["diagnostics"]
        assert {"Process", "Finish"} <= set(run["completion"]), run["completion"]
        assert "Pass" in run["hover"], run["hover"]
        assert run["definition_line"] == (12 if where.endswith(".json") else 9)
        assert quickfixed in run["after_fix"], run["after_fix"]
        assert not run["diagnostics_after_fix"], run["diagnostics_after_fix"]
        assert "Finish" not in run["after_rename"], run["after_rename"]
        for reference in renamed_refs:
            assert reference in run["after_rename"], run["after_rename"]
    other_json, other_yaml = result["other"]
    assert not other_json["mode"].startswith("asl") and not other_json["managed"]
    assert other_yaml["mode"] == "yaml-mode" and not other_yaml["managed"]
