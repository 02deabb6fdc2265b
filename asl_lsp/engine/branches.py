"""Run several sub-workflows at once (Parallel branches, Map iterations).

Each job gets a child frame: its own timeline, variable scope, cancellation and event chain.
The first failure cancels the siblings unless the caller tolerates failures (Distributed Map).
Results come back in job order whatever order the threads finish in.

The thread that reached the state works through the jobs itself. Helper threads join only when
the jobs stall (:mod:`asl_lsp.engine.stall_watch`): jobs that compute run back to back on one
thread, with no hand-offs of the interpreter lock, while jobs that block (a slow handler, a
real-time Wait, a task token) still run together, up to the concurrency limit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from asl_lsp.engine.errors import RUNTIME, ExecutionStopped, StatesError
from asl_lsp.engine.runtime import BranchCancelled, Frame
from asl_lsp.engine.stall_watch import stall_watch
from asl_lsp.expr.errors import ExprEvaluationError, JsonValue

Job = Callable[[Frame], JsonValue]

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
class JobResult:
    ok: bool
    value: JsonValue = None
    error: StatesError | None = None


class _JobGroup:
    """The jobs of one Parallel or Map state, shared by the threads that work on them."""

    def __init__(
        self,
        parent: Frame,
        jobs: Sequence[Job],
        max_helpers: int,
        make_frame: Callable[[Frame], Frame],
        tolerate: Callable[[int], bool] | None,
    ) -> None:
        self.parent = parent
        self.jobs = jobs
        self.make_frame = make_frame
        self.tolerate = tolerate
        n = len(jobs)
        self.results: list[JobResult | None] = [None] * n
        self.frames: list[Frame | None] = [None] * n
        self.cancel = parent.cancel.child()
        self.frame = Frame(
            parent.runtime,
            parent.timeline,
            parent.scope,
            self.cancel,
            parent.last_event,
            parent.record,
        )
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
        return self._next < len(self.jobs) and not self.cancel.cancelled

    def _take(self) -> int | None:
        with self._lock:
            if not self._has_work():
                return None
            self._next += 1
            return self._next - 1

    def work(self) -> None:
        """Run jobs until none is left to start (or the group was cancelled)."""
        while (i := self._take()) is not None:
            self._run_one(i)
            self._finished += 1  # read without the lock by the stall watch: any change will do

    def wait_for_helpers(self) -> None:
        """Wait for the helpers that took jobs; once no job is left to start, no helper is
        added, and one that has not started yet is not needed (a busy pool cannot hold up the
        group)."""
        with self._lock:
            helpers = list(self._helpers)
        for future in helpers:
            if not future.cancel():
                future.result()

    def _run_one(self, i: int) -> None:
        frame = self.make_frame(self.frame)
        self.frames[i] = frame
        try:
            self.results[i] = JobResult(True, self.jobs[i](frame))
            return
        except BranchCancelled:
            self.results[i] = JobResult(False, error=None)
            return
        except ExecutionStopped as exc:
            self.stopped.append(exc)
            self.cancel.set()
            self.results[i] = JobResult(False)
            return
        except StatesError as exc:
            error = exc
        except ExprEvaluationError as exc:  # pragma: no cover - states convert these
            error = StatesError(exc.error, exc.cause)
        except RecursionError:
            error = StatesError(RUNTIME, "the workflow nests too deeply")
        self.results[i] = JobResult(False, error=error)
        with self._lock:
            self._failures += 1
            keep_going = self.tolerate is not None and self.tolerate(self._failures)
        if not keep_going:
            self.cancel.set()


def run_jobs(
    parent: Frame,
    jobs: Sequence[Job],
    *,
    max_concurrency: int,
    make_frame: Callable[[Frame], Frame],
    tolerate: Callable[[int], bool] | None = None,
) -> list[JobResult]:
    """Run ``jobs``; ``tolerate(failures_so_far)`` says whether to keep going after a failure.

    Raises ExecutionStopped when the execution was stopped; otherwise returns one JobResult per
    job (jobs never started because of an earlier failure are reported as cancelled errors).
    """
    n = len(jobs)
    max_helpers = (n if max_concurrency <= 0 else min(n, max_concurrency)) - 1
    group = _JobGroup(parent, jobs, max_helpers, make_frame, tolerate)
    watch = stall_watch() if max_helpers > 0 else None
    if watch is not None:
        watch.watch(group)
    try:
        group.work()
    finally:
        if watch is not None:
            watch.unwatch(group)
    group.wait_for_helpers()
    frames = [f for f in group.frames if f is not None]
    parent.timeline.join(f.timeline for f in frames)
    if parent.record:
        parent.last_event = max([parent.last_event, *(f.last_event for f in frames)])
    if group.stopped:
        raise group.stopped[0]
    parent.check()
    return [r if r is not None else JobResult(False) for r in group.results]


def first_error(results: Sequence[JobResult]) -> StatesError | None:
    for r in results:
        if not r.ok and r.error is not None:
            return r.error
    return None
