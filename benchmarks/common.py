"""Shared pieces of the benchmark harness: timing, the peer runner, result tables.

Every benchmark returns :class:`Table` objects (what RESULTS.md shows) and records the figures the
targets table needs in a :class:`Figures` mapping, so ``run_all.py`` never parses printed text of
the benchmarks it owns.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
CACHE = BENCH_DIR / ".cache"
PEERS_DIR = BENCH_DIR / "peers"
RUNNER_JS = PEERS_DIR / "runner.js"
PEER_NAMES = ("asl-validator", "statelint", "asls")
PEER_LABELS = {
    "asl-validator": "asl-validator 4.0.0",
    "statelint": "@wmfs/statelint 1.30.0",
    "asls": "amazon-states-language-service 1.16.1",
}

Figures = dict[str, float]


@dataclass
class Table:
    """One result table for RESULTS.md."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        lines = [f"### {self.title}", ""]
        lines.append("| " + " | ".join(self.headers) + " |")
        lines.append("|" + "|".join("---" for _ in self.headers) + "|")
        for row in self.rows:
            lines.append("| " + " | ".join(row) + " |")
        if self.notes:
            lines.append("")
            lines.extend(self.notes)
        return "\n".join(lines) + "\n"

    def text(self) -> str:
        widths = [len(h) for h in self.headers]
        for row in self.rows:
            widths = [max(w, len(c)) for w, c in zip(widths, row, strict=False)]
        out = [self.title]
        out.append("  ".join(h.ljust(w) for h, w in zip(self.headers, widths, strict=False)))
        for row in self.rows:
            out.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)))
        return "\n".join(out)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt_s(seconds: float) -> str:
    """Seconds for a table: ms below one second, s above."""
    if seconds != seconds:  # NaN
        return "n/a"
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def ratio(ours: float, theirs: float) -> str:
    """``theirs / ours``: how many times faster we are (> 1 is better for us)."""
    if ours <= 0 or theirs != theirs or ours != ours:
        return "n/a"
    return f"{theirs / ours:.2f}x"


def asl_command() -> list[str]:
    """How a user runs the linter: the ``asl`` console script next to this Python, else ``-m``."""
    script = Path(sys.executable).parent / "asl"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "asl_lsp"]


def peers_node_modules() -> Path:
    return Path(os.environ.get("PEERS_NODE_MODULES", CACHE / "peers" / "node_modules"))


def node_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PEERS_NODE_MODULES"] = str(peers_node_modules())
    return env


def wall_time(command: list[str], env: dict[str, str] | None = None) -> float:
    """Whole-process wall time of ``command`` (its output is discarded; any exit code is fine)."""
    start = time.perf_counter()
    done = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"{command[0]} failed ({done.returncode}): {message[-1:] or ''}")
    return elapsed


def run_peer(peer: str, mode: str, files: Sequence[str | Path]) -> dict[str, Any]:
    """Run ``runner.js PEER MODE FILES`` and return its JSON line."""
    done = subprocess.run(
        ["node", str(RUNNER_JS), peer, mode, *map(str, files)],
        capture_output=True,
        env=node_env(),
        check=False,
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"runner.js {peer} {mode} failed: {message[-1:] or ''}")
    result: dict[str, Any] = json.loads(done.stdout.decode("utf-8").strip().splitlines()[-1])
    return result


def interleaved(
    tools: dict[str, Callable[[], float]],
    repeats: int,
    slow_after: float = 5.0,
    slow_repeats: int = 3,
) -> dict[str, list[float]]:
    """Run every tool once per round, round after round, so drift hits all tools alike.

    A tool whose first run takes longer than ``slow_after`` seconds stops after ``slow_repeats``
    runs: its median is still honest and the whole benchmark stays within minutes.
    """
    times: dict[str, list[float]] = {name: [] for name in tools}
    for round_index in range(repeats):
        for name, measure in tools.items():
            sample = times[name]
            if round_index >= slow_repeats and sample and sample[0] > slow_after:
                continue
            sample.append(measure())
    return times


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
