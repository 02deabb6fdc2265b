"""Raw JSON-RPC over stdio: malformed messages get JSON-RPC errors and the server keeps serving.

pytest-lsp's client only sends well-typed parameters, so these talk to the process directly.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from tests.lsp.fixtures import GOOD


class RawClient:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "asl_lsp", "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def send(self, message: dict[str, Any] | bytes) -> None:
        body = message if isinstance(message, bytes) else json.dumps(message).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.process.stdin.flush()

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = 0
        while True:
            line = self.process.stdout.readline().decode().strip()
            if not line and length:
                break
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value)
        message: dict[str, Any] = json.loads(self.process.stdout.read(length))
        return message

    def response(self, request_id: int) -> dict[str, Any]:
        while True:
            message = self.receive()
            if message.get("id") == request_id and "method" not in message:
                return message

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


def test_malformed_requests_get_json_rpc_errors() -> None:
    client = RawClient()
    try:
        client.send(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": None, "capabilities": {}},
            }
        )
        assert "capabilities" in client.response(1)["result"]
        client.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        uri = "file:///work/flow.asl.json"
        client.send(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {"uri": uri, "languageId": "asl", "version": 1, "text": GOOD}
                },
            }
        )
        # Wrong parameter types.
        client.send(
            {
                "jsonrpc": "2.0",
                "id": 2,
                "method": "textDocument/hover",
                "params": {"textDocument": {"uri": uri}, "position": "nowhere"},
            }
        )
        error = client.response(2)["error"]
        assert error["code"] in (-32602, -32603)
        # Unknown method.
        client.send({"jsonrpc": "2.0", "id": 3, "method": "asl/noSuchMethod", "params": {}})
        assert client.response(3)["error"]["code"] == -32601
        # Still serving: a well-formed hover on a field key.
        position = {"line": 5, "character": 8}
        client.send(
            {
                "jsonrpc": "2.0",
                "id": 4,
                "method": "textDocument/hover",
                "params": {"textDocument": {"uri": uri}, "position": position},
            }
        )
        result = client.response(4)["result"]
        assert "Result" in result["contents"]["value"]
    finally:
        client.close()
