"""A flood of edits, malformed requests, huge documents: the server stays correct and alive."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.lsp.conftest import Session
from tests.lsp.fixtures import BROKEN, GOOD

URI = "file:///work/flow.asl.json"


async def test_a_burst_of_edits_ends_with_the_final_versions_diagnostics(session: Session) -> None:
    published: list[tuple[int | None, int]] = []
    client = session.client
    original = client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def record(params: types.PublishDiagnosticsParams) -> None:
        published.append((params.version, len(params.diagnostics)))
        original(params)

    client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record
    session.open(URI, BROKEN)  # version 1: odd, so broken like every odd version
    for index in range(1000):
        # Odd versions name a missing state, even ones are clean; the last one (1001) is broken.
        text = BROKEN if index % 2 == 1 else GOOD
        session.replace_all(URI, text)
    final = await session.diagnostics(URI, timeout=60)
    assert session.versions[URI] == 1001
    assert any(d.code == "ASL201" for d in final)
    await asyncio.sleep(0.5)  # anything stale would arrive now
    versions = [v for v, _ in published if v is not None]
    assert versions[-1] == 1001
    assert versions == sorted(versions)  # never an older version after a newer one
    # Each publication holds the findings of exactly the version it names (odd = broken).
    assert all((count > 0) == (version % 2 == 1) for version, count in published if version)


async def test_malformed_requests_get_json_rpc_errors(session: Session) -> None:
    session.open(URI, GOOD)
    with pytest.raises(JsonRpcException):
        await session.client.protocol.send_request_async("asl/noSuchMethod", {})
    with pytest.raises(JsonRpcException):
        await session.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="asl.renderGraph", arguments=[42])
        )
    # Still serving.
    result = await session.client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=session.position(URI, GOOD.index('"Result"') + 2),
        )
    )
    assert result is not None


async def test_requests_on_garbage_answer_empty_not_errors(session: Session) -> None:
    garbage = '{"StartAt": [1, {"States": {"A": {"Type": "Pass", "Next": ' + "[" * 3000
    session.open(URI, garbage)
    await session.diagnostics(URI)
    doc = types.TextDocumentIdentifier(uri=URI)
    for offset in (0, 10, 40, len(garbage)):
        position = session.position(URI, offset)
        await session.client.text_document_hover_async(
            types.HoverParams(text_document=doc, position=position)
        )
        await session.client.text_document_completion_async(
            types.CompletionParams(text_document=doc, position=position)
        )
        await session.client.text_document_definition_async(
            types.DefinitionParams(text_document=doc, position=position)
        )
    await session.client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc)
    )


async def test_a_huge_document_keeps_the_server_responsive(session: Session) -> None:
    states = {
        f"State{i}": {"Type": "Pass", "Comment": "x" * 40, "Next": f"State{i + 1}"}
        for i in range(3000)
    }
    states["State3000"] = {"Type": "Succeed"}
    text = json.dumps({"StartAt": "State0", "States": states}, indent=2)
    small = "file:///work/small.asl.json"
    session.open(small, GOOD)
    await session.diagnostics(small)
    session.open(URI, text)
    # While the big file is being linted, a request on the small one is answered promptly.
    started = time.perf_counter()
    await session.client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=small),
            position=session.position(small, GOOD.index('"Result"') + 2),
        )
    )
    assert time.perf_counter() - started < 0.5
    assert await session.diagnostics(URI, timeout=60) == []
