"""``asl graph``: formats by suffix, SVG on stdout, one-line errors with exit 2."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from asl_lsp.cli import main

HERE = Path(__file__).parent
SEED = HERE / "fixtures" / "hello_branching.asl.json"


def test_svg_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(SEED)]) == 0
    out = capsys.readouterr().out
    ET.fromstring(out)
    assert "Is this Hello World example?" in out


@pytest.mark.parametrize(
    "name,marker",
    [
        ("g.svg", "<svg"),
        ("g.html", "<!DOCTYPE html>"),
        ("g.dot", "digraph"),
        ("g.gv", "digraph"),
        ("g.mmd", "flowchart LR"),
    ],
)
def test_output_by_suffix(tmp_path: Path, name: str, marker: str) -> None:
    out = tmp_path / name
    assert main(["graph", str(SEED), "-o", str(out), "--direction", "LR"]) == 0
    text = out.read_text(encoding="utf-8")
    assert marker in text or (marker == "flowchart LR" and text.startswith("flowchart LR"))


def test_yaml_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "m.asl.yaml"
    source.write_text("StartAt: A\nStates:\n  A:\n    Type: Succeed\n", encoding="utf-8")
    assert main(["graph", str(source), "--format", "mermaid"]) == 0
    assert "Succeed" in capsys.readouterr().out


def test_errors_are_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(tmp_path / "missing.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("asl graph: ") and err.count("\n") == 1
    assert main(["graph", str(SEED), "-o", str(tmp_path / "x.png")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    assert main(["graph", str(SEED), "--execution", "no-such-execution"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("asl graph: ") and err.count("\n") == 1
    assert main(["graph", str(SEED), "--engine", "nope"]) == 2


def test_whole_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "asl_lsp", "graph", str(SEED), "--format", "dot"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("digraph asl {")
