"""A raw JSON-RPC client for the language server over stdio.

Load tests need what a well-behaved client library will not do: bursts without waiting, cancelling
its own requests, and sending malformed frames. So this speaks the base protocol directly.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SERVER = [sys.executable, "-m", "asl_lsp", "serve"]


class RpcClient:
    def __init__(self, stderr_path: Path) -> None:
        self.stderr_file = stderr_path.open("wb")
        self.process = subprocess.Popen(
            SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr_file
        )
        self.stderr_path = stderr_path
        self.next_id = 0
        self.responses: dict[int | str, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.server_requests: list[dict[str, Any]] = []
        self.lock = threading.Condition()
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    # -- transport ---------------------------------------------------------------------------

    def send_raw(self, body: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.process.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        self.send_raw(json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8"))

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii", "replace").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            if length is None:
                continue
            message = json.loads(stream.read(length))
            with self.lock:
                if "id" in message and "method" in message:
                    self.server_requests.append(message)
                    # Answer the server's own requests (configuration, registration) with null.
                    self.send({"id": message["id"], "result": None})
                elif "id" in message:
                    self.responses[message["id"]] = message
                else:
                    self.notifications.append(message)
                self.lock.notify_all()

    # -- protocol ----------------------------------------------------------------------------

    def request(self, method: str, params: Any) -> int:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def response(self, request_id: int | str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self.lock:
            while request_id not in self.responses:
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise AssertionError(
                        f"no response to {request_id} (server alive: "
                        f"{self.process.poll() is None}); stderr: {self.stderr_tail()}"
                    )
                self.lock.wait(min(left, 0.5))
            return self.responses[request_id]

    def call(self, method: str, params: Any, timeout: float = 30) -> dict[str, Any]:
        return self.response(self.request(method, params), timeout)

    def diagnostics(self, uri: str, version: int | None = None, timeout: float = 60) -> list[Any]:
        """The latest published diagnostics for ``uri`` (of ``version`` when given)."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                found = None
                for message in reversed(self.notifications):
                    params = message.get("params") or {}
                    if (
                        message.get("method") == "textDocument/publishDiagnostics"
                        and params.get("uri") == uri
                        and (version is None or params.get("version") == version)
                    ):
                        found = params["diagnostics"]
                        break
                if found is not None:
                    return list(found)
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise AssertionError(
                        f"no diagnostics for {uri} version {version}; stderr: {self.stderr_tail()}"
                    )
                self.lock.wait(min(left, 0.5))

    def initialize(self, options: dict[str, Any] | None = None) -> dict[str, Any]:
        result = self.call(
            "initialize",
            {
                "processId": None,
                "rootUri": None,
                "capabilities": {
                    "general": {"positionEncodings": ["utf-16"]},
                    "textDocument": {"publishDiagnostics": {"versionSupport": True}},
                },
                "initializationOptions": options or {"debounceMs": 0},
            },
        )
        self.notify("initialized", {})
        return result

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "asl", "version": version, "text": text}},
        )

    def change(self, uri: str, text: str, version: int) -> None:
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def stderr_tail(self) -> str:
        if not self.stderr_file.closed:
            self.stderr_file.flush()
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")[-2000:]

    def close(self) -> int:
        """shutdown + exit; returns the exit code."""
        try:
            if self.alive():
                self.call("shutdown", None, timeout=10)
                self.notify("exit", None)
            return self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.stderr_file.close()


@contextmanager
def serving(stderr_path: Path) -> Iterator[RpcClient]:
    """An initialized server for the block, which must still be alive after it and exit 0 on
    shutdown + exit."""
    client = RpcClient(stderr_path)
    client.initialize()
    yield client
    assert client.alive(), f"the server died: {client.stderr_tail()}"
    assert client.close() == 0
