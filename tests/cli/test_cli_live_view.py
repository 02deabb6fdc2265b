"""``asl run --watch``: a live status line on a terminal (through a real pty), plain lines when
piped. The definition retries a flaky Lambda handler, fans out over a Map and a Parallel."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from asl_lsp.liveview import ExecutionView, parallel_end_states
from tests.terminal import run_on_terminal

DEFINITION = {
    "StartAt": "Fetch",
    "States": {
        "Fetch": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "flaky"},
            "ResultSelector": {"items.$": "$.Payload.items"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3, "IntervalSeconds": 1}],
            "Next": "Fan out",
        },
        "Fan out": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemProcessor": {
                "StartAt": "Pause",
                "States": {"Pause": {"Type": "Wait", "Seconds": 1, "End": True}},
            },
            "Next": "Both",
        },
        "Both": {
            "Type": "Parallel",
            "Branches": [
                {
                    "StartAt": "Left",
                    "States": {"Left": {"Type": "Wait", "Seconds": 1, "End": True}},
                },
                {"StartAt": "Right", "States": {"Right": {"Type": "Pass", "End": True}}},
            ],
            "End": True,
        },
    },
}
HANDLERS = """
calls = {"n": 0}

def flaky(event, context):
    calls["n"] += 1
    if calls["n"] < 3:
        raise RuntimeError("not yet")
    return {"items": [1, 2, 3]}

FUNCTIONS = {"flaky": flaky}
"""


def _command(tmp_path: Path) -> list[str]:
    (tmp_path / "flow.asl.json").write_text(json.dumps(DEFINITION))
    (tmp_path / "handlers.py").write_text(HANDLERS)
    return [
        sys.executable,
        "-m",
        "asl_lsp",
        "run",
        str(tmp_path / "flow.asl.json"),
        "--functions",
        f"{tmp_path / 'handlers.py'}:FUNCTIONS",
        "--watch",
    ]


def test_plain_lines_when_not_a_terminal(tmp_path: Path) -> None:
    result = subprocess.run(
        _command(tmp_path), capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        "→ Fetch",
        "↻ Fetch: retry 1 after RuntimeError",
        "↻ Fetch: retry 2 after RuntimeError",
    ]
    assert lines.count("→ Pause") == 3 and "→ Both" in lines and "→ Left" in lines
    assert "\x1b" not in result.stderr


def test_live_status_line_on_a_terminal(tmp_path: Path) -> None:
    code, screen = run_on_terminal(_command(tmp_path), "stderr", cwd=tmp_path)
    assert code == 0
    frames = [frame for frame in screen.split("\r\x1b[K") if frame]
    # Retries stay on screen as lines (the pty turns \n into \r\n); the status line is redrawn
    # in place.
    assert "↻ Fetch: retry 1 after RuntimeError\r\n" in frames
    assert "↻ Fetch: retry 2 after RuntimeError\r\n" in frames
    assert any(f.startswith("Fetch · ") for f in frames), frames[:5]
    assert any(f.startswith("Pause · ") and "Map Fan out " in f and "/3" in f for f in frames)
    assert any("Parallel Both " in f and "/2" in f for f in frames)
    assert any("retries: Fetch x2" in f for f in frames)
    # The clock ticks between events: a Wait shows more than one elapsed time.
    pause_times = {f.split(" · ")[1] for f in frames if f.startswith("Pause · ")}
    assert len(pause_times) > 1, pause_times
    # The status line is cleared at the end; only the stored execution's ARN follows it.
    after_last_clear = screen.rsplit("\r\x1b[K", 1)[1]
    assert after_last_clear.startswith("asl run: execution arn:aws:states:"), screen[-200:]
    assert after_last_clear.endswith(" (stored)\r\n")
    assert after_last_clear.count("\n") == 1


def test_view_counts_map_and_parallel_progress() -> None:
    view = ExecutionView(parallel_end_states(DEFINITION))
    assert view.parallel_ends == {"Both": frozenset({"Left", "Right"})}
    events = [
        {"type": "MapStateEntered", "stateEnteredEventDetails": {"name": "Fan out"}},
        {"type": "MapStateStarted", "mapStateStartedEventDetails": {"length": 3}},
        {"type": "MapIterationStarted", "mapIterationStartedEventDetails": {"name": "Fan out"}},
        {"type": "MapIterationSucceeded", "mapIterationSucceededEventDetails": {"name": "Fan out"}},
    ]
    for event in events:
        view.feed(event)
    assert view.status(1.25) == "Fan out · 1.2 s · Map Fan out 1/3"
    view.feed({"type": "MapStateExited", "stateExitedEventDetails": {"name": "Fan out"}})
    view.feed({"type": "ParallelStateEntered", "stateEnteredEventDetails": {"name": "Both"}})
    view.feed({"type": "PassStateEntered", "stateEnteredEventDetails": {"name": "Right"}})
    view.feed({"type": "PassStateExited", "stateExitedEventDetails": {"name": "Right"}})
    assert view.status(2.0) == "Right · 2.0 s · Parallel Both 1/2"
