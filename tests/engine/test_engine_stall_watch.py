"""Helper threads for Parallel branches and Map iterations join only when the jobs stall."""

from __future__ import annotations

import threading
import time
from typing import Any

from asl_lsp.engine import run_definition
from asl_lsp.engine.observer import ExecutionObserver
from asl_lsp.engine.runtime import Frame
from asl_lsp.engine.stall_watch import StallWatch
from asl_lsp.engine.state_run import StateRun

TASK = "arn:aws:states:::example:task"


class _Group:
    """A group whose progress the test sets; counts the helpers it was given."""

    def __init__(self, moving: bool) -> None:
        self.moving = moving
        self.count = 0
        self.helped = threading.Event()

    def progress(self) -> int:
        if self.moving:
            self.count += 1
        return self.count

    def add_helper(self) -> None:
        self.helped.set()


def test_a_group_that_gets_on_is_not_helped_and_a_stalled_one_is() -> None:
    watch = StallWatch(interval=0.01)
    moving, stalled = _Group(moving=True), _Group(moving=False)
    watch.watch(moving)
    watch.watch(stalled)
    try:
        assert stalled.helped.wait(5)
        time.sleep(0.05)
        assert not moving.helped.is_set()
    finally:
        watch.unwatch(moving)
        watch.unwatch(stalled)


def test_an_unwatched_group_is_left_alone() -> None:
    watch = StallWatch(interval=0.01)
    group = _Group(moving=False)
    watch.watch(group)
    watch.unwatch(group)
    time.sleep(0.05)
    assert not group.helped.is_set()


class _Threads(ExecutionObserver):
    def __init__(self) -> None:
        self.idents: set[int] = set()

    def branch_started(self, run: StateRun, frame: Frame, index: int) -> None:
        self.idents.add(threading.get_ident())


def test_parallel_branches_that_block_run_together() -> None:
    """Four branches whose handler sleeps: the watch gives each its own thread."""

    def sleepy(value: Any) -> Any:
        time.sleep(0.4)
        return value

    branches = [
        {"StartAt": f"S{i}", "States": {f"S{i}": {"Type": "Task", "Resource": TASK, "End": True}}}
        for i in range(4)
    ]
    definition = {
        "StartAt": "P",
        "States": {"P": {"Type": "Parallel", "Branches": branches, "End": True}},
    }
    threads = _Threads()
    started = time.monotonic()
    result = run_definition(definition, {"v": 1}, tasks={TASK: sleepy}, observer=threads)
    assert result.succeeded and result.output == [{"v": 1}] * 4
    assert time.monotonic() - started < 1.2
    assert len(threads.idents) == 4


def test_a_stalled_group_is_helped_even_while_the_process_computes() -> None:
    """Its workers may be blocked while other threads of the process keep the CPU busy."""
    watch = StallWatch(interval=0.01, patience=0.1)
    group = _Group(moving=False)
    watch.watch(group)
    try:
        deadline = time.monotonic() + 5
        while not group.helped.is_set() and time.monotonic() < deadline:
            sum(range(1000))  # keeps this process busy
        assert group.helped.is_set()
    finally:
        watch.unwatch(group)
