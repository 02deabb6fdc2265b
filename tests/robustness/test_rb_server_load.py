"""The real language server (``python -m asl_lsp serve``) under load and abuse.

A burst of 1,000 edits, 50 open documents, requests cancelled in flight and malformed JSON-RPC:
the server keeps answering, never dies, and the diagnostics it settles on are those of the final
text (compared with the linter run in-process on that text).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from asl_lsp.lint.api import lint_text
from tests.robustness.rb_rpc import RpcClient, serving
from tests.robustness.rb_support import big_definition

REQUEST_CANCELLED = -32800
METHOD_NOT_FOUND = -32601


def definition(i: int, orphan: bool = True) -> str:
    states: dict[str, Any] = {
        f"Step {i}": {"Type": "Pass", "Next": "Done"},
        "Done": {"Type": "Succeed"},
    }
    if orphan:
        states[f"Orphan {i}"] = {"Type": "Pass", "End": True}
    return json.dumps({"StartAt": f"Step {i}", "States": states}, indent=2)


def expected(text: str, path: str) -> list[tuple[str, str]]:
    return sorted((d.code, d.message) for d in lint_text(text, path))


def published(diagnostics: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted((str(d.get("code")), d["message"]) for d in diagnostics)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RpcClient]:
    with serving(tmp_path / "server.stderr") as client:
        yield client


def test_burst_of_a_thousand_changes(server: RpcClient, tmp_path: Path) -> None:
    path = tmp_path / "burst.asl.json"
    uri = path.as_uri()
    server.open(uri, definition(0))
    final = ""
    for version in range(2, 1002):
        text = definition(version, orphan=version % 3 == 0)
        if version % 7 == 0:
            text = text[: len(text) // 2]  # half-typed text in the middle of the burst
        server.change(uri, text, version)
        final = text
    final = definition(9999)
    server.change(uri, final, 1002)
    got = server.diagnostics(uri, version=1002)
    assert published(got) == expected(final, str(path))
    assert published(got), "the final text has an unreachable state"


def test_fifty_open_documents(server: RpcClient, tmp_path: Path) -> None:
    texts = {}
    for i in range(50):
        path = tmp_path / f"doc{i}.asl.json"
        text = definition(i) if i % 5 else definition(i)[:-10]  # every fifth one is broken
        texts[path] = text
        server.open(path.as_uri(), text)
    for path, text in texts.items():
        got = server.diagnostics(path.as_uri(), version=1)
        assert published(got) == expected(text, str(path)), path.name


def test_requests_cancelled_in_flight(server: RpcClient, tmp_path: Path) -> None:
    path = tmp_path / "big.asl.json"
    text = big_definition()
    uri = path.as_uri()
    server.open(uri, text)
    line = text[: text.index('"Next": "', len(text) // 2)].count("\n")
    position = {"line": line, "character": 17}
    ids = []
    for method in (
        "textDocument/completion",
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/hover",
    ):
        params: dict[str, Any] = {"textDocument": {"uri": uri}}
        if method in ("textDocument/completion", "textDocument/hover"):
            params["position"] = position
        request_id = server.request(method, params)
        server.notify("$/cancelRequest", {"id": request_id})
        ids.append(request_id)
    for request_id in ids:
        answer = server.response(request_id, timeout=60)
        allowed = (REQUEST_CANCELLED, METHOD_NOT_FOUND)
        assert "result" in answer or answer["error"]["code"] in allowed, answer
    # Cancelling a request that finished long ago, or never existed, is harmless.
    server.notify("$/cancelRequest", {"id": 123456})
    answer = server.call("textDocument/documentSymbol", {"textDocument": {"uri": uri}}, timeout=60)
    assert answer.get("result"), answer


def test_malformed_json_rpc_is_survived(server: RpcClient, tmp_path: Path) -> None:
    server.send_raw(b"{this is not json")
    server.send_raw(b'{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"x": 1}}')
    server.send_raw(
        b'{"jsonrpc": "2.0", "method": "textDocument/didChange", '
        b'"params": {"textDocument": {"uri": "file:///nowhere.asl.json", "version": 2},'
        b' "contentChanges": [{"text": "{}"}]}}'
    )
    server.send_raw(b"[1, 2, 3]")
    server.send_raw(b'"just a string"')
    server.send_raw(
        json.dumps(
            {"jsonrpc": "2.0", "id": 9002, "method": "no/such/method", "params": {}}
        ).encode()
    )
    unknown = server.response(9002)
    assert unknown["error"]["code"] == METHOD_NOT_FOUND
    # Still serving real work afterwards.
    path = tmp_path / "after.asl.json"
    text = definition(1)
    server.open(path.as_uri(), text)
    assert published(server.diagnostics(path.as_uri(), version=1)) == expected(text, str(path))


def test_request_with_wrong_params_gets_an_error_response(server: RpcClient) -> None:
    """JSON-RPC: every request is answered; invalid params give -32602 rather than silence."""
    server.send_raw(
        b'{"jsonrpc": "2.0", "id": 9001, "method": "textDocument/completion", '
        b'"params": {"textDocument": 5, "position": "here"}}'
    )
    wrong = server.response(9001, timeout=10)
    assert "error" in wrong, wrong
