"""The history as compact records: events made on read, in the shapes the history API returns,
with the sinks seeing the very same events, as they happen, in id order."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import Any

from asl_lsp.engine import run_definition
from asl_lsp.engine.clock import VirtualTimeline, tick_time, time_tick
from asl_lsp.engine.events import ENTERED_DETAILS, EXITED_DETAILS, EventLog
from asl_lsp.spec.limits import MAX_HISTORY_EVENTS


def _chain(n: int) -> dict[str, Any]:
    states: dict[str, Any] = {f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(n)}
    states[f"S{n - 1}"] = {"Type": "Pass", "Result": {"done": True}, "End": True}
    return {"StartAt": "S0", "States": states}


def test_ticks_are_microseconds_since_the_epoch() -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc)
    assert tick_time(time_tick(moment)) == moment
    assert tick_time(0) == datetime(1970, 1, 1, tzinfo=timezone.utc)


def test_a_virtual_timeline_reads_real_time_shifted_by_its_sleeps() -> None:
    timeline = VirtualTimeline()
    before = datetime.now(timezone.utc)
    timeline.sleep(90.5, threading.Event())
    shifted = timeline.now()
    after = datetime.now(timezone.utc)
    assert before + timedelta(seconds=90.5) <= shifted <= after + timedelta(seconds=90.5)
    assert tick_time(timeline.tick()) >= shifted


def test_events_are_made_on_read_in_the_history_api_shapes() -> None:
    log = EventLog()
    tick = time_tick(datetime(2026, 5, 6, tzinfo=timezone.utc))
    first = log.add("ExecutionStarted", tick, 0, "executionStartedEventDetails", {"input": "{}"})
    entered = log.add("PassStateEntered", tick, first, ENTERED_DETAILS, "A", '{"x":1}')
    exited = log.add_visit("PassStateEntered", "PassStateExited", tick + 1, entered, "B", "1", "2")
    assert (first, entered, exited) == (1, 2, 4)
    events = log.events
    assert events[0] == {
        "timestamp": datetime(2026, 5, 6, tzinfo=timezone.utc),
        "type": "ExecutionStarted",
        "id": 1,
        "previousEventId": 0,
        "executionStartedEventDetails": {"input": "{}"},
    }
    assert events[1][ENTERED_DETAILS] == {
        "name": "A",
        "input": '{"x":1}',
        "inputDetails": {"truncated": False},
    }
    assert [e["previousEventId"] for e in events] == [0, 1, 2, 3]
    assert [e["type"] for e in events[2:]] == ["PassStateEntered", "PassStateExited"]
    assert events[2][ENTERED_DETAILS]["input"] == "1"
    assert events[3]["timestamp"] == events[2]["timestamp"] > events[1]["timestamp"]
    assert events[3][EXITED_DETAILS] == {
        "name": "B",
        "output": "2",
        "outputDetails": {"truncated": False},
    }
    assert log.events is events and log.last_id == 4


def test_a_sink_sees_the_same_events_once_in_id_order() -> None:
    seen: list[dict[str, Any]] = []
    result = run_definition(_chain(30), {"a": 1}, on_event=seen.append)
    assert result.succeeded and result.output == {"done": True}
    assert [e["id"] for e in seen] == list(range(1, 63))
    assert all(a is b for a, b in zip(seen, result.events, strict=True))


def test_a_run_records_what_the_events_said_before() -> None:
    result = run_definition(_chain(3), {"a": "é"})
    types = [e["type"] for e in result.events]
    assert types == ["ExecutionStarted"] + ["PassStateEntered", "PassStateExited"] * 3 + [
        "ExecutionSucceeded"
    ]
    assert all(isinstance(e["timestamp"], datetime) for e in result.events)
    stamps = [e["timestamp"] for e in result.events]
    assert stamps == sorted(stamps)
    assert result.events[1]["stateEnteredEventDetails"]["input"] == '{"a":"é"}'
    assert result.events[-2]["stateExitedEventDetails"]["output"] == '{"done":true}'


def test_the_history_limit_cuts_a_visit_between_its_two_events() -> None:
    loop = {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}},
    }
    result = run_definition(loop)
    assert result.status == "FAILED" and len(result.events) == MAX_HISTORY_EVENTS + 1
    last_state, failed = result.events[-2], result.events[-1]
    assert last_state["type"] == "PassStateEntered" and last_state["id"] == MAX_HISTORY_EVENTS
    assert failed["type"] == "ExecutionFailed"
    assert failed["previousEventId"] == MAX_HISTORY_EVENTS


def test_a_shared_log_numbers_events_from_several_threads_in_list_order() -> None:
    log = EventLog()
    log.share()
    ids: list[int] = []
    lock = threading.Lock()

    def add() -> None:
        for _ in range(500):
            event_id = log.add("PassStateEntered", 0, 0, ENTERED_DETAILS, "A", "{}")
            with lock:
                ids.append(event_id)

    threads = [threading.Thread(target=add) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(ids) == list(range(1, 2001))
    assert [e["id"] for e in log.events] == list(range(1, 2001))
