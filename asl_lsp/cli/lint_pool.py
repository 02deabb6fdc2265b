"""Lint the files of a run on every CPU, with the outcomes in the order of the files.

A folder of definitions is many small, independent pieces of work, so ``asl lint`` shares them
out, as ruff does. The command forks its workers after it has loaded the rules and the schema
validators and worked out every file's configuration, so they inherit all of it; the command
and its workers take the files one at a time, largest first, until none is left, and only the
outcomes travel back. A run with few files, or on a platform without ``fork``, lints in the
command's own process: there workers would cost more than they save.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from functools import partial

from asl_lsp.cli.lint_file import FixOptions, LintJob, Outcome, lint_file
from asl_lsp.lint.linter import load_linter

# Below this many files per worker, starting a worker costs about what it saves.
MIN_FILES_PER_WORKER = 16
# What reading, parsing and reporting one more file costs, in bytes of text that cost as much.
_FILE_WEIGHT = 2048
_YAML_SUFFIXES = (".yaml", ".yml")


def lint_files(
    jobs: Sequence[LintJob], options: FixOptions, workers: int | None, keep_unsafe_fixes: bool
) -> Iterator[Outcome]:
    """The outcome of each job, in order, linted by up to ``workers`` processes (None: one per
    CPU).

    ``keep_unsafe_fixes`` says whether the report shows unsafe fixes (see :func:`lint_text`
    and :meth:`Outcome.portable`).
    """
    most = len(jobs) // MIN_FILES_PER_WORKER  # workers the files are worth
    if most <= 1 or (workers is not None and workers <= 1):
        return _one_by_one(jobs, options, keep_unsafe_fixes)
    # Imported here: fork, pipes and pickle load only for a run that shares out its files.
    from asl_lsp.worker_pool import can_fork, default_workers, map_in_shares

    count = min(default_workers() if workers is None else workers, most)
    if count <= 1 or not can_fork():
        return _one_by_one(jobs, options, keep_unsafe_fixes)
    load_linter()  # once, here: the workers inherit the rules and the schema validators
    if sum(str(job.path).lower().endswith(_YAML_SUFFIXES) for job in jobs) >= count:
        # Imported here, once, when every process would otherwise import it for its first YAML
        # file (PyYAML compiles its regular expressions when imported: some 15 ms each time).
        import asl_lsp.syntax.yaml_loader  # noqa: F401
    weights = [_size(job) + _FILE_WEIGHT for job in jobs]
    task = partial(_lint_portable, options=options, keep_unsafe_fixes=keep_unsafe_fixes)
    return iter(map_in_shares(task, jobs, weights, count))


def _one_by_one(
    jobs: Sequence[LintJob], options: FixOptions, keep_unsafe_fixes: bool
) -> Iterator[Outcome]:
    return (lint_file(job, options, keep_unsafe_fixes) for job in jobs)


def _size(job: LintJob) -> int:
    if job.size >= 0:
        return job.size
    try:
        return os.stat(job.path).st_size
    except OSError:
        return 0  # reported when the file is read


def _lint_portable(job: LintJob, options: FixOptions, keep_unsafe_fixes: bool) -> Outcome:
    return lint_file(job, options, keep_unsafe_fixes).portable(keep_unsafe_fixes)
