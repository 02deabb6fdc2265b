"""Time ``asl graph`` (to SVG) on generated definitions of 100 and 1,000 states.

Run: ``.venv/bin/python benchmarks/bench_graph.py [SIZES...]``. Each definition mixes Tasks with
retriers and catchers, Choices whose branches merge again, loops, Parallel and Map containers, so
the layout sees cycles, long edges and compound nodes, not just a chain.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def generate(size: int) -> dict[str, Any]:
    """A definition with about ``size`` states (nested ones included)."""
    states: dict[str, Any] = {}
    names = [f"Step {i:04d}" for i in range(size)]
    fail = "Handle failure"
    i = 0
    count = 1  # the Fail state
    while count < size - 1:
        name = names[i]
        nxt = names[i + 1] if count < size - 2 else "Done"
        kind = i % 10
        if kind == 3 and count + 4 < size:
            left, right = f"{name} left", f"{name} right"
            states[name] = {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$.n", "NumericGreaterThan": i, "Next": left},
                    {"Variable": "$.flag", "IsPresent": True, "Next": right},
                ],
                "Default": nxt,
            }
            states[left] = {"Type": "Pass", "Next": nxt}
            states[right] = {"Type": "Wait", "Seconds": 1, "Next": nxt}
            count += 3
        elif kind == 6 and count + 4 < size:
            states[name] = {
                "Type": "Parallel",
                "Next": nxt,
                "Branches": [
                    {
                        "StartAt": f"{name} A",
                        "States": {f"{name} A": {"Type": "Pass", "End": True}},
                    },
                    {
                        "StartAt": f"{name} B",
                        "States": {f"{name} B": {"Type": "Pass", "End": True}},
                    },
                ],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": fail}],
            }
            count += 3
        elif kind == 8 and count + 3 < size:
            states[name] = {
                "Type": "Map",
                "Next": nxt,
                "ItemProcessor": {
                    "StartAt": f"{name} item",
                    "States": {
                        f"{name} item": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::lambda:invoke",
                            "End": True,
                        }
                    },
                },
            }
            count += 2
        elif kind == 9 and i >= 10:
            states[name] = {
                "Type": "Choice",
                "Choices": [{"Variable": "$.again", "BooleanEquals": True, "Next": names[i - 5]}],
                "Default": nxt,
            }
            count += 1
        else:
            states[name] = {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 3}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": fail}],
                "Next": nxt,
            }
            count += 1
        i += 1
    last = names[i - 1] if i else None
    if last is not None and last in states and states[last].get("Next") not in (None, "Done"):
        states[last]["Next"] = "Done"
    states["Done"] = {"Type": "Succeed"}
    states[fail] = {"Type": "Fail", "Error": "Failed"}
    return {"StartAt": names[0], "States": states}


def count_states(machine: Any) -> int:
    total = 0
    for body in machine.get("States", {}).values():
        total += 1
        for branch in body.get("Branches", []):
            total += count_states(branch)
        if "ItemProcessor" in body:
            total += count_states(body["ItemProcessor"])
    return total


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [100, 1000]
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            definition = generate(size)
            path = Path(tmp) / f"gen{size}.asl.json"
            path.write_text(json.dumps(definition), encoding="utf-8")
            out = Path(tmp) / f"gen{size}.svg"
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "asl_lsp", "graph", str(path), "-o", str(out)],
                    check=True,
                )
                best = min(best, time.perf_counter() - start)
            from asl_lsp.graph.render import render_graph

            start = time.perf_counter()
            render_graph(definition).svg  # noqa: B018 - timing the property
            in_process = time.perf_counter() - start
            print(
                f"{count_states(definition):5d} states: asl graph -> SVG {best:.2f} s "
                f"(best of 3, whole process); render_graph().svg in-process {in_process:.2f} s; "
                f"SVG {out.stat().st_size // 1024} KiB"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
