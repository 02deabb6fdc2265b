"""Discover test files, run their cases in parallel worker processes, gather results and coverage.

Files are prepared in this process first (a broken file is reported once, not once per case), and
forked workers inherit the prepared files instead of reading them again. Cases go to workers in
contiguous chunks, and results come back in file order, so progress prints like pytest's.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from asl_lsp.testing.coverage import CoverageData
from asl_lsp.testing.execution import CaseResult, PreparedFile, coverage_of, prepare, run_case
from asl_lsp.testing.files import TestFileError, discover
from asl_lsp.testing.selection import Matcher
from asl_lsp.worker_pool import can_fork, default_workers

Job = list[tuple[str, str]]  # (test file path, case name)

# Prepared files of the current run in this process; forked workers start with the parent's copy.
# Cleared by every run: files, definitions and handlers may change between runs.
_PREPARED: dict[str, PreparedFile] = {}


@dataclass
class RunOutcome:
    results: list[CaseResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # files that could not be used
    coverage: CoverageData | None = None
    duration: float = 0.0
    deselected: int = 0

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def ok(self) -> bool:
        return not self.errors and all(r.outcome == "passed" for r in self.results)


def _prepared(path: str) -> PreparedFile:
    found = _PREPARED.get(path)
    if found is None:
        found = _PREPARED[path] = prepare(path)
    return found


def _run_job(job: Job, coverage: bool) -> list[CaseResult]:
    results = []
    for path, name in job:
        prepared = _prepared(path)
        results.append(run_case(prepared, prepared.case(name), coverage=coverage))
    return results


def _chunks(items: list[tuple[str, str]], workers: int) -> list[Job]:
    """Contiguous, balanced chunks: a few per worker so a slow case does not idle the others."""
    count = max(1, min(len(items), workers * 4))
    size, extra = divmod(len(items), count)
    jobs: list[Job] = []
    start = 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        if end > start:
            jobs.append(items[start:end])
        start = end
    return jobs


def run_tests(
    paths: Sequence[str | Path],
    *,
    select: Matcher | None = None,
    workers: int | None = None,
    coverage: bool = False,
    on_results: Callable[[Sequence[CaseResult]], None] | None = None,
) -> RunOutcome:
    """Run every selected case under ``paths``; ``workers=0`` runs them in this process.

    :class:`TestFileError` when a path does not exist; unusable test files are collected in
    ``errors`` and do not stop the others.
    """
    started = time.perf_counter()
    outcome = RunOutcome()
    items: list[tuple[str, str]] = []
    prepared_files: list[PreparedFile] = []
    _PREPARED.clear()
    for path in discover(paths):
        key = str(path.resolve())
        if key in _PREPARED:
            continue  # named twice
        try:
            prepared = _prepared(key)
        except TestFileError as exc:
            outcome.errors.append(str(exc))
            continue
        prepared_files.append(prepared)
        for case in prepared.test_file.cases:
            if select is None or select(f"{prepared.display}::{case.name}"):
                items.append((key, case.name))
            else:
                outcome.deselected += 1
    count = default_workers() if workers is None else workers
    for results in _execute(items, count, coverage):
        outcome.results.extend(results)
        if on_results is not None:
            on_results(results)
    if coverage:
        outcome.coverage = _gather_coverage(prepared_files, outcome.results)
    outcome.duration = time.perf_counter() - started
    return outcome


def _execute(
    items: list[tuple[str, str]], workers: int, coverage: bool
) -> Iterable[list[CaseResult]]:
    if workers <= 1 or len(items) <= 1:
        by_file: dict[str, Job] = {}
        for item in items:
            by_file.setdefault(item[0], []).append(item)
        for job in by_file.values():
            yield _run_job(job, coverage)
        return
    jobs = _chunks(items, workers)
    context = multiprocessing.get_context("fork") if can_fork() else None
    try:
        with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=context) as pool:
            yield from pool.map(partial(_run_job, coverage=coverage), jobs)
    except BrokenProcessPool:
        raise TestFileError(
            "a worker process died (a handler may have exited the process); "
            "run with -n 0 to see which case"
        ) from None


def _gather_coverage(files: Iterable[PreparedFile], results: Iterable[CaseResult]) -> CoverageData:
    data = CoverageData()
    keys: dict[str, str] = {}
    for prepared in files:
        entry = data.add(coverage_of(prepared))
        keys[prepared.display] = entry.key
    for result in results:
        key = keys.get(result.file)
        if key is not None and result.hits:
            data.definitions[key].add_hits(result.hits)
    return data
