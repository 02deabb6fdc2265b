"""The Debug Adapter Protocol's wire format: ``Content-Length`` framed JSON messages.

Requests come in as :class:`Request`; the adapter answers with :class:`Response` and announces
with :class:`Event`. :class:`Channel` writes them with increasing ``seq`` numbers from any
thread (engine threads report stops while the reader thread answers requests).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any, BinaryIO

MAX_MESSAGE_BYTES = 64 * 1024 * 1024


class ProtocolError(Exception):
    """The peer sent something that is not a DAP message; the session cannot go on."""


@dataclass(frozen=True)
class Request:
    seq: int
    command: str
    arguments: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Response:
    request: Request
    body: dict[str, Any] | None = None
    success: bool = True
    message: str | None = None

    def wire(self, seq: int) -> dict[str, Any]:
        out: dict[str, Any] = {
            "seq": seq,
            "type": "response",
            "request_seq": self.request.seq,
            "command": self.request.command,
            "success": self.success,
        }
        if self.message is not None:
            out["message"] = self.message
        if self.body is not None:
            out["body"] = self.body
        return out


@dataclass(frozen=True)
class Event:
    event: str
    body: dict[str, Any] | None = None

    def wire(self, seq: int) -> dict[str, Any]:
        out: dict[str, Any] = {"seq": seq, "type": "event", "event": self.event}
        if self.body is not None:
            out["body"] = self.body
        return out


def read_message(stream: BinaryIO) -> dict[str, Any] | None:
    """The next message object, or None at end of stream."""
    length: int | None = None
    while True:
        line = stream.readline(4096)
        if not line:
            return None
        text = line.decode("ascii", "replace").strip()
        if not text:
            if length is None:
                continue
            break
        name, _, value = text.partition(":")
        if name.strip().lower() == "content-length":
            try:
                length = int(value.strip())
            except ValueError:
                raise ProtocolError(f"bad Content-Length header: {text!r}") from None
    if length < 0 or length > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message length {length} out of range")
    data = stream.read(length)
    if len(data) < length:
        return None
    try:
        message = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"message is not JSON: {exc}") from None
    if not isinstance(message, dict):
        raise ProtocolError("message is not a JSON object")
    return message


def to_request(message: dict[str, Any]) -> Request | None:
    """The request in ``message`` (None for anything else a client may send, e.g. responses)."""
    if message.get("type") != "request":
        return None
    seq = message.get("seq")
    command = message.get("command")
    arguments = message.get("arguments")
    if not isinstance(seq, int) or not isinstance(command, str):
        raise ProtocolError("a request needs an integer seq and a string command")
    return Request(seq, command, arguments if isinstance(arguments, dict) else {})


def encode(message: dict[str, Any]) -> bytes:
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"Content-Length: " + str(len(body)).encode("ascii") + b"\r\n\r\n" + body


class Channel:
    """Writes responses and events to the client; safe to call from several threads."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self._seq = 0
        self.closed = False

    def send(self, message: Response | Event) -> None:
        with self._lock:
            if self.closed:
                return
            self._seq += 1
            try:
                self._stream.write(encode(message.wire(self._seq)))
                self._stream.flush()
            except (OSError, ValueError):
                self.closed = True

    def event(self, name: str, body: dict[str, Any] | None = None) -> None:
        self.send(Event(name, body))
