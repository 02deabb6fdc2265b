"""The execution history: recorded as compact records, read as boto3's ``get_execution_history``
returns it.

A state's visit adds two events and most visits do little else, so adding one must cost next to
nothing: the log appends a tuple per event (:data:`Record`: type, tick, previous event id,
details) and makes the event dict, with its ``datetime`` timestamp and nested details, only when
someone reads the history (:attr:`EventLog.events`). A state's entered and exited events keep
just the state's name and its input or output JSON text; their details dicts are made on read.
A walk through states that have no work to do (Pass states that pass their input on or output
a constant, ``interpreter.walk_direct``) is recorded as one :class:`Walk`: the states (from
their plan), the clock read at each visit and the walk's input text, which are all the walk's
events need. An event is made once: the sinks and later readers share the same dict.

An event's id is its position in the list of records: a walk's record takes the position of
its first event and holds the positions of its other events with None.

A log starts private to the thread that runs the execution, and adds take no lock. Before a
second thread may add events (the first Parallel branch or Map iteration handed to a helper
thread), the runner calls :meth:`EventLog.share`; from then on, adds take a lock so that ids
follow the order of the list. Sinks (a store committing each event as it happens) see each event
once, in id order, when it is added: a log with sinks makes each event at once, under the lock
(and takes no walks: their events are added one by one).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from itertools import repeat
from typing import Any, Protocol, cast

from asl_lsp.engine.clock import tick_time
from asl_lsp.expr.errors import JsonValue
from asl_lsp.spec.limits import MAX_HISTORY_EVENTS
from asl_lsp.spec.states import STATE_TYPES

Event = dict[str, Any]
EventSink = Callable[[Event], None]

# One event as recorded: (type, tick, previous event id, details key, details, text). ``text`` is
# None when ``details`` is the details dict itself; for a state's entered or exited event,
# ``details`` is the state's name and ``text`` its input or output JSON.
Record = tuple[str, int, int, str | None, Any, str | None]

ENTERED_DETAILS = "stateEnteredEventDetails"
EXITED_DETAILS = "stateExitedEventDetails"

# One encoder for the process: ``json.dumps`` with non-default options builds a new encoder per
# call, which cost more than encoding the small payloads most states pass on.
_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def compact(value: JsonValue) -> str:
    """JSON as Step Functions writes it into history: no blanks, non-ASCII kept."""
    return _encode(value)


_decode = json.JSONDecoder().raw_decode


def from_compact(text: str) -> JsonValue:
    """A new copy of the value whose :func:`compact` JSON is ``text`` (what a handler gets, so
    that it cannot change the engine's values). Such a text holds one value and no blanks, so
    the decoder is not asked to skip any around it."""
    return _decode(text)[0]


def data_details(value: JsonValue) -> dict[str, bool]:
    return {"truncated": False}


class HistoryFull(Exception):
    """The history holds :data:`MAX_HISTORY_EVENTS` events: only Execution* events may follow."""


def make_event(event_id: int, record: Record) -> Event:
    """The event ``record`` stands for, shaped as the history API returns it."""
    type_, tick, previous, key, details, text = record
    event: Event = {
        "timestamp": tick_time(tick),
        "type": type_,
        "id": event_id,
        "previousEventId": previous,
    }
    if key is not None:
        if text is not None:
            details = _state_details(key, details, text)
        event[key] = details if details is not None else {}
    return event


class VisitedState(Protocol):
    """What the events of a walked state need from its plan (``plan.StatePlan``)."""

    @property
    def name(self) -> str: ...
    @property
    def entered(self) -> str: ...
    @property
    def exited(self) -> str: ...
    @property
    def constant_text(self) -> str | None: ...


class Walk:
    """The record of a walk: ``states[start:start + len(reads)]`` visited in a row, each with
    nothing between its entered and exited events, the first one entered after event
    ``previous``. ``reads`` holds ``time_ns()`` at each visit, and the timeline ran ``shift``
    microseconds ahead of real time (``clock.Timeline.shift``): a visit's two events happened at
    tick ``read // 1000 + shift``. The first state's input is ``input_text``; each state outputs
    its constant (``constant_text``) or else its input, which is the next state's input."""

    __slots__ = ("input_text", "previous", "reads", "shift", "start", "states")

    def __init__(
        self,
        states: Sequence[VisitedState],
        start: int,
        reads: list[int],
        shift: int,
        previous: int,
        input_text: str,
    ) -> None:
        self.states = states
        self.start = start
        self.reads = reads
        self.shift = shift
        self.previous = previous
        self.input_text = input_text

    def visits(self) -> list[tuple[VisitedState, int, str, str]]:
        """Each visit: the state, its tick, its input text and its output text."""
        states, start, shift = self.states, self.start, self.shift
        text = self.input_text
        visits = []
        for index, read in enumerate(self.reads):
            state = states[start + index]
            output = state.constant_text
            if output is None:
                output = text
            visits.append((state, read // 1000 + shift, text, output))
            text = output
        return visits

    def events(self, first_id: int) -> list[Event]:
        """The walk's events, the first one numbered ``first_id``."""
        events: list[Event] = []
        previous, event_id = self.previous, first_id
        for state, tick, input_text, output_text in self.visits():
            timestamp = tick_time(tick)
            name = state.name
            events.append(
                {
                    "timestamp": timestamp,
                    "type": state.entered,
                    "id": event_id,
                    "previousEventId": previous,
                    ENTERED_DETAILS: {
                        "name": name,
                        "input": input_text,
                        "inputDetails": {"truncated": False},
                    },
                }
            )
            events.append(
                {
                    "timestamp": timestamp,
                    "type": state.exited,
                    "id": event_id + 1,
                    "previousEventId": event_id,
                    EXITED_DETAILS: {
                        "name": name,
                        "output": output_text,
                        "outputDetails": {"truncated": False},
                    },
                }
            )
            previous, event_id = event_id + 1, event_id + 2
        return events


def _state_details(key: str, name: str, text: str) -> dict[str, Any]:
    if key == ENTERED_DETAILS:
        return {"name": name, "input": text, "inputDetails": {"truncated": False}}
    return {"name": name, "output": text, "outputDetails": {"truncated": False}}


class EventLog:
    """An execution's events; ``sink`` sees each event once, in id order."""

    def __init__(self, sink: EventSink | None = None) -> None:
        # A Record per event, or a Walk at the position of its first event and None at those of
        # its other events.
        self._records: list[Record | Walk | None] = []
        self._events: list[Event] = []  # the records made into events so far, in id order
        self._sinks: list[EventSink] = []
        self._lock: threading.Lock | None = None
        if sink is not None:
            self.add_sink(sink)

    def add_sink(self, sink: EventSink) -> None:
        self.share()  # a sink is called under the lock, so that it sees events in id order
        self._sinks.append(sink)

    def share(self) -> None:
        """Let other threads add events from now on (call it before they start)."""
        if self._lock is None:
            self._lock = threading.Lock()

    def add(
        self,
        type_: str,
        tick: int,
        previous: int,
        key: str | None = None,
        details: Any = None,
        text: str | None = None,
    ) -> int:
        """Record an event; return its id. HistoryFull when the history is at AWS's limit."""
        if self._lock is not None:
            return self._add_shared((type_, tick, previous, key, details, text))
        records = self._records
        if len(records) >= MAX_HISTORY_EVENTS and not type_.startswith("Execution"):
            raise HistoryFull()
        records.append((type_, tick, previous, key, details, text))
        return len(records)

    def add_visit(
        self,
        entered: str,
        exited: str,
        tick: int,
        previous: int,
        name: str,
        input_text: str,
        output_text: str,
    ) -> int:
        """Record a state's entered and exited events at once (a state with no work between
        them); return the exited event's id, or 0 when the caller must add them one by one with
        :meth:`add` (the log is shared, or the history has no room for both)."""
        records = self._records
        if self._lock is not None or len(records) + 2 > MAX_HISTORY_EVENTS:
            return 0
        records.append((entered, tick, previous, ENTERED_DETAILS, name, input_text))
        records.append((exited, tick, len(records), EXITED_DETAILS, name, output_text))
        return len(records)

    def walk_room(self) -> int:
        """How many states a walk may record (:meth:`add_walk`): none once the log is shared."""
        if self._lock is not None:
            return 0
        return (MAX_HISTORY_EVENTS - len(self._records)) // 2

    def add_walk(self, walk: Walk) -> int:
        """Record the events of ``walk`` (at most :meth:`walk_room` states); return the last
        one's id, or 0 when the caller must add them one by one with :meth:`add` (the log was
        shared since the walk began)."""
        records = self._records
        count = 2 * len(walk.reads)
        if self._lock is not None or len(records) + count > MAX_HISTORY_EVENTS:
            return 0
        records.append(walk)
        records.extend(repeat(None, count - 1))
        return len(records)

    def _add_shared(self, record: Record) -> int:
        assert self._lock is not None
        with self._lock:
            records = self._records
            if len(records) >= MAX_HISTORY_EVENTS and not record[0].startswith("Execution"):
                raise HistoryFull()
            records.append(record)
            event_id = len(records)
            if self._sinks:
                event = self._made()[-1]
                for sink in self._sinks:
                    sink(event)
            return event_id

    @property
    def events(self) -> list[Event]:
        """Every event so far, in id order (made from their records on first read)."""
        if self._lock is None:
            return self._made()
        with self._lock:
            return self._made()

    def _made(self) -> list[Event]:
        events, records = self._events, self._records
        index = len(events)
        while index < len(records):
            record = records[index]
            if isinstance(record, Walk):
                events.extend(record.events(index + 1))
            else:  # a position a walk holds is passed over with the walk's events
                events.append(make_event(index + 1, cast(Record, record)))
            index = len(events)
        return events

    @property
    def last_id(self) -> int:
        return len(self._records)


# Event type names by state type: (entered, exited), as the history API spells them.
STATE_EVENTS: dict[str, tuple[str, str]] = {
    t: (f"{t}StateEntered", f"{t}StateExited") for t in STATE_TYPES
}
