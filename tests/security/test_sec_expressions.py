"""JSONata and intrinsic functions evaluate without touching the file system or the network.

An audit hook records every ``open``, socket, subprocess and import-of-a-new-module event while
hostile expressions run; none may happen.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from typing import Any

import pytest

from asl_lsp.expr.intrinsics import evaluate_intrinsic
from asl_lsp.expr.jsonata import evaluate_jsonata

WATCHED = (
    "open",
    "socket.",
    "subprocess.",
    "os.system",
    "os.exec",
    "os.spawn",
    "os.posix_spawn",
    "os.remove",
    "os.rename",
    "shutil.",
    "urllib.",
    "http.",
    "os.listdir",
    "os.scandir",
)
_events: list[tuple[str, Any]] = []
_recording = threading.local()


def _hook(event: str, args: Any) -> None:
    if getattr(_recording, "on", False) and event.startswith(WATCHED):
        _events.append((event, args))


sys.addaudithook(_hook)

JSONATA = [
    '$eval("1 + 1")',
    '$eval("$states.input")',
    '$readFile("/etc/passwd")',
    '$import("os")',
    '$httpGet("http://169.254.169.254/latest/meta-data/")',
    "$string($states.input)",
    '$parse("{\\"a\\": 1}")',
    '$hash("x", "SHA-256")',
    "$partition([1,2,3], 2)",
    "$uuid()",
    "$random()",
    '$lookup($states, "input")',
    "$states.context.Execution.Input",
]
INTRINSICS = [
    "States.StringToJson($.text)",
    "States.Format('{}', $.path)",
    "States.Base64Decode($.b64)",
    "States.Hash($.path, 'SHA-256')",
    "States.JsonMerge($.a, $.b, false)",
    "States.UUID()",
    "States.ArrayRange(1, 5, 1)",
]
DATA = {"text": '{"a": 1}', "path": "/etc/passwd", "b64": "L2V0Yy9wYXNzd2Q=", "a": {}, "b": {}}


def _recorded(run: Any) -> list[tuple[str, Any]]:
    _events.clear()
    _recording.on = True
    try:
        run()
    finally:
        _recording.on = False
    return list(_events)


@pytest.mark.parametrize("expr", JSONATA)
def test_jsonata_never_touches_files_or_network(expr: str) -> None:
    from asl_lsp.expr.errors import JsonataEvaluationError

    evaluate_jsonata("1", states={"input": {}})  # the library is loaded before recording

    def run() -> None:
        with contextlib.suppress(JsonataEvaluationError):
            evaluate_jsonata(expr, states={"input": DATA, "context": {}})

    assert _recorded(run) == []


def test_jsonata_eval_is_refused() -> None:
    from asl_lsp.expr.errors import JsonataEvaluationError

    with pytest.raises(JsonataEvaluationError, match="eval"):
        evaluate_jsonata('$eval("1 + 1")', states={"input": {}})


@pytest.mark.parametrize("text", INTRINSICS)
def test_intrinsics_never_touch_files_or_network(text: str) -> None:
    def run() -> None:
        try:
            evaluate_intrinsic(text, DATA)
        except Exception as exc:
            assert type(exc).__name__ in ("IntrinsicFailure", "PathEvaluationError"), exc

    assert _recorded(run) == []
