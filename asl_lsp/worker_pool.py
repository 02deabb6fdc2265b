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

    A child sends each result as soon as it has it, pickled, through a pipe of its own, and this
    process takes in what has come after each item of its own: pickling and unpickling overlap
    the work instead of following it (they took some 8 ms after the last file of a 400-file
    run). The pipe is made here and only the forked child writes to it, so what is unpickled
    comes from this program and nothing else. When a child dies, the items it took and did not
    send are worked out here. Call it only where :func:`can_fork` and while this process runs
    one thread.
    """
    order = sorted(range(len(items)), key=weights.__getitem__, reverse=True)
    size = -(-len(order) // MAX_TICKETS) or 1
    runs = [order[start : start + size] for start in range(0, len(order), size)]
    tickets_read, tickets_write = os.pipe()
    try:
        _write_all(tickets_write, b"".join(n.to_bytes(_TICKET, "little") for n in range(len(runs))))
    finally:
        os.close(tickets_write)  # the last ticket read, every reader sees the end of the pipe
    children: list[_Child] = []
    results: dict[int, Result] = {}
    try:
        for _ in range(workers - 1):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_end)
                for other in children:  # so that only this process reads their pipes
                    os.close(other.read_end)
                _work(function, items, runs, tickets_read, write_end)
            os.close(write_end)
            os.set_blocking(read_end, False)
            children.append(_Child(pid, read_end))
        for index in _taken(tickets_read, runs):
            results[index] = function(items[index])
            for child in children:
                child.take_in(results)
        while children:
            child = children.pop(0)
            os.set_blocking(child.read_end, True)
            child.take_in(results)  # all of it: a blocking read ends when the child has left
            child.close()
    finally:
        os.close(tickets_read)
        for child in children:  # only after an error: let no child linger
            child.close()
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
    """A child's whole life: work out the items of the tickets it takes, send each with its
    index (a frame: its length in 4 bytes, then the pickle), and leave at once (``os._exit``),
    so nothing of the parent's (buffered output, exit handlers) runs twice."""
    status = 1
    try:
        for index in _taken(tickets, runs):
            payload = pickle.dumps((index, function(items[index])), pickle.HIGHEST_PROTOCOL)
            _write_all(write_end, len(payload).to_bytes(_LENGTH, "little") + payload)
        status = 0
    finally:
        os._exit(status)


_LENGTH = 4
_CHUNK = 1 << 16


class _Child:
    """A forked worker as this process sees it: what it has sent so far, taken in frame by
    frame."""

    __slots__ = ("broken", "pending", "pid", "read_end")

    def __init__(self, pid: int, read_end: int) -> None:
        self.pid = pid
        self.read_end = read_end
        self.pending = bytearray()  # the start of a frame not whole yet
        self.broken = False  # a frame that did not unpickle: nothing more is taken from it

    def take_in(self, results: dict[int, Any]) -> None:
        """Add the results of every whole frame the child has sent, reading until the pipe is
        empty (without blocking) or at its end (blocking)."""
        while not self.broken:
            try:
                data = os.read(self.read_end, _CHUNK)
            except BlockingIOError:
                return
            if not data:
                return
            self.pending += data
            self._unpack(results)

    def _unpack(self, results: dict[int, Any]) -> None:
        pending = self.pending
        start = 0
        while len(pending) - start >= _LENGTH:
            end = start + _LENGTH + int.from_bytes(pending[start : start + _LENGTH], "little")
            if len(pending) < end:
                break
            try:
                index, result = pickle.loads(pending[start + _LENGTH : end])
            except Exception:  # not what a child sends: stop listening to it
                self.broken = True
                return
            results[index] = result
            start = end
        del pending[:start]

    def close(self) -> None:
        """Close the pipe and wait for the child (a child still writing gets a broken pipe)."""
        os.close(self.read_end)
        os.waitpid(self.pid, 0)
