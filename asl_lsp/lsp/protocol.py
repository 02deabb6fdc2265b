"""The JSON-RPC protocol, answering requests whose parameters do not deserialize.

pygls raises ``InvalidParams`` while decoding such a request and then drops it, so the client
waits forever for a response. Here the error goes back to the client under the request's id.
"""

from __future__ import annotations

import logging
from typing import Any

from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger(__name__)


class AslProtocol(LanguageServerProtocol):
    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "jsonrpc" in data and "id" in data and "method" in data:
                log.warning(
                    "malformed %s request %r answered with an error", data["method"], data["id"]
                )
                self._send_response(data["id"], None, error.to_response_error())
            raise
