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

import json
import logging
import re
import threading
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from pygls.exceptions import JsonRpcException, JsonRpcParseError

log = logging.getLogger(__name__)

_CONTENT_LENGTH = re.compile(rb"Content-Length:[ \t]*(\d+)[ \t]*\r?\n?$", re.IGNORECASE)
MAX_BODY_BYTES = 64 * 1024 * 1024
"""A larger Content-Length is refused (an editor never sends one; reading it would exhaust
memory)."""


class AsyncReader(Protocol):
    def readline(self) -> Awaitable[bytes]: ...

    def readexactly(self, n: int) -> Awaitable[bytes]: ...


class RpcProtocol(Protocol):
    def structure_message(self, data: dict[str, Any]) -> Any: ...

    def handle_message(self, message: Any) -> Any: ...

    def _send_data(self, data: Any) -> Any: ...


def content_length(line: bytes) -> int | None:
    """The length a header line announces, wherever it sits in the line."""
    match = _CONTENT_LENGTH.search(line)
    return int(match.group(1)) if match else None


async def read_frames(
    stop_event: threading.Event,
    reader: AsyncReader,
    protocol: RpcProtocol,
    error_handler: Callable[[Exception, type[JsonRpcException]], Any] | None = None,
) -> None:
    """Read frames until end of input (or ``stop_event``) and hand each message to ``protocol``."""
    while not stop_event.is_set():
        length: int | None = None
        skipped: list[bytes] = []
        while True:
            line = await reader.readline()
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
            return  # no resynchronising past an unread body: exit so the client restarts us
        body = await reader.readexactly(length)
        if len(body) < length:
            return
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
            continue
        except Exception as error:  # structure_message already answered a request it could
            log.warning("an LSP message could not be decoded: %s", error)
            if error_handler is not None:
                error_handler(error, JsonRpcException)
            continue
        try:
            protocol.handle_message(message)
        except Exception as error:
            log.exception("Unable to handle message")
            if error_handler is not None:
                error_handler(error, JsonRpcException)
