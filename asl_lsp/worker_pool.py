"""Run one function over many inputs in forked worker processes, with the results in input order.

``asl lint`` shares a folder's files this way, and ``asl test`` takes its worker count from here.
A forked worker starts with everything the parent has already loaded (the package, the lint
rules, the schema validators, prepared inputs), so a worker costs a fork of a few milliseconds
instead of a second interpreter start-up of a tenth of a second. Only ``os`` and ``pickle`` are
imported: ``asl lint`` loads this module only when it forks.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def default_workers() -> int:
    """The CPUs this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether this platform has ``fork`` (Windows has not)."""
    return hasattr(os, "fork")


def balanced_shares(weights: Sequence[int], count: int) -> list[list[int]]:
    """The indices of ``weights`` in ``count`` shares of about equal total weight, each in
    ascending order: the heaviest item goes to the lightest share first."""
    shares: list[list[int]] = [[] for _ in range(count)]
    totals = [0] * count
    for index in sorted(range(len(weights)), key=weights.__getitem__, reverse=True):
        lightest = totals.index(min(totals))
        shares[lightest].append(index)
        totals[lightest] += weights[index]
    for share in shares:
        share.sort()
    return shares


def map_in_shares(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    weights: Sequence[int],
    workers: int,
) -> list[Result]:
    """``[function(item) for item in items]``, worked out by ``workers`` processes: this one
    and ``workers - 1`` forked children, each taking a share of about equal weight; for work
    whose cost is known up front (a file's size), where a pool's hand-outs and helper threads
    would cost more than they balance.

    A child sends its results back through a pipe, pickled, when its share is done: the pipe is
    made here and only the forked child writes to it, so what is unpickled comes from this
    program and nothing else. When a child dies, its share is worked out here. Call it only
    where :func:`can_fork` and while this process runs one thread.
    """
    shares = balanced_shares(weights, workers)
    children: list[tuple[int, int, list[int]]] = []
    results: dict[int, Result] = {}
    try:
        for share in shares[1:]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_end)
                _work_share(function, items, share, write_end)
            os.close(write_end)
            children.append((pid, read_end, share))
        for index in shares[0]:
            results[index] = function(items[index])
        while children:
            pid, read_end, share = children.pop(0)
            received = _receive(pid, read_end)
            if received is None or len(received) != len(share):
                received = [function(items[index]) for index in share]
            results.update(zip(share, received, strict=True))
    finally:
        for pid, read_end, _ in children:  # only after an error: let no child linger
            os.close(read_end)
            os.waitpid(pid, 0)
    return [results[index] for index in range(len(items))]


def _work_share(
    function: Callable[[Item], Result], items: Sequence[Item], share: list[int], write_end: int
) -> NoReturn:
    """A child's whole life: work out its share, send it, and leave at once (``os._exit``), so
    nothing of the parent's (buffered output, exit handlers) runs twice."""
    status = 1
    try:
        payload = pickle.dumps([function(items[index]) for index in share], pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        status = 0
    finally:
        os._exit(status)


def _receive(pid: int, read_end: int) -> list[Any] | None:
    """What the child ``pid`` sent, or None when it did not finish its share."""
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return None
    try:
        received = pickle.loads(payload)
    except Exception:  # a torn payload: the child was killed while writing
        return None
    return received if isinstance(received, list) else None
