"""``asl graph`` refuses definitions above its documented size with one line, promptly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from asl_lsp.graph.render import MAX_GRAPH_STATES, count_states


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
