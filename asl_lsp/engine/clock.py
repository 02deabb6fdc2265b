"""Time as an execution sees it: real, or virtual (waits and back-offs take no time).

Each branch of work (the main flow, a Parallel branch, a Map iteration) holds its own
:class:`Timeline`. A virtual timeline moves forward by the seconds it "sleeps", on top of real
elapsed time, so history timestamps look as if the waits really happened; a Parallel state's
timeline jumps to the latest of its branches when they join, as wall time would.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Timeline(ABC):
    """The clock of one branch of an execution."""

    @abstractmethod
    def now(self) -> datetime: ...

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
    def now(self) -> datetime:
        return utcnow()

    def sleep(self, seconds: float, cancel: threading.Event) -> bool:
        if seconds <= 0:
            return not cancel.is_set()
        return not cancel.wait(seconds)

    def fork(self) -> Timeline:
        return self


class VirtualTimeline(Timeline):
    """Real time shifted by the seconds slept; the shift is kept as a ``timedelta`` because
    ``now()`` runs for every history event and sleeps are rare."""

    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset

    @property
    def offset(self) -> float:
        return self._offset

    @offset.setter
    def offset(self, seconds: float) -> None:
        self._offset = seconds
        self._shift = timedelta(seconds=seconds)

    def now(self) -> datetime:
        if self._offset:
            return datetime.now(timezone.utc) + self._shift
        return datetime.now(timezone.utc)

    def sleep(self, seconds: float, cancel: threading.Event) -> bool:
        if cancel.is_set():
            return False
        self.offset = self._offset + max(0.0, seconds)
        return True

    def fork(self) -> Timeline:
        return VirtualTimeline(self._offset)

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
