"""A YAML document that asks for Python objects is never turned into them, wherever YAML is read.

The editor-facing loader keeps unknown tags as plain data (CloudFormation's ``!Sub`` needs that), so
a ``!!python/...`` value is just a list or a string that the linter then reports as the wrong type.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from asl_lsp.lint.api import lint_text
from asl_lsp.model.document import parse_document


def payload(marker: Path) -> str:
    return (
        "StartAt: A\n"
        "States:\n"
        "  A:\n"
        "    Type: Pass\n"
        "    End: true\n"
        f"    Parameters: !!python/object/apply:os.system ['touch {marker}']\n"
        f"    Comment: !!python/object/new:subprocess.check_output [['touch', '{marker}']]\n"
    )


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "asl_lsp", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_linter_and_editor_features_refuse_python_tags(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = payload(marker)
    diagnostics = lint_text(text, "evil.asl.yaml")
    flagged = {d.path for d in diagnostics}
    assert "/States/A/Comment" in flagged, diagnostics  # a list, not a process output
    parse_document(text, "evil.asl.yaml")
    assert not marker.exists()


def test_cli_lint_graph_and_deploy_refuse_python_tags(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.asl.yaml"
    path.write_text(payload(marker), encoding="utf-8")
    lint = run("lint", str(path))
    graph = run("graph", str(path), "-o", str(tmp_path / "out.svg"))
    deploy = run(
        "deploy",
        str(path),
        "--name",
        "evil",
        "--role",
        "arn:aws:iam::123456789012:role/R",
        "--force",
        "--target",
        "local",
    )
    for done in (lint, graph, deploy):
        assert "Traceback" not in done.stderr, done.stderr
    assert lint.returncode == 1
    assert deploy.returncode != 0
    assert not marker.exists(), "a YAML tag ran code"
