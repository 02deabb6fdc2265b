"""Run several sub-workflows at once (Parallel branches, Map iterations).

Each job gets a child frame: its own timeline, variable scope and event chain; the jobs of a group
share one cancellation flag, as the first failure cancels every sibling (unless the caller
tolerates failures: Distributed Map). Results come back in job order whatever order the threads
finish in.

A Map may run thousands of jobs, so a job leaves behind only its output (or its error): one
callable serves every job of a group, a job's frame is folded into the group's (its timeline and
its last event) as soon as the job ends, and no per-job record is kept for a job that succeeded.
What a job allocates is then freed when it ends instead of piling up for the garbage collector
until the whole state ends.

The thread that reached the state works through the jobs itself. Helper threads join only when
the jobs stall (:mod:`asl_lsp.engine.stall_watch`): jobs that compute run back to back on one
thread, with no hand-offs of the interpreter lock, while jobs that block (a slow handler, a
real-time Wait, a task token) still run together, up to the concurrency limit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from asl_lsp.engine.errors import RUNTIME, ExecutionStopped, StatesError
from asl_lsp.engine.runtime import BranchCancelled, Frame
from asl_lsp.engine.stall_watch import stall_watch
from asl_lsp.expr.errors import ExprEvaluationError, JsonValue

# Job ``index`` of a group, run on ``frame`` (made for it by the group): its output.
Job = Callable[[int, Frame], JsonValue]

# One pool for every execution of the process: starting a thread per helper cost more than a
# Pass state. The calling thread always works on its own jobs too, so nested Parallel/Map states
# cannot deadlock on a busy pool.
_POOL_SIZE = 256
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=_POOL_SIZE, thread_name_prefix="asl-branch")
        return _pool


@dataclass
class JobResults:
    """What the jobs of a group came to, by job index.

    ``values`` holds the output of every job that succeeded (None elsewhere); ``failed`` maps
    every other job to its error, or to None when it was cancelled or never started. Only
    failures take an entry of their own: the jobs of a Map mostly succeed, and there may be
    thousands of them.
    """

    values: list[JsonValue]
    failed: dict[int, StatesError | None]

    def __len__(self) -> int:
        return len(self.values)

    @property
    def all_ok(self) -> bool:
        return not self.failed

    def ok(self, index: int) -> bool:
        return index not in self.failed

    def errors(self) -> list[StatesError]:
        """The errors of the jobs that failed (not those cancelled), in job order."""
        return [e for _, e in sorted(self.failed.items()) if e is not None]

    def first_error(self) -> StatesError | None:
        """The error of the first job (in job order) that failed rather than was cancelled."""
        errors = self.errors()
        return errors[0] if errors else None


class _JobGroup:
    """The jobs of one Parallel or Map state, shared by the threads that work on them."""

    def __init__(
        self,
        parent: Frame,
        count: int,
        job: Job,
        max_helpers: int,
        make_frame: Callable[[Frame], Frame],
        tolerate: Callable[[int], bool] | None,
    ) -> None:
        self.parent = parent
        self.count = count
        self.job = job
        self.make_frame = make_frame
        self.tolerate = tolerate
        self.values: list[JsonValue] = [None] * count
        self.failed: dict[int, StatesError | None] = {}
        self.cancel = parent.cancel.child()
        self.frame = Frame(
            parent.runtime,
            parent.timeline,
            parent.scope,
            self.cancel,
            parent.last_event,
            parent.record,
        )
        # What the jobs that ended add up to: the latest time on their timelines and their
        # latest event, which the state's own events follow.
        self.ended = parent.timeline.fork()
        self.last_event = parent.last_event
        self.stopped: list[ExecutionStopped] = []
        self._lock = threading.Lock()
        self._next = 0
        self._finished = 0
        self._failures = 0
        self._max_helpers = max_helpers
        self._helpers: list[Future[None]] = []

    # -- what the stall watch sees

    def progress(self) -> int:
        return self._finished

    def add_helper(self) -> None:
        with self._lock:
            if len(self._helpers) >= self._max_helpers or not self._has_work():
                return
            self.parent.runtime.log.share()  # before a second thread can add events
            self._helpers.append(_executor().submit(self.work))

    # -- working

    def _has_work(self) -> bool:
        return self._next < self.count and not self.cancel.cancelled

    def _take(self) -> int | None:
        with self._lock:
            if not self._has_work():
                return None
            self._next += 1
            return self._next - 1

    def work(self) -> None:
        """Run jobs until none is left to start (or the group was cancelled)."""
        while (i := self._take()) is not None:
            frame = self.make_frame(self.frame)
            try:
                self._run_one(i, frame)
            finally:
                self._end(frame)

    def _end(self, frame: Frame) -> None:
        """Fold the frame of a job that ended into what the group's jobs add up to."""
        with self._lock:
            self.ended.join((frame.timeline,))
            if frame.last_event > self.last_event:
                self.last_event = frame.last_event
            self._finished += 1  # read without the lock by the stall watch

    def wait_for_helpers(self) -> None:
        """Wait for the helpers that took jobs; once no job is left to start, no helper is
        added, and one that has not started yet is not needed (a busy pool cannot hold up the
        group)."""
        with self._lock:
            helpers = list(self._helpers)
        for future in helpers:
            if not future.cancel():
                future.result()

    def _run_one(self, i: int, frame: Frame) -> None:
        try:
            self.values[i] = self.job(i, frame)
            return
        except BranchCancelled:
            self.failed[i] = None
            return
        except ExecutionStopped as exc:
            self.stopped.append(exc)
            self.cancel.set()
            self.failed[i] = None
            return
        except StatesError as exc:
            error = exc
        except ExprEvaluationError as exc:  # pragma: no cover - states convert these
            error = StatesError(exc.error, exc.cause)
        except RecursionError:
            error = StatesError(RUNTIME, "the workflow nests too deeply")
        self.failed[i] = error
        with self._lock:
            self._failures += 1
            keep_going = self.tolerate is not None and self.tolerate(self._failures)
        if not keep_going:
            self.cancel.set()

    def results(self) -> JobResults:
        """The results of every job; those never started count as cancelled."""
        for i in range(self._next, self.count):
            self.failed[i] = None
        return JobResults(self.values, self.failed)


def run_jobs(
    parent: Frame,
    count: int,
    job: Job,
    *,
    max_concurrency: int,
    make_frame: Callable[[Frame], Frame],
    tolerate: Callable[[int], bool] | None = None,
) -> JobResults:
    """Run jobs ``0 .. count - 1``; ``tolerate(failures_so_far)`` says whether to keep going
    after a failure.

    Raises ExecutionStopped when the execution was stopped; otherwise returns the result of every
    job (jobs never started because of an earlier failure are reported as cancelled).
    """
    max_helpers = (count if max_concurrency <= 0 else min(count, max_concurrency)) - 1
    group = _JobGroup(parent, count, job, max_helpers, make_frame, tolerate)
    watch = stall_watch() if max_helpers > 0 else None
    if watch is not None:
        watch.watch(group)
    try:
        group.work()
    finally:
        if watch is not None:
            watch.unwatch(group)
    group.wait_for_helpers()
    parent.timeline.join((group.ended,))
    if parent.record:
        parent.last_event = max(parent.last_event, group.last_event)
    if group.stopped:
        raise group.stopped[0]
    parent.check()
    return group.results()
