"""``asl test`` on 100 cases of the seed (hello-world) workflow, with and without coverage.

Targets: the whole command (process start, discovery, parallel workers, reports) under 2 s for
100 cases; coverage adding under 10%. The command is timed as a real process (median of several
runs); the coverage overhead is also measured in one process on the same cases, where process
start-up noise does not hide a few percent. Run: ``.venv/bin/python benchmarks/bench_testing.py``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
CASES = 100


def write_suite(folder: Path, count: int) -> Path:
    """The example test file's cases repeated to ``count`` cases, beside copies of its files."""
    for name in ("hello-world.asl.json", "hello_world_handlers.py"):
        shutil.copy(EXAMPLES / name, folder / name)
    source = yaml.safe_load((EXAMPLES / "hello-world.asl-test.yaml").read_text(encoding="utf-8"))
    cases = source["cases"]
    source["cases"] = [
        {**cases[i % len(cases)], "name": f"{cases[i % len(cases)]['name']} #{i}"}
        for i in range(count)
    ]
    target = folder / "bench.asl-test.yaml"
    target.write_text(yaml.safe_dump(source, sort_keys=False), encoding="utf-8")
    return target


def _command(folder: Path, extra: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "asl_lsp", "test", ".", *extra],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"asl test failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def time_commands(folder: Path, variants: list[list[str]], repeat: int) -> list[float]:
    """Median seconds per variant; variants alternate so machine load hits them alike."""
    times: list[list[float]] = [[] for _ in variants]
    for _ in range(repeat):
        for index, extra in enumerate(variants):
            times[index].append(_command(folder, extra))
    return [statistics.median(t) for t in times]


def time_in_process(test_file: Path, repeat: int) -> tuple[float, float]:
    """Median seconds of the 100 cases in this process without and with coverage, alternating."""
    from asl_lsp.testing.runner import run_tests

    for coverage in (False, True):  # warm: imports and the prepared file
        run_tests([test_file], coverage=coverage, workers=0)
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(repeat):
        for coverage in (False, True):
            started = time.perf_counter()
            outcome = run_tests([test_file], coverage=coverage, workers=0)
            times[coverage].append(time.perf_counter() - started)
            assert outcome.ok and len(outcome.results) == CASES
    return statistics.median(times[False]), statistics.median(times[True])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="asl-bench-test-") as raw:
        folder = Path(raw)
        test_file = write_suite(folder, CASES)
        plain_s, covered_s, serial_s = time_commands(
            folder, [[], ["--cov"], ["-n", "0"]], args.repeat
        )
        inner_plain, inner_cov = time_in_process(test_file, args.repeat * 6)
    rows = [
        ("asl test, 100 cases (workers: one per CPU)", plain_s),
        ("asl test --cov, 100 cases", covered_s),
        ("asl test -n 0 (one process), 100 cases", serial_s),
        ("100 cases in process, no coverage", inner_plain),
        ("100 cases in process, coverage", inner_cov),
    ]
    print(f"| measurement ({os.cpu_count()} CPUs, median of {args.repeat}) | seconds |")
    print("|---|---|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.3f} |")
    command_overhead = 100 * (covered_s / plain_s - 1)
    engine_overhead = 100 * (inner_cov / inner_plain - 1)
    print()
    print(f"target: 100 cases < 2 s: {plain_s:.2f} s ({'met' if plain_s < 2 else 'MISSED'})")
    print(
        f"target: coverage overhead < 10%: {command_overhead:+.1f}% for the command, "
        f"{engine_overhead:+.1f}% in process "
        f"({'met' if max(command_overhead, engine_overhead) < 10 else 'MISSED'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
