"""The server's commands: render the graph, run on the local engine, deploy through the SDK."""

from __future__ import annotations

import json
import uuid

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.lsp.conftest import Session
from tests.lsp.fixtures import GOOD

URI = "file:///work/flow.asl.json"


async def _run(session: Session, command: str, *args: object) -> object:
    return await session.client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command, arguments=list(args))
    )


async def test_render_graph_returns_svg_and_html(session: Session) -> None:
    session.open(URI, GOOD)
    svg = await _run(session, "asl.renderGraph", URI, {"direction": "LR"})
    assert isinstance(svg, dict)
    assert svg["svg"].lstrip().startswith("<svg") or "<svg" in svg["svg"]
    assert "<html" in svg["html"].lower()
    for state in ("Start", "Process", "Finish"):
        assert state in svg["svg"]


async def test_run_locally_returns_status_output_and_events(session: Session) -> None:
    session.open(URI, GOOD)
    result = await _run(session, "asl.runLocal", URI, {"x": 1})
    assert isinstance(result, dict)
    assert result["status"] == "SUCCEEDED"
    assert result["output"] == {"total": 2}
    types_seen = [e["type"] for e in result["events"]]
    assert types_seen[0] == "ExecutionStarted" and types_seen[-1] == "ExecutionSucceeded"
    json.dumps(result)  # plain JSON all the way down


async def test_run_locally_rejects_bad_input(session: Session) -> None:
    session.open(URI, GOOD)
    with pytest.raises(JsonRpcException) as raised:
        await _run(session, "asl.runLocal", URI, "{not json")
    assert "not valid JSON" in str(raised.value)


async def test_deploy_creates_then_updates_on_the_local_store(session: Session) -> None:
    session.open(URI, GOOD)
    name = f"OrderFlow-{uuid.uuid4().hex[:8]}"
    options = {"name": name, "role": "arn:aws:iam::123456789012:role/Run", "target": "local"}
    first = await _run(session, "asl.deploy", URI, options)
    assert isinstance(first, dict) and first["created"] is True
    assert first["arn"].endswith(f":stateMachine:{name}")
    second = await _run(session, "asl.deploy", URI, options)
    assert isinstance(second, dict) and second == {"arn": first["arn"], "created": False}
    with pytest.raises(JsonRpcException):
        await _run(session, "asl.deploy", URI, {"name": "NoRole"})
