"""``asl lint`` and ``asl graph`` on 100,000-state definitions: wall time and peak memory.

Six cases, each a process measured like ``/usr/bin/time -v`` (wall clock, maximum resident set
size of the child), run three times for the median wall time and the largest peak: a chain of
100,000 Pass states in JSON and in YAML (no findings); 100,000 unreachable states with
``--format json`` and with the text report of a minified one-line file; ``asl graph`` of the JSON
and of the YAML chain, which are refused above the documented graph size. The lint target is
under 5 s and 500 MB each.

    python benchmarks/bench_scale.py [STATES]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CACHE, Figures, Table, asl_command, log

STATES = 100_000
RUNS = 3  # per case: a single run on a shared machine can be a third slower than the next


def _chain(states: int) -> dict[str, object]:
    body: dict[str, object] = {
        f"Step {i}": {"Type": "Pass", "Next": f"Step {i + 1}"} for i in range(states - 1)
    }
    body[f"Step {states - 1}"] = {"Type": "Succeed"}
    return {"StartAt": "Step 0", "States": body}


def _unreachable(states: int) -> dict[str, object]:
    body: dict[str, object] = {"Start": {"Type": "Succeed"}}
    body.update({f"Orphan {i}": {"Type": "Pass", "End": True} for i in range(states)})
    return {"StartAt": "Start", "States": body}


_MAKERS: dict[str, Callable[[int], str]] = {
    "chain.asl.json": lambda n: json.dumps(_chain(n), indent=2),
    "chain.asl.yaml": lambda n: yaml.safe_dump(_chain(n), sort_keys=False),
    "unreachable.asl.json": lambda n: json.dumps(_unreachable(n), indent=2),
    "unreachable-min.asl.json": lambda n: json.dumps(_unreachable(n)),
}


def input_paths(states: int, folder: Path) -> dict[str, Path]:
    return {name: folder / f"{states}-{name}" for name in _MAKERS}


def write_inputs(states: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in input_paths(states, folder).items():
        if not path.exists():
            path.write_text(_MAKERS[name](states), encoding="utf-8")


def measure(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one run of ``command`` in a child process."""
    started = time.perf_counter()
    pid = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).pid
    _, _, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    return wall, usage.ru_maxrss / 1024  # ru_maxrss is in KB on Linux


def run(states: int = STATES) -> tuple[list[Table], Figures]:
    """For run_all.py: the table, and per case ``scale.wall.<case>`` (s) / ``scale.rss.<case>``
    (MB)."""
    # Generated in a child: a child forked from a large parent would report the parent's memory.
    folder = CACHE / "scale"
    subprocess.run([sys.executable, __file__, "--inputs", str(states)], check=True)
    paths = input_paths(states, folder)
    asl = asl_command()
    cases = [
        ("lint JSON, no findings", [*asl, "lint", str(paths["chain.asl.json"])]),
        ("lint YAML, no findings", [*asl, "lint", str(paths["chain.asl.yaml"])]),
        (
            f"lint --format json, {states:,} findings",
            [*asl, "lint", "--format", "json", str(paths["unreachable.asl.json"])],
        ),
        (
            f"lint text, {states:,} findings on one line",
            [*asl, "lint", str(paths["unreachable-min.asl.json"])],
        ),
        ("graph JSON (refused above 2,000 states)", [*asl, "graph", str(paths["chain.asl.json"])]),
        ("graph YAML (refused above 2,000 states)", [*asl, "graph", str(paths["chain.asl.yaml"])]),
    ]
    table = Table(f"{states:,} states", ["case", "wall", "max RSS"])
    figures: Figures = {}
    for label, command in cases:
        log(f"scale: {label}")
        runs = [measure(command) for _ in range(RUNS)]
        wall = statistics.median(w for w, _ in runs)
        rss = max(r for _, r in runs)
        table.rows.append([label, f"{wall:.2f} s", f"{rss:.0f} MB"])
        figures[f"scale.wall.{label}"] = wall
        figures[f"scale.rss.{label}"] = rss
    table.notes.append(
        f"Median wall time and largest peak of {RUNS} runs per case. "
        "Target: under 5 s and 500 MB per case (a graph above the size limit is refused)."
    )
    return [table], figures


if __name__ == "__main__":
    if sys.argv[1:2] == ["--inputs"]:
        write_inputs(int(sys.argv[2]), CACHE / "scale")
    else:
        tables, _ = run(int(sys.argv[1]) if len(sys.argv) > 1 else STATES)
        print(tables[0].text())
