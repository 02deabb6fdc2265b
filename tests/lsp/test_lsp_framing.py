"""The real server process (``python -m asl_lsp serve``) against malformed base-protocol frames.

Each malformed frame is sent raw, then a valid request: the server must answer it (it used to go
deaf for good after the first bad frame). A body that is not JSON gets ``-32700`` with id null; a
request about a document never opened is answered without a traceback; one slow document does not
hold back another's diagnostics.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.robustness.rb_rpc import RpcClient, serving
from tests.robustness.rb_support import big_definition

METHOD_NOT_FOUND = -32601
PARSE_ERROR = -32700


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RpcClient]:
    with serving(tmp_path / "server.stderr") as client:
        yield client


def _write(server: RpcClient, data: bytes) -> None:
    assert server.process.stdin is not None
    server.process.stdin.write(data)
    server.process.stdin.flush()


def _probe(request_id: int) -> bytes:
    return json.dumps(
        {"jsonrpc": "2.0", "id": request_id, "method": "asl/noSuchMethod", "params": {}}
    ).encode()


MALFORMED = {
    "non-numeric length": lambda body: b"Content-Length: abc\r\n\r\n" + body,
    "missing length": lambda body: b"Content-Type: application/vscode-jsonrpc\r\n\r\n" + body,
    "negative length": lambda body: b"Content-Length: -5\r\n\r\n" + body,
    "garbage line": lambda body: b"this is not a header\r\n\r\n" + body,
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_server_answers_the_next_valid_request_after_a_malformed_frame(
    server: RpcClient, case: str
) -> None:
    _write(server, MALFORMED[case](_probe(7001)))
    server.send_raw(_probe(7002))
    answer = server.response(7002, timeout=15)
    assert answer["error"]["code"] == METHOD_NOT_FOUND
    assert 7001 not in server.responses  # the malformed frame itself is dropped
    assert "skipped a malformed LSP header block" in server.stderr_tail()


def test_header_lines_ending_in_lf_only_are_understood(server: RpcClient) -> None:
    body = _probe(7101)
    _write(server, f"Content-Length: {len(body)}\n\n".encode() + body)
    assert server.response(7101, timeout=15)["error"]["code"] == METHOD_NOT_FOUND
    server.send_raw(_probe(7102))
    assert server.response(7102, timeout=15)["error"]["code"] == METHOD_NOT_FOUND


def test_several_malformed_frames_in_a_row_then_a_valid_one(server: RpcClient) -> None:
    for make in MALFORMED.values():
        _write(server, make(_probe(7201)))
    server.send_raw(_probe(7202))
    assert server.response(7202, timeout=15)["error"]["code"] == METHOD_NOT_FOUND


def test_a_body_that_is_not_json_gets_parse_error_with_id_null(server: RpcClient) -> None:
    server.send_raw(b"{this is not json")
    deadline = time.monotonic() + 15
    while None not in server.responses and time.monotonic() < deadline:
        time.sleep(0.05)
    answer = server.responses.get(None)
    assert answer is not None, server.stderr_tail()
    assert answer["id"] is None and answer["error"]["code"] == PARSE_ERROR
    server.send_raw(_probe(7301))
    assert server.response(7301, timeout=15)["error"]["code"] == METHOD_NOT_FOUND


def test_hover_on_an_unopened_document_answers_without_a_traceback(
    server: RpcClient, tmp_path: Path
) -> None:
    uri = (tmp_path / "never-opened.asl.json").as_uri()
    answer = server.call(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}},
        timeout=15,
    )
    assert "result" in answer or "error" in answer
    assert "Traceback" not in server.stderr_tail()


def test_a_slow_document_does_not_hold_back_another(tmp_path: Path) -> None:
    server = RpcClient(tmp_path / "server.stderr")
    server.initialize()
    big_uri = (tmp_path / "big.asl.json").as_uri()
    small_uri = (tmp_path / "small.asl.json").as_uri()
    small = {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "End": True}, "Orphan": {"Type": "Succeed"}},
    }
    server.open(big_uri, big_definition(20_000))
    time.sleep(0.3)  # the big document's lint has started
    started = time.monotonic()
    server.open(small_uri, json.dumps(small))
    found = server.diagnostics(small_uri, version=1, timeout=60)
    small_wait = time.monotonic() - started
    assert any(d.get("code") == "ASL203" for d in found)
    server.diagnostics(big_uri, version=1, timeout=180)
    big_total = time.monotonic() - started
    # With one lint thread the small document waited for the whole big lint.
    assert small_wait < big_total / 2, (small_wait, big_total)
    server.call("shutdown", None, timeout=60)
    server.notify("exit", None)
    # Tearing down the big document's tree takes a few seconds on a loaded machine.
    assert server.process.wait(timeout=120) == 0
    server.stderr_file.close()


def test_a_megabyte_join_separator_does_not_make_a_huge_message(
    server: RpcClient, tmp_path: Path
) -> None:
    separator = "x" * 1_000_000
    parts = ['{"StartAt": "A",', '"States": {"A": {"Type": "Pass", "End": true}}}']
    template = {
        "Resources": {
            "M": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {"DefinitionString": {"Fn::Join": [separator, parts]}},
            }
        }
    }
    uri = (tmp_path / "template.json").as_uri()
    server.open(uri, json.dumps(template))
    found = server.diagnostics(uri, version=1, timeout=60)
    assert found
    assert all(len(d["message"]) <= 500 for d in found), max(len(d["message"]) for d in found)
    assert any("(1,000,000 characters)" in d["message"] for d in found)
