"""The local engine against aws-local-stepfunctions 3.0 (the fastest local interpreter on npm).

Same definitions, same inputs, measured in the same run: each side times its own executions
in-process (Python ``perf_counter``; Node ``process.hrtime``), median of several runs after a
warm-up. Our engine keeps its full event history and virtual clock; the peer runs with its
defaults. Task states run a local handler on both sides. Requires the peers installed by
``run_all.py`` (``PEERS_NODE_MODULES``). Run alone:
``.venv/bin/python benchmarks/bench_engine_peer.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_engine import TASK, handler, items, map_over, parallel, pass_chain
from common import CACHE, PEERS_DIR, Figures, Table

from asl_lsp.engine import run_definition

RUNNER = PEERS_DIR / "engine_runner.mjs"
RUNS = 9


def _cases() -> list[tuple[str, str, dict[str, Any], Any, list[str]]]:
    return [
        ("1,000-state Pass chain", "pass", pass_chain(1000), {}, []),
        ("Map over 1,000 items, task handler", "map", map_over(True), items(1000), ["Work"]),
        ("Parallel of 50 Pass branches", "parallel", parallel(50), {}, []),
    ]


def _ours(definition: dict[str, Any], input_: Any, runs: int) -> float:
    times = []
    for _ in range(runs + 1):  # the first run warms up
        started = time.perf_counter()
        result = run_definition(definition, input_, tasks={TASK: handler}, clock="virtual")
        times.append(time.perf_counter() - started)
        assert result.succeeded, (result.error, result.cause)
    return statistics.median(times[1:])


def _peer(definition: dict[str, Any], input_: Any, task_states: list[str], runs: int) -> float:
    spec = {"definition": definition, "input": input_, "taskStates": task_states, "runs": runs}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
    try:
        done = subprocess.run(
            ["node", str(RUNNER), handle.name],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
            env=os.environ,
        )
    finally:
        os.unlink(handle.name)
    return float(json.loads(done.stdout.strip().splitlines()[-1])["median_ms"]) / 1000


def run() -> tuple[list[Table], Figures]:
    os.environ.setdefault("PEERS_NODE_MODULES", str(CACHE / "peers" / "node_modules"))
    table = Table(
        "Engine: asl-lsp vs aws-local-stepfunctions 3.0.0 (median of 9 runs each, in-process)",
        ["workload", "asl-lsp engine", "aws-local-stepfunctions", "ours / peer"],
    )
    figures: Figures = {}
    for label, key, definition, input_, task_states in _cases():
        ours = _ours(definition, input_, RUNS)
        peer = _peer(definition, input_, task_states, RUNS)
        figures[f"engine.peer.{key}.ours"] = ours
        figures[f"engine.peer.{key}.alsf"] = peer
        table.rows.append(
            [label, f"{ours * 1000:.1f} ms", f"{peer * 1000:.1f} ms", f"{ours / peer:.2f}x"]
        )
    table.notes.append(
        "The peer runs under Node 20 with a `Promise.withResolvers` polyfill; "
        "ours keeps the full event history and the virtual clock."
    )
    return [table], figures


if __name__ == "__main__":
    tables, _ = run()
    for table in tables:
        print(table.text())
