"""The local engine against aws-local-stepfunctions 3.0 (the fastest local interpreter on npm).

Same definitions, same inputs, measured the same way: each side times its own executions
in-process, wall time (Python ``perf_counter``; Node ``process.hrtime``) and CPU time of every
thread of the process (``process_time``; ``process.cpuUsage``), after the same number of warm-up
runs (V8 needs a dozen or so before its optimising compiler settles; CPython needs one), then
the median of several runs. Runs go back to back in rounds, so that each run pays for the garbage
collection its predecessors caused (run one by one with pauses in between, Node collects while
idle, off the clock), and the two sides take turns round by round (the peer is a long-lived Node
process), so a change of load on the machine weighs on both alike. The target compares wall time,
as a user waits for it; CPU time is reported beside it, because on a shared machine wall time also
counts the time other processes held the CPU.
Each side loads the definition once, outside the timed region (the peer's ``new StateMachine``,
our ``LocalStateMachine``), and times executions of it. Our engine keeps its full event history
and virtual clock; the peer runs with its defaults. Task
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

from asl_lsp.engine import LocalStateMachine

RUNNER = PEERS_DIR / "engine_runner.mjs"
WARMUP_RUNS = 20
ROUNDS = 3
RUNS_PER_ROUND = 5


def _cases() -> list[tuple[str, str, dict[str, Any], Any, list[str]]]:
    return [
        ("1,000-state Pass chain", "pass", pass_chain(1000), {}, []),
        ("Map over 1,000 items, task handler", "map", map_over(True), items(1000), ["Work"]),
        ("Parallel of 50 Pass branches", "parallel", parallel(50), {}, []),
    ]


# Seconds of one execution: wall time, and CPU time of every thread of the process.
Timing = tuple[float, float]


def _ours_once(machine: LocalStateMachine, input_: Any) -> Timing:
    cpu = time.process_time()
    started = time.perf_counter()
    result = machine.run(input_, tasks={TASK: handler}, clock="virtual")
    wall = time.perf_counter() - started
    used = time.process_time() - cpu
    assert result.succeeded, (result.error, result.cause)
    return wall, used


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

    def run(self, runs: int) -> list[Timing]:
        """Wall and CPU seconds of each of ``runs`` executions, back to back."""
        answer = self._ask({"run": runs})["runs"]
        return [(float(r["wall"]) / 1000, float(r["cpu"]) / 1000) for r in answer]

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=60)


def _medians(timings: list[Timing]) -> Timing:
    return statistics.median(t[0] for t in timings), statistics.median(t[1] for t in timings)


def _measure(
    peer: _Peer, definition: dict[str, Any], input_: Any, task_states: list[str]
) -> tuple[Timing, Timing]:
    """Median wall and CPU seconds per execution (ours, peer), alternating round by round."""
    peer.load(definition, input_, task_states)
    machine = LocalStateMachine(definition)
    for _ in range(WARMUP_RUNS):
        _ours_once(machine, input_)
    peer.run(WARMUP_RUNS)
    ours: list[Timing] = []
    theirs: list[Timing] = []
    for _ in range(ROUNDS):
        ours.extend(_ours_once(machine, input_) for _ in range(RUNS_PER_ROUND))
        theirs.extend(peer.run(RUNS_PER_ROUND))
    return _medians(ours), _medians(theirs)


def run() -> tuple[list[Table], Figures]:
    os.environ.setdefault("PEERS_NODE_MODULES", str(CACHE / "peers" / "node_modules"))
    table = Table(
        f"Engine: asl-lsp vs aws-local-stepfunctions 3.0.0 (median of "
        f"{ROUNDS * RUNS_PER_ROUND} runs each, in-process, {ROUNDS} alternating rounds)",
        [
            "workload",
            "asl-lsp CPU",
            "peer CPU",
            "ours / peer (CPU)",
            "asl-lsp wall",
            "peer wall",
            "ours / peer (wall)",
        ],
    )
    figures: Figures = {}
    peer_runner = _Peer()
    try:
        measured = [
            (label, key, _measure(peer_runner, definition, input_, task_states))
            for label, key, definition, input_, task_states in _cases()
        ]
    finally:
        peer_runner.close()
    for label, key, ((ours_wall, ours_cpu), (peer_wall, peer_cpu)) in measured:
        figures[f"engine.peer.{key}.ours"] = ours_cpu
        figures[f"engine.peer.{key}.alsf"] = peer_cpu
        figures[f"engine.peer.{key}.ours_wall"] = ours_wall
        figures[f"engine.peer.{key}.alsf_wall"] = peer_wall
        table.rows.append(
            [
                label,
                f"{ours_cpu * 1000:.1f} ms",
                f"{peer_cpu * 1000:.1f} ms",
                f"{ours_cpu / peer_cpu:.2f}x",
                f"{ours_wall * 1000:.1f} ms",
                f"{peer_wall * 1000:.1f} ms",
                f"{ours_wall / peer_wall:.2f}x",
            ]
        )
    table.notes.append(
        "The peer runs under Node 20 with a `Promise.withResolvers` polyfill; "
        "ours keeps the full event history and the virtual clock. "
        f"Each side warms up with {WARMUP_RUNS} runs, then the two alternate in rounds of "
        f"{RUNS_PER_ROUND} back-to-back runs. The target compares wall time, as a user "
        "waits for it; CPU time counts every thread of each process (V8's collector and "
        "compiler threads, our branch helpers) and is shown beside it because on a shared "
        "machine wall time also counts the time other processes held the CPU."
    )
    return [table], figures


if __name__ == "__main__":
    tables, _ = run()
    for table in tables:
        print(table.text())
