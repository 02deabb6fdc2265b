"""Golden DOT and Mermaid text for the fixture definitions (deterministic output).

Regenerate after an intended change with ``ASL_UPDATE_GOLDEN=1 pytest tests/graph``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from asl_lsp.graph.render import render_graph

HERE = Path(__file__).parent
FIXTURES = sorted((HERE / "fixtures").glob("*.asl.json"))
GOLDEN = HERE / "golden"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt,suffix", [("dot", ".dot"), ("mermaid", ".mmd")])
def test_golden_text(fixture: Path, fmt: str, suffix: str) -> None:
    definition = json.loads(fixture.read_text(encoding="utf-8"))
    text = render_graph(definition).text(fmt)
    assert text == render_graph(definition).text(fmt), "output must be deterministic"
    golden = GOLDEN / (fixture.name.removesuffix(".asl.json") + suffix)
    if os.environ.get("ASL_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"missing golden file {golden.name}: run with ASL_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


def test_seed_dot_has_the_expected_shape() -> None:
    definition = json.loads((HERE / "fixtures" / "hello_branching.asl.json").read_text())
    dot = render_graph(definition).dot
    assert 'label=<<FONT COLOR="#2B2B2B">$.IsHelloWorldExample == true</FONT>>' in dot
    assert "States.TaskFailed" in dot and "style=dashed" in dot
    assert 'subgraph "cluster_s4"' in dot and 'lhead="cluster_s4"' in dot
    assert "retry x2" in dot
    mermaid = render_graph(definition).mermaid
    assert mermaid.startswith("flowchart TB\n")
    assert 's2 -->|"$.IsHelloWorldExample == true"| s3' in mermaid
    assert 's7 -.->|"States.TaskFailed"| s8' in mermaid
    assert "subgraph s4 " in mermaid


def test_lr_direction() -> None:
    definition = json.loads((HERE / "fixtures" / "hello_branching.asl.json").read_text())
    image = render_graph(definition, direction="LR")
    assert "rankdir=LR" in image.dot
    assert image.mermaid.startswith("flowchart LR")
    assert image.scene.width > image.scene.height
