"""The local engine against aws-local-stepfunctions 3.0 (the fastest local interpreter on npm).

Same definitions, same inputs, measured the same way: each side times its own executions
in-process (Python ``perf_counter``; Node ``process.hrtime``), one warm-up run each, then the
median of several runs. The two sides take turns run by run (the peer is a long-lived Node
process answering one run per request), so a change of load on the machine weighs on both alike.
Our engine keeps its full event history and virtual clock; the peer runs with its defaults. Task
states run a local handler on both sides. Requires the peers installed by ``run_all.py``
(``PEERS_NODE_MODULES``). Run alone: ``.venv/bin/python benchmarks/bench_engine_peer.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
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


def _ours_once(definition: dict[str, Any], input_: Any) -> float:
    started = time.perf_counter()
    result = run_definition(definition, input_, tasks={TASK: handler}, clock="virtual")
    elapsed = time.perf_counter() - started
    assert result.succeeded, (result.error, result.cause)
    return elapsed


class _Peer:
    """The Node runner of aws-local-stepfunctions, one request and one answer per line."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            ["node", str(RUNNER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=os.environ,
        )

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the peer runner exited ({self._process.wait()})")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def load(self, definition: dict[str, Any], input_: Any, task_states: list[str]) -> None:
        self._ask({"load": {"definition": definition, "input": input_, "taskStates": task_states}})

    def run_once(self) -> float:
        return float(self._ask({"run": True})["ms"]) / 1000

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=60)


def _measure(
    peer: _Peer, definition: dict[str, Any], input_: Any, task_states: list[str], runs: int
) -> tuple[float, float]:
    """Median seconds per execution (ours, peer), the two sides alternating run by run."""
    peer.load(definition, input_, task_states)
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(runs + 1):  # the first run of each side warms up
        ours.append(_ours_once(definition, input_))
        theirs.append(peer.run_once())
    return statistics.median(ours[1:]), statistics.median(theirs[1:])


def run() -> tuple[list[Table], Figures]:
    os.environ.setdefault("PEERS_NODE_MODULES", str(CACHE / "peers" / "node_modules"))
    table = Table(
        f"Engine: asl-lsp vs aws-local-stepfunctions 3.0.0 "
        f"(median of {RUNS} runs each, in-process, alternating)",
        ["workload", "asl-lsp engine", "aws-local-stepfunctions", "ours / peer"],
    )
    figures: Figures = {}
    peer_runner = _Peer()
    try:
        measured = [
            (label, key, _measure(peer_runner, definition, input_, task_states, RUNS))
            for label, key, definition, input_, task_states in _cases()
        ]
    finally:
        peer_runner.close()
    for label, key, (ours, peer) in measured:
        figures[f"engine.peer.{key}.ours"] = ours
        figures[f"engine.peer.{key}.alsf"] = peer
        table.rows.append(
            [label, f"{ours * 1000:.1f} ms", f"{peer * 1000:.1f} ms", f"{ours / peer:.2f}x"]
        )
    table.notes.append(
        "The peer runs under Node 20 with a `Promise.withResolvers` polyfill; "
        "ours keeps the full event history and the virtual clock. "
        "The two sides alternate run by run, each after one warm-up run."
    )
    return [table], figures


if __name__ == "__main__":
    tables, _ = run()
    for table in tables:
        print(table.text())
