"""The execution history, shaped exactly as boto3's ``get_execution_history`` returns it.

Events are appended under a lock (Parallel branches and Map iterations emit from several
threads), numbered from 1, and handed to an optional sink as they happen so a store can commit
each one before the execution goes on.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from asl_lsp.expr.errors import JsonValue
from asl_lsp.spec.states import STATE_TYPES

Event = dict[str, Any]
EventSink = Callable[[Event], None]


# One encoder for the process: ``json.dumps`` with non-default options builds a new encoder per
# call, which cost more than encoding the small payloads most states pass on.
_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def compact(value: JsonValue) -> str:
    """JSON as Step Functions writes it into history: no blanks, non-ASCII kept."""
    return _encode(value)


def data_details(value: JsonValue) -> dict[str, bool]:
    return {"truncated": False}


class EventLog:
    """An execution's events; thread-safe; ``sink`` sees each event once, in id order."""

    def __init__(self, sink: EventSink | None = None) -> None:
        self._lock = threading.Lock()
        self.events: list[Event] = []
        self._sinks: list[EventSink] = [sink] if sink else []

    def add_sink(self, sink: EventSink) -> None:
        self._sinks.append(sink)

    def add(
        self,
        type_: str,
        timestamp: datetime,
        previous: int,
        details_key: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> int:
        with self._lock:
            event_id = len(self.events) + 1
            event: Event = {
                "timestamp": timestamp,
                "type": type_,
                "id": event_id,
                "previousEventId": previous,
            }
            if details_key is not None:
                event[details_key] = details if details is not None else {}
            self.events.append(event)
            for sink in self._sinks:
                sink(event)
            return event_id

    @property
    def last_id(self) -> int:
        return len(self.events)


# Event type names by state type: (entered, exited), as the history API spells them.
STATE_EVENTS: dict[str, tuple[str, str]] = {
    t: (f"{t}StateEntered", f"{t}StateExited") for t in STATE_TYPES
}
