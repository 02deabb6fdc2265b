"""``asl lint`` vs asl-validator 4, @wmfs/statelint 1.30 and amazon-states-language-service 1.16.

Three measurements, each the median of repeated runs with the tools interleaved round by round:

- cold: one file, whole process wall time (``asl lint FILE`` vs ``node runner.js PEER once FILE``);
- folder: every corpus definition in one process, the same explicit file list for every tool;
- warm: re-linting one file in a process that has linted it before (``lint_text`` in a loop vs
  ``runner.js PEER warm:N``).

Ratios are ``peer time / asl time``: above 1 means ``asl lint`` is faster.
Run through ``run_all.py`` (it installs the peers and generates the files), or alone with
``python benchmarks/bench_lint.py`` once the cache exists.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    CACHE,
    PEER_LABELS,
    PEER_NAMES,
    REPO,
    Figures,
    Table,
    asl_command,
    fmt_s,
    interleaved,
    log,
    median,
    node_env,
    ratio,
    run_peer,
    wall_time,
)

from asl_lsp.worker_pool import default_workers

SIZES = (100, 1000, 5000)
FORMATS = ("json", "yaml")


def definition_files(cache: Path = CACHE) -> dict[tuple[int, str], Path]:
    return {
        (size, fmt): cache / "defs" / f"gen-{size}.asl.{fmt}" for size in SIZES for fmt in FORMATS
    }


def corpus_dir() -> Path:
    return (REPO / ".." / "shared" / "corpus").resolve()


def corpus_files() -> list[Path]:
    """Every definition the corpus manifest lists (JSON, YAML and templates)."""
    root = corpus_dir()
    manifest = root / "manifest.jsonl"
    files = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if line.strip():
            files.append(root / json.loads(line)["path"])
    return files


def _header(first: list[str]) -> list[str]:
    headers = [*first, "asl lint"]
    for peer in PEER_NAMES:
        headers += [PEER_LABELS[peer], "ratio"]
    return headers


def _row(first: list[str], times: dict[str, list[float]]) -> list[str]:
    ours = median(times["asl"])
    row = [*first, fmt_s(ours)]
    for peer in PEER_NAMES:
        theirs = median(times[peer])
        row += [fmt_s(theirs), ratio(ours, theirs)]
    return row


def bench_cold(repeats: int, figures: Figures) -> Table:
    table = Table(
        "Lint: cold, one file (whole process wall time, median)",
        _header(["states", "format", "size"]),
    )
    env = node_env()
    for (size, fmt), path in definition_files().items():
        log(f"  cold {size} {fmt}")
        runner = str(Path(__file__).resolve().parent / "peers" / "runner.js")
        tools: dict[str, Callable[[], float]] = {
            "asl": functools.partial(wall_time, [*asl_command(), "lint", str(path)])
        }
        for peer in PEER_NAMES:
            tools[peer] = functools.partial(
                wall_time, ["node", runner, peer, "once", str(path)], env
            )
        times = interleaved(tools, repeats)
        size_kb = path.stat().st_size / 1024
        table.rows.append(_row([str(size), fmt, f"{size_kb:,.0f} KB"], times))
        for name, sample in times.items():
            figures[f"lint.cold.{size}.{fmt}.{name}"] = median(sample)
    table.notes.append(
        f"Median of {repeats} runs per tool, tools interleaved. Peers run through "
        "`benchmarks/peers/runner.js PEER once FILE` (Node start-up included, as for `asl`)."
    )
    return table


def bench_folder(repeats: int, figures: Figures) -> Table:
    files = corpus_files()
    table = Table(
        f"Lint: a whole folder in one command ({len(files)} corpus definitions, median)",
        _header(["file list"]),
    )
    env = node_env()
    runner = str(Path(__file__).resolve().parent / "peers" / "runner.js")
    names = [str(f) for f in files]
    tools: dict[str, Callable[[], float]] = {
        "asl": functools.partial(wall_time, [*asl_command(), "lint", *names]),
        # The same run in one process (no workers), for a per-process comparison.
        "asl_one_process": functools.partial(
            wall_time, [*asl_command(), "lint", "-n", "0", *names]
        ),
    }
    for peer in PEER_NAMES:
        tools[peer] = functools.partial(wall_time, ["node", runner, peer, "once", *names], env)
    log(f"  folder: {len(files)} files")
    times = interleaved(tools, repeats)
    table.rows.append(_row([f"manifest ({len(files)} files)"], times))
    table.rows.append(
        _row(
            [f"manifest ({len(files)} files), `asl lint -n 0` (one process)"],
            {**times, "asl": times["asl_one_process"]},
        )
    )
    for name, sample in times.items():
        figures[f"lint.folder.{name}"] = median(sample)
    figures["lint.folder.files"] = float(len(files))

    # What a user types: `asl lint ../shared/corpus` (discovery picks *.asl.* files and templates).
    discovered = subprocess.run(
        [*asl_command(), "lint", "--format", "json", "--exit-zero", str(corpus_dir())],
        capture_output=True,
        check=False,
    )
    count = len(json.loads(discovered.stdout or b'{"files": []}')["files"])
    folder_times = [wall_time([*asl_command(), "lint", str(corpus_dir())]) for _ in range(repeats)]
    figures["lint.folder.discovery.asl"] = median(folder_times)
    table.notes.append(
        f"Median of {repeats} runs (a tool slower than 5 s per run stops after 3), whole command "
        "wall time, every tool given the manifest's explicit file list (JSON, YAML, templates). "
        f"`asl lint` shares the files among {default_workers()} processes (one per CPU; the "
        "peers use one); the second row is `asl lint -n 0`, all in one process. "
        f"`asl lint {corpus_dir()}` with its own discovery (`*.asl.json|yaml|yml` and "
        f"CloudFormation/SAM templates) finds {count} of the files and takes "
        f"{fmt_s(median(folder_times))}."
    )
    return table


def _our_warm(path: Path, repeat: int) -> list[float]:
    from asl_lsp.lint.api import lint_text

    text = path.read_text(encoding="utf-8")
    for _ in range(2):
        lint_text(text, str(path))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        lint_text(text, str(path))
        times.append(time.perf_counter() - start)
    return times


def bench_warm(repeat: int, figures: Figures) -> Table:
    table = Table(
        f"Lint: warm re-lint in-process (median of {repeat} after 2 warm-ups)",
        _header(["states", "format"]),
    )
    for (size, fmt), path in definition_files().items():
        log(f"  warm {size} {fmt}")
        times: dict[str, list[float]] = {"asl": _our_warm(path, repeat)}
        for peer in PEER_NAMES:
            times[peer] = [t / 1000 for t in run_peer(peer, f"warm:{repeat}", [path])["times_ms"]]
        table.rows.append(_row([str(size), fmt], times))
        for name, sample in times.items():
            figures[f"lint.warm.{size}.{fmt}.{name}"] = median(sample)
    table.notes.append(
        "Ours: `asl_lsp.lint.api.lint_text(text, path)` (parse + model + schema + rules). Peers: "
        "parse + validate as `runner.js` does it (ASLS: `parseJSONDocument` + `doValidation`)."
    )
    return table


def run(repeats: int = 7, warm_repeat: int = 10) -> tuple[list[Table], Figures]:
    figures: Figures = {}
    tables = [
        bench_cold(repeats, figures),
        bench_folder(repeats, figures),
        bench_warm(warm_repeat, figures),
    ]
    return tables, figures


def main() -> int:
    tables, _ = run()
    for table in tables:
        print(table.text() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
