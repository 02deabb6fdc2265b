"""One thread for the process that gives a group of jobs a helper thread when its workers stall.

Parallel branches and Map iterations start on the thread that reached the state, and most of
them only compute. Python runs one thread at a time, so helper threads for such jobs would only
take turns with it, and every turn is a hand-off of the interpreter lock during which nobody
computes: the time of an execution then exceeds the CPU time it used. A job that blocks instead
(a handler waiting on I/O, a real-time Wait, a task token) must not hold up its siblings. So a
group of jobs is watched rather than given helpers up front: every :data:`WATCH_INTERVAL` the
watch looks at each group, and a group that has finished no job for a whole interval, while the
process was mostly idle, is asked to start one more helper: its workers are blocked. (While the
process keeps the CPU busy, a helper would only take turns with the threads that do; a group
whose jobs are long, but compute, keeps its threads.) A group that finished no job for
:data:`PATIENCE` gets a helper even while the process is busy, as its workers may be blocked while
other threads of the process compute.

The watch thread starts on first use and sleeps on a condition while no group is watched.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

# Seconds a group may go without finishing a job before it gets another helper. A job that
# blocks holds up its siblings for about this long; a watched group costs one look (a hand-off
# of the interpreter lock) per interval.
WATCH_INTERVAL = 0.005
# The share of an interval the process may spend on the CPU and still count as idle.
IDLE_SHARE = 0.5
# Seconds after which a group that finished no job gets a helper however busy the process is.
PATIENCE = 0.1


class Watched(Protocol):
    """A group of jobs as the watch sees it."""

    def progress(self) -> int:
        """A count that grows whenever the group gets on (jobs finished)."""

    def add_helper(self) -> None:
        """Start one more thread on the group's jobs, if it has jobs left and room for one."""


class StallWatch:
    """Looks at the watched groups every ``interval`` seconds; helps the stalled ones."""

    def __init__(self, interval: float = WATCH_INTERVAL, patience: float = PATIENCE) -> None:
        self._interval = interval
        self._patience = patience
        self._cond = threading.Condition(threading.Lock())
        # Each watched group: its progress at the last look and when that progress was made.
        self._seen: dict[Watched, tuple[int, float]] = {}
        self._thread: threading.Thread | None = None

    def watch(self, group: Watched) -> None:
        with self._cond:
            idle = not self._seen
            self._seen[group] = (group.progress(), time.monotonic())
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="asl-stall-watch", daemon=True
                )
                self._thread.start()
            elif idle:
                self._cond.notify()

    def unwatch(self, group: Watched) -> None:
        with self._cond:
            self._seen.pop(group, None)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._seen:
                    self._cond.wait()
            cpu, started = time.process_time(), time.monotonic()
            time.sleep(self._interval)
            busy = time.process_time() - cpu > IDLE_SHARE * (time.monotonic() - started)
            for group in self._stalled(busy):
                group.add_helper()

    def _stalled(self, busy: bool) -> list[Watched]:
        """The groups that made no progress for an interval while the process was not ``busy``
        computing, or for :data:`PATIENCE` (their clock restarts)."""
        now = time.monotonic()
        stalled: list[Watched] = []
        with self._cond:
            for group, (seen, since) in list(self._seen.items()):
                progress = group.progress()
                waited = now - since
                if progress != seen:
                    self._seen[group] = (progress, now)
                elif waited >= self._patience or (waited >= self._interval and not busy):
                    stalled.append(group)
                    self._seen[group] = (progress, now)
        return stalled


_watch: StallWatch | None = None
_watch_lock = threading.Lock()


def stall_watch() -> StallWatch:
    """The process's watch (started on first use, like the branch thread pool)."""
    global _watch
    with _watch_lock:
        if _watch is None:
            _watch = StallWatch()
        return _watch
