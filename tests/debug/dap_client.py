"""A small Debug Adapter Protocol client for the tests: starts a real ``asl debug`` process (or
any adapter command) and speaks DAP to it over its stdin/stdout."""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import sys
import threading
from collections.abc import Sequence
from typing import Any

TIMEOUT = 20.0


class DapClient:
    def __init__(self, command: Sequence[str] | None = None, cwd: str | None = None) -> None:
        argv = list(command or [sys.executable, "-m", "asl_lsp", "debug"])
        self.process = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd
        )
        self._seq = 0
        self._responses: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen_events: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            message = json.loads(stream.read(length))
            if message["type"] == "response":
                with self._lock:
                    box = self._responses.setdefault(message["request_seq"], queue.Queue())
                box.put(message)
            elif message["type"] == "event":
                self.seen_events.append(message)
                self.events.put(message)

    def send(self, command: str, arguments: dict[str, Any] | None = None) -> int:
        with self._lock:
            self._seq += 1
            seq = self._seq
            self._responses.setdefault(seq, queue.Queue())
        message: dict[str, Any] = {"seq": seq, "type": "request", "command": command}
        if arguments is not None:
            message["arguments"] = arguments
        body = json.dumps(message).encode()
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()
        return seq

    def response(self, seq: int) -> dict[str, Any]:
        return self._responses[seq].get(timeout=TIMEOUT)

    def request(self, command: str, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send a request and return its response (asserting success)."""
        response = self.response(self.send(command, arguments))
        assert response["success"], response
        return response.get("body") or {}

    def failing(self, command: str, arguments: dict[str, Any] | None = None) -> str:
        response = self.response(self.send(command, arguments))
        assert not response["success"], response
        return str(response.get("message"))

    def wait_event(self, name: str) -> dict[str, Any]:
        while True:
            event = self.events.get(timeout=TIMEOUT)
            if event["event"] == name:
                return event.get("body") or {}

    def start(
        self,
        launch: dict[str, Any],
        breakpoints: Sequence[dict[str, Any]] = (),
        exception_filters: Sequence[str] | None = None,
        source: str | None = None,
    ) -> dict[str, Any]:
        """initialize, launch, setBreakpoints (in ``source``, by default the launch's program),
        setExceptionBreakpoints, configurationDone."""
        capabilities = self.request("initialize", {"adapterID": "asl", "linesStartAt1": True})
        self.request("launch", launch)
        self.wait_event("initialized")
        if breakpoints:
            self.breakpoints = self.request(
                "setBreakpoints",
                {
                    "source": {"path": source or launch["program"]},
                    "breakpoints": list(breakpoints),
                },
            )["breakpoints"]
        if exception_filters is not None:
            self.request("setExceptionBreakpoints", {"filters": list(exception_filters)})
        self.request("configurationDone")
        return capabilities

    def stopped(self) -> dict[str, Any]:
        return self.wait_event("stopped")

    def top(self, thread_id: int) -> dict[str, Any]:
        frames = self.request("stackTrace", {"threadId": thread_id})["stackFrames"]
        return dict(frames[0])

    def scope_values(self, frame_id: int) -> dict[str, Any]:
        """Each scope of the frame as the JSON value it shows (containers unfolded)."""
        out: dict[str, Any] = {}
        for scope in self.request("scopes", {"frameId": frame_id})["scopes"]:
            out[scope["name"]] = self.unfold(scope["variablesReference"])
        return out

    def unfold(self, ref: int) -> Any:
        variables = self.request("variables", {"variablesReference": ref})["variables"]
        array = bool(variables) and all(v["name"].startswith("[") for v in variables)
        values = [
            self.unfold(v["variablesReference"]) if v["variablesReference"] else _scalar(v["value"])
            for v in variables
        ]
        if array:
            return values
        return {v["name"]: value for v, value in zip(variables, values, strict=True)}

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(Exception):
                self.response(self.send("disconnect", {"terminateDebuggee": True}))
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def _scalar(text: str) -> Any:
    if text == "(not computed yet)":
        return text
    return json.loads(text)
