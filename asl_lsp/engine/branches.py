"""Run several sub-workflows at once (Parallel branches, Map iterations) on threads.

Each job gets a child frame: its own timeline, variable scope, cancellation and event chain.
The first failure cancels the siblings unless the caller tolerates failures (Distributed Map).
Results come back in job order whatever order the threads finish in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from asl_lsp.engine.errors import RUNTIME, ExecutionStopped, StatesError
from asl_lsp.engine.runtime import BranchCancelled, Frame
from asl_lsp.expr.errors import ExprEvaluationError, JsonValue

Job = Callable[[Frame], JsonValue]

# One pool for every execution of the process: starting a thread per branch cost more than a
# Pass state. The calling thread always works on its own jobs too, and helpers that have not
# started when it runs out of jobs are cancelled, so nested Parallel/Map states cannot deadlock
# on a busy pool.
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
    results: list[JobResult | None] = [None] * n
    frames: list[Frame | None] = [None] * n
    group = parent.cancel.child()
    lock = threading.Lock()
    next_index = [0]
    failures = [0]
    stopped: list[ExecutionStopped] = []

    group_frame = Frame(
        parent.runtime, parent.timeline, parent.scope, group, parent.last_event, parent.record
    )

    def run_one(i: int) -> None:
        frame = make_frame(group_frame)
        frames[i] = frame
        try:
            results[i] = JobResult(True, jobs[i](frame))
            return
        except BranchCancelled:
            results[i] = JobResult(False, error=None)
            return
        except ExecutionStopped as exc:
            stopped.append(exc)
            group.set()
            results[i] = JobResult(False)
            return
        except StatesError as exc:
            error = exc
        except ExprEvaluationError as exc:  # pragma: no cover - states convert these
            error = StatesError(exc.error, exc.cause)
        except RecursionError:
            error = StatesError(RUNTIME, "the workflow nests too deeply")
        results[i] = JobResult(False, error=error)
        with lock:
            failures[0] += 1
            keep_going = tolerate is not None and tolerate(failures[0])
        if not keep_going:
            group.set()

    def worker() -> None:
        while True:
            with lock:
                i = next_index[0]
                if i >= n or group.cancelled:
                    return
                next_index[0] = i + 1
            run_one(i)

    helpers: list[Future[None]] = []
    limit = (n if max_concurrency <= 0 else min(n, max_concurrency)) - 1

    def recruit() -> None:
        # Helpers join one at a time, each asked for by the last one to start: jobs that only
        # compute (Pass states, quick handlers) are done by the calling thread before a helper
        # wakes, while jobs that block (a slow handler, a real-time Wait) let the next helper
        # start at once, so they still all run together.
        with lock:
            if len(helpers) < limit and next_index[0] < n and not group.cancelled:
                parent.runtime.log.share()  # before a second thread can add events
                helpers.append(_executor().submit(helper))

    def helper() -> None:
        recruit()
        worker()

    recruit()
    worker()
    done = 0
    while True:
        with lock:
            if done >= len(helpers):
                break
            future = helpers[done]
        done += 1
        # A helper that has not started is not needed any more; one that has is waited for
        # (it recruited its successor, if any, before taking a job).
        if not future.cancel():
            future.result()
    parent.timeline.join(f.timeline for f in frames if f is not None)
    parent.last_event = (
        max([parent.last_event, *(f.last_event for f in frames if f is not None)])
        if parent.record
        else parent.last_event
    )
    if stopped:
        raise stopped[0]
    parent.check()
    return [r if r is not None else JobResult(False) for r in results]


def first_error(results: Sequence[JobResult]) -> StatesError | None:
    for r in results:
        if not r.ok and r.error is not None:
            return r.error
    return None
