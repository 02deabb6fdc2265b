"""``asl graph`` refuses definitions above its documented size with one line, promptly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest
import yaml

from asl_lsp.cli import graph as graph_cli
from asl_lsp.graph.render import MAX_GRAPH_STATES, count_states
from asl_lsp.syntax import document
from tests.graph.graph_cli_args import graph_args


def _chain(states: int) -> dict[str, object]:
    body: dict[str, object] = {
        f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(states)
    }
    body[f"S{states}"] = {"Type": "Succeed"}
    return {"StartAt": "S0", "States": body}


def test_count_states_includes_nested_states() -> None:
    inner = _chain(2)
    outer = {
        "StartAt": "P",
        "States": {
            "P": {"Type": "Parallel", "Branches": [inner, inner], "Next": "M"},
            "M": {"Type": "Map", "ItemProcessor": inner, "End": True},
        },
    }
    assert count_states(outer) == 2 + 3 * 3


def test_graph_above_the_documented_size_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.asl.json"
    path.write_text(json.dumps(_chain(MAX_GRAPH_STATES + 10)), "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "asl_lsp", "graph", str(path), "-o", str(tmp_path / "g.svg")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"asl graph: the definition has {MAX_GRAPH_STATES + 11:,} states; graphs are drawn for "
        f"up to {MAX_GRAPH_STATES:,} (lint it, or graph a smaller part)"
    )
    assert not (tmp_path / "g.svg").exists()


def test_oversized_json_is_refused_before_the_positional_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.asl.json"
    path.write_text(json.dumps(_chain(MAX_GRAPH_STATES + 10), indent=2), "utf-8")

    def no_parse(*args: object, **kwargs: object) -> NoReturn:
        raise AssertionError("the tolerant parser ran for a definition refused by size")

    monkeypatch.setattr(document, "parse_source", no_parse)
    assert graph_cli.run(graph_args(path, tmp_path / "g.svg")) == 2
    assert f"has {MAX_GRAPH_STATES + 11:,} states" in capsys.readouterr().err
    assert not (tmp_path / "g.svg").exists()


def test_oversized_yaml_is_counted_on_the_parsed_nodes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    inner = _chain(MAX_GRAPH_STATES // 2)
    outer = {
        "StartAt": "P",
        "States": {"P": {"Type": "Parallel", "Branches": [inner, inner], "End": True}},
    }
    path = tmp_path / "big.asl.yaml"
    path.write_text(yaml.safe_dump(outer), "utf-8")

    def no_values(self: object) -> NoReturn:
        raise AssertionError("the definition was converted before its size was checked")

    monkeypatch.setattr(document.DefinitionSource, "value", no_values)
    assert graph_cli.run(graph_args(path, tmp_path / "g.svg")) == 2
    expected = count_states(outer)
    assert expected > MAX_GRAPH_STATES
    assert f"has {expected:,} states" in capsys.readouterr().err
