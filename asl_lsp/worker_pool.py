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
from collections.abc import Callable, Iterator, Sequence
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


# At most this many tickets, so that all of them fit in a pipe before any worker reads one (the
# smallest pipe buffer of Linux and macOS is 4 KB; a ticket is 2 bytes).
MAX_TICKETS = 1024
_TICKET = 2


def map_in_shares(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    weights: Sequence[int],
    workers: int,
) -> list[Result]:
    """``[function(item) for item in items]``, worked out by ``workers`` processes: this one
    and ``workers - 1`` forked children, each taking the next item until none is left; for work
    whose cost is known up front (a file's size).

    The items are dealt heaviest first, as tickets in a pipe that every process reads: a read of
    a ticket's two bytes takes them whole, so each item goes to exactly one process, and a
    process that runs slower (a costlier file, a busy CPU) simply takes fewer. All end within
    about one item of each other, where fixed shares were off by a few files (tens of ms),
    and the last items are the lightest. Beyond :data:`MAX_TICKETS` items, a ticket holds a run
    of them.

    A child sends its results back through a pipe, pickled, when no ticket is left: the pipe is
    made here and only the forked child writes to it, so what is unpickled comes from this
    program and nothing else. When a child dies, the items it took are worked out here. Call it
    only where :func:`can_fork` and while this process runs one thread.
    """
    order = sorted(range(len(items)), key=weights.__getitem__, reverse=True)
    size = -(-len(order) // MAX_TICKETS) or 1
    runs = [order[start : start + size] for start in range(0, len(order), size)]
    tickets_read, tickets_write = os.pipe()
    try:
        _write_all(tickets_write, b"".join(n.to_bytes(_TICKET, "little") for n in range(len(runs))))
    finally:
        os.close(tickets_write)  # the last ticket read, every reader sees the end of the pipe
    children: list[tuple[int, int]] = []
    results: dict[int, Result] = {}
    try:
        for _ in range(workers - 1):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_end)
                _work(function, items, runs, tickets_read, write_end)
            os.close(write_end)
            children.append((pid, read_end))
        for index in _taken(tickets_read, runs):
            results[index] = function(items[index])
        while children:
            pid, read_end = children.pop(0)
            received = _receive(pid, read_end)
            if received is not None:
                results.update(received)
    finally:
        os.close(tickets_read)
        for pid, read_end in children:  # only after an error: let no child linger
            os.close(read_end)
            os.waitpid(pid, 0)
    for index in range(len(items)):
        if index not in results:  # taken by a child that died
            results[index] = function(items[index])
    return [results[index] for index in range(len(items))]


def _write_all(descriptor: int, data: bytes) -> None:
    while data:
        data = data[os.write(descriptor, data) :]


def _taken(tickets: int, runs: list[list[int]]) -> Iterator[int]:
    """The items of each ticket this process reads, until none is left."""
    while True:
        ticket = os.read(tickets, _TICKET)
        if len(ticket) < _TICKET:  # b"": no ticket left (tickets are read whole)
            return
        yield from runs[int.from_bytes(ticket, "little")]


def _work(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    runs: list[list[int]],
    tickets: int,
    write_end: int,
) -> NoReturn:
    """A child's whole life: work out the items of the tickets it takes, send them with their
    indices, and leave at once (``os._exit``), so nothing of the parent's (buffered output,
    exit handlers) runs twice."""
    status = 1
    try:
        done = [(index, function(items[index])) for index in _taken(tickets, runs)]
        payload = pickle.dumps(done, pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        status = 0
    finally:
        os._exit(status)


def _receive(pid: int, read_end: int) -> list[tuple[int, Any]] | None:
    """What the child ``pid`` sent, or None when it did not finish its items."""
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
