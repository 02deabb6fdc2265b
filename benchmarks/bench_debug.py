"""The debugger's costs: a ``next`` round trip on the seed workflow over DAP (target < 50 ms), and
``continue`` through a 1,000-state Pass chain with no breakpoints against a plain run (target
< 2x). The chain is timed in-process (engine with and without the debugger's controller as its
observer) and end to end (``asl debug`` from configurationDone to exit vs ``asl run``).
Run: ``.venv/bin/python benchmarks/bench_debug.py [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from asl_lsp.debug.controller import Controller, DebugThread, Stop  # noqa: E402
from asl_lsp.engine import run_definition  # noqa: E402
from tests.debug.dap_client import DapClient  # noqa: E402

SEED = REPO / "examples" / "hello-world.asl.json"
HELLO = {"IsHelloWorldExample": True}


def pass_chain(n: int) -> dict[str, Any]:
    states: dict[str, Any] = {f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(n - 1)}
    states[f"S{n - 1}"] = {"Type": "Pass", "End": True}
    return {"StartAt": "S0", "States": states}


class _Silent:
    """A listener that ignores everything: the controller's own cost, nothing else."""

    def stopped(self, stop: Stop) -> None: ...

    def thread_started(self, thread: DebugThread) -> None: ...

    def thread_exited(self, thread: DebugThread) -> None: ...

    def message(self, text: str) -> None: ...


def next_round_trips(sessions: int) -> list[float]:
    """Milliseconds from sending ``next`` to the ``stopped`` event, over whole seed walks."""
    times: list[float] = []
    for _ in range(sessions):
        client = DapClient(cwd=str(REPO))
        try:
            client.start({"program": str(SEED), "input": HELLO, "stopOnEntry": True})
            stop = client.stopped()
            while True:
                thread = stop["threadId"]
                client.top(thread)  # a client reads the stack at each stop, as editors do
                started = time.perf_counter()
                client.send("next", {"threadId": thread})
                event = client.events.get(timeout=20)
                while event["event"] not in ("stopped", "exited"):
                    event = client.events.get(timeout=20)
                if event["event"] == "exited":
                    break
                times.append((time.perf_counter() - started) * 1000)
                stop = event["body"]
        finally:
            client.close()
    return times


def best_of(runs: int, work: Any) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def chain_in_process(n: int, runs: int) -> tuple[float, float]:
    definition = pass_chain(n)
    run_definition(definition)  # warm imports and caches before timing either side
    plain = best_of(runs, lambda: run_definition(definition))
    debugged = best_of(runs, lambda: run_definition(definition, observer=Controller(_Silent())))
    return plain, debugged


def chain_end_to_end(n: int, runs: int) -> tuple[float, float]:
    asl = str(Path(sys.executable).parent / "asl")
    with tempfile.TemporaryDirectory() as folder:
        program = Path(folder) / "chain.asl.json"
        program.write_text(json.dumps(pass_chain(n)))

        def plain() -> None:
            subprocess.run(
                [asl, "run", str(program), "--virtual-clock"], check=True, capture_output=True
            )

        def debugged() -> None:
            client = DapClient([asl, "debug"], cwd=folder)
            try:
                client.start({"program": str(program)})
                client.wait_event("exited")
            finally:
                client.close()

        return best_of(runs, plain), best_of(runs, debugged)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    sessions, runs = (2, 3) if args.quick else (5, 7)
    trips = sorted(next_round_trips(sessions))
    p95 = trips[min(len(trips) - 1, int(len(trips) * 0.95))]
    print(
        f"next round trip on the seed: median {statistics.median(trips):.1f} ms, "
        f"p95 {p95:.1f} ms, max {trips[-1]:.1f} ms over {len(trips)} steps (target < 50 ms)"
    )
    plain, debugged = chain_in_process(1000, runs)
    print(
        f"1,000-state Pass chain in-process: run {plain * 1000:.1f} ms, under the debugger "
        f"{debugged * 1000:.1f} ms = {debugged / plain:.2f}x (target < 2x)"
    )
    plain, debugged = chain_end_to_end(1000, runs)
    print(
        f"1,000-state Pass chain end to end: asl run {plain * 1000:.0f} ms, asl debug continue "
        f"{debugged * 1000:.0f} ms = {debugged / plain:.2f}x (process start included)"
    )


if __name__ == "__main__":
    main()
