"""Time as an execution sees it: real, or virtual (waits and back-offs take no time).

Each branch of work (the main flow, a Parallel branch, a Map iteration) holds its own
:class:`Timeline`. A virtual timeline moves forward by the seconds it "sleeps", on top of real
elapsed time, so history timestamps look as if the waits really happened; a Parallel state's
timeline jumps to the latest of its branches when they join, as wall time would.

A timeline reads as a *tick*, whole microseconds since the Unix epoch, as well as a ``datetime``:
the history records every event's tick and makes the ``datetime`` only when someone reads the
event (:func:`tick_time`), because reading the clock is done twice per state and building a
``datetime`` cost more than the rest of a Pass state's visit. Both spell the same instant:
``datetime`` itself has microsecond resolution.

Both timelines read real time shifted by a whole number of microseconds (:attr:`Timeline.shift`,
zero for real time), which changes only when the timeline sleeps or joins. A walk through states
that have no work to do (``interpreter.walk_direct``) reads ``time_ns()`` once per state and
records the reads with the shift: the history makes each tick from them on read.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

# Re-exported: a walk through handler-free states reads it itself (``interpreter.walk_stretch``).
from time import time_ns as time_ns

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def tick_time(tick: int) -> datetime:
    """The UTC ``datetime`` of ``tick`` (microseconds since the Unix epoch)."""
    return _EPOCH + timedelta(microseconds=tick)


def time_tick(moment: datetime) -> int:
    """The tick of an aware ``datetime`` (the inverse of :func:`tick_time`)."""
    return (moment - _EPOCH) // _MICROSECOND


class Timeline(ABC):
    """The clock of one branch of an execution."""

    @abstractmethod
    def tick(self) -> int:
        """Now on this timeline, in microseconds since the Unix epoch."""

    def now(self) -> datetime:
        return tick_time(self.tick())

    @property
    def shift(self) -> int:
        """Microseconds this timeline runs ahead of real time: until it next sleeps or joins,
        ``tick()`` is ``time_ns() // 1000 + shift``."""
        return 0

    @abstractmethod
    def sleep(self, seconds: float, cancel: threading.Event) -> bool:
        """Wait ``seconds``; return False when ``cancel`` was set first."""

    @abstractmethod
    def fork(self) -> Timeline: ...

    def join(self, children: Iterable[Timeline]) -> None:  # noqa: B027 - real time needs nothing
        """Continue after ``children`` ended (virtual time takes the latest of them)."""

    @property
    def virtual(self) -> bool:
        return False


class RealTimeline(Timeline):
    def tick(self) -> int:
        return time_ns() // 1000

    def sleep(self, seconds: float, cancel: threading.Event) -> bool:
        if seconds <= 0:
            return not cancel.is_set()
        return not cancel.wait(seconds)

    def fork(self) -> Timeline:
        return self


class VirtualTimeline(Timeline):
    """Real time shifted by the seconds slept; the shift is kept in whole microseconds (as a
    ``timedelta`` rounds it) because ``tick()`` runs for every history event and sleeps are
    rare."""

    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset

    @property
    def offset(self) -> float:
        return self._offset

    @offset.setter
    def offset(self, seconds: float) -> None:
        self._offset = seconds
        self._shift = timedelta(seconds=seconds) // _MICROSECOND

    def tick(self) -> int:
        return time_ns() // 1000 + self._shift

    @property
    def shift(self) -> int:
        return self._shift

    def sleep(self, seconds: float, cancel: threading.Event) -> bool:
        if cancel.is_set():
            return False
        self.offset = self._offset + max(0.0, seconds)
        return True

    def fork(self) -> Timeline:
        # Every Parallel branch and Map iteration forks: the shift is copied, not recomputed.
        branch = VirtualTimeline.__new__(VirtualTimeline)
        branch._offset, branch._shift = self._offset, self._shift
        return branch

    def join(self, children: Iterable[Timeline]) -> None:
        latest = self._offset
        for child in children:
            if isinstance(child, VirtualTimeline):
                latest = max(latest, child.offset)
        if latest != self._offset:
            self.offset = latest

    @property
    def virtual(self) -> bool:
        return True


def make_timeline(clock: str) -> Timeline:
    """``"real"`` or ``"virtual"``; anything else is a usage error."""
    if clock == "real":
        return RealTimeline()
    if clock == "virtual":
        return VirtualTimeline()
    raise ValueError(f"clock must be 'real' or 'virtual', not {clock!r}")
