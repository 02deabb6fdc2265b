"""Reading LSP base-protocol frames so that one malformed frame costs only itself.

pygls's reader only accepts ``Content-Length: N\\r\\n`` as a whole line. After a frame whose header
is malformed (``Content-Length: abc``, no Content-Length at all, lines ending in LF only) it skips
the header block but then takes that frame's body, which ends without a newline, as the start of
the next header line: the next valid header is glued to it and lost, and so is every frame after
it. The server stays alive, logs nothing and never answers again.

Here the length is looked for anywhere in a header line (the body of a skipped frame glued in
front of it does not hide it), lines may end in LF or CRLF, every skipped header block is logged,
and a body that is not JSON is answered with JSON-RPC's ``-32700 Parse error`` (id null), as the
JSON-RPC 2.0 specification prescribes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, Final, Protocol

from pygls.exceptions import JsonRpcException, JsonRpcParseError

log = logging.getLogger(__name__)

_CONTENT_LENGTH = re.compile(rb"Content-Length:[ \t]*(\d+)[ \t]*\r?\n?$", re.IGNORECASE)
MAX_BODY_BYTES = 64 * 1024 * 1024
CHUNK_BYTES: Final = 1 << 16
"""A larger Content-Length is refused (an editor never sends one; reading it would exhaust
memory)."""


class ByteSource(Protocol):
    """Blocking reads: a line (with its end) and up to ``n`` bytes; empty at end of input."""

    def readline(self) -> bytes: ...

    def read(self, n: int) -> bytes: ...


class DescriptorSource:
    """Buffered reads straight from a file descriptor.

    The reading thread blocks in ``os.read`` and holds no lock while it waits: a daemon thread
    blocked inside a buffered file object's ``readline`` would hold that object's lock when the
    interpreter shuts down, which Python reports as a fatal error.
    """

    def __init__(self, descriptor: int) -> None:
        self.descriptor = descriptor
        self.buffer = bytearray()
        self.ended = False

    def _fill(self) -> bool:
        if self.ended:
            return False
        chunk = os.read(self.descriptor, CHUNK_BYTES)
        if not chunk:
            self.ended = True
            return False
        self.buffer += chunk
        return True

    def readline(self) -> bytes:
        searched = 0
        while True:
            end = self.buffer.find(b"\n", searched)
            if end >= 0:
                return self._take(end + 1)
            searched = len(self.buffer)
            if not self._fill():
                return self._take(len(self.buffer))

    def read(self, n: int) -> bytes:
        while len(self.buffer) < n and self._fill():
            pass
        return self._take(min(n, len(self.buffer)))

    def _take(self, n: int) -> bytes:
        taken = bytes(self.buffer[:n])
        del self.buffer[:n]
        return taken


def byte_source(stream: BinaryIO) -> ByteSource:
    """A lock-free reader of ``stream``'s descriptor when it has one, else the stream itself."""
    try:
        return DescriptorSource(stream.fileno())
    except (AttributeError, OSError, ValueError):  # an in-memory stream has no descriptor
        return stream


class RpcProtocol(Protocol):
    def structure_message(self, data: dict[str, Any]) -> Any: ...

    def handle_message(self, message: Any) -> Any: ...

    def _send_data(self, data: Any) -> Any: ...


def content_length(line: bytes) -> int | None:
    """The length a header line announces, wherever it sits in the line."""
    match = _CONTENT_LENGTH.search(line)
    return int(match.group(1)) if match else None


def frame_bodies(source: ByteSource) -> Iterator[bytes]:
    """The body of each frame, until end of input or a body over :data:`MAX_BODY_BYTES` (no
    resynchronising past an unread body: the server exits so the client restarts it).
    Malformed header blocks are logged and skipped."""
    while True:
        length: int | None = None
        skipped: list[bytes] = []
        while True:
            line = source.readline()
            if not line:
                return
            if not line.strip():
                if length is not None:
                    break
                if skipped:  # a header block without a usable length: skip it, keep reading
                    log.warning("skipped a malformed LSP header block: %r", b"".join(skipped)[:200])
                    skipped = []
                continue
            found = content_length(line)
            if found is not None:
                length = found
            elif length is None:
                skipped.append(line)
        if length > MAX_BODY_BYTES:
            log.error(
                "refused an LSP message of %d bytes (the limit is %d)", length, MAX_BODY_BYTES
            )
            return
        body = source.read(length)
        if len(body) < length:
            return
        yield body


async def read_frames(
    stop_event: threading.Event,
    stream: BinaryIO,
    protocol: RpcProtocol,
    error_handler: Callable[[Exception, type[JsonRpcException]], Any] | None = None,
) -> None:
    """Read frames until end of input (or ``stop_event``) and hand each message to ``protocol``.

    Frames are read by blocking calls on a thread of their own, which hands each complete body
    to the event loop in one step. Reading a line at a time through an executor costs a thread
    hand-off per header line and per body instead, each of which can wait for the GIL while a
    lint thread runs.
    """
    loop = asyncio.get_running_loop()
    bodies: asyncio.Queue[bytes | None] = asyncio.Queue()
    source = byte_source(stream)

    def read_all() -> None:
        try:
            for body in frame_bodies(source):
                loop.call_soon_threadsafe(bodies.put_nowait, body)
        except OSError as error:  # the client closed the pipe under us
            log.error("reading LSP messages failed: %s", error)
        finally:
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is waiting
                loop.call_soon_threadsafe(bodies.put_nowait, None)

    threading.Thread(target=read_all, name="lsp-reader", daemon=True).start()
    while not stop_event.is_set():
        body = await bodies.get()
        if body is None:
            return
        handle_body(body, protocol, error_handler)


def handle_body(
    body: bytes,
    protocol: RpcProtocol,
    error_handler: Callable[[Exception, type[JsonRpcException]], Any] | None = None,
) -> None:
    """Decode one frame's body and dispatch it; a body that is not JSON gets the JSON-RPC
    ``-32700 Parse error`` response."""
    try:
        message = json.loads(body, object_hook=protocol.structure_message)
    except ValueError as error:  # json.JSONDecodeError and undecodable bytes
        log.warning("an LSP message body is not JSON: %s", error)
        # Written as a plain dict: the typed response would drop an id of None, and JSON-RPC
        # requires "id": null here.
        parse_error = JsonRpcParseError(f"the message body is not JSON: {error}")
        protocol._send_data(
            {
                "jsonrpc": "2.0",
                "id": None,
                "error": {"code": parse_error.code, "message": parse_error.message},
            }
        )
        return
    except Exception as error:  # structure_message already answered a request it could
        log.warning("an LSP message could not be decoded: %s", error)
        if error_handler is not None:
            error_handler(error, JsonRpcException)
        return
    try:
        protocol.handle_message(message)
    except Exception as error:
        log.exception("Unable to handle message")
        if error_handler is not None:
            error_handler(error, JsonRpcException)
