"""The protocol-free parts of the debugger in-process: source lines, hit counts, evaluation."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from asl_lsp.debug.controller import hit_condition_met
from asl_lsp.debug.protocol import ProtocolError, encode, read_message, to_request
from asl_lsp.debug.source_map import SourceError, load_source_map

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "hello-world.asl.json"


@pytest.mark.parametrize(
    ("condition", "hits", "expected"),
    [
        (None, 1, True),
        ("3", 2, False),
        ("3", 3, True),
        ("==3", 4, False),
        (">=2", 5, True),
        (">2", 2, False),
        ("<2", 1, True),
        ("%2", 4, True),
        ("%2", 3, False),
    ],
)
def test_hit_conditions(condition: str | None, hits: int, expected: bool) -> None:
    assert hit_condition_met(condition, hits) is expected


def test_source_map_spots_of_the_seed() -> None:
    text = SEED.read_text()
    source = load_source_map(text, str(SEED), None)
    lines = text.splitlines()

    def spot(needle: str) -> tuple[str, int | None, str]:
        found = source.spot(next(i for i, t in enumerate(lines) if needle in t))
        assert found is not None
        return found.location.name, found.rule, lines[found.line].strip()

    assert spot('"Seconds": 3') == ("Wait for 3 seconds", None, '"Wait for 3 seconds": {')
    assert spot('"BooleanEquals": false') == ("Is this Hello World example?", 1, "{")
    assert spot('"StartAt": "Hello"') == ("MyParallelState", None, '"MyParallelState": {')
    assert spot('"Type": "Pass",') == ("MyPassState", None, '"MyPassState": {')
    assert spot('"Comment"') == ("MyPassState", None, '"MyPassState": {')  # moved down
    # States inside branches win over the Parallel around them.
    assert spot('"StartAt": "World"')[0] == "MyParallelState"
    hello = next(i for i, t in enumerate(lines) if '"Hello": {' in t)
    assert source.spot(hello + 1) is not None and source.spot(hello + 1).location.name == "Hello"  # type: ignore[union-attr]
    assert source.spot(len(lines) + 5) is None
    spec = source.definition["States"]["MyPassState"]
    location = source.location(spec)
    assert location is not None and location.name == "MyPassState"


def test_source_map_refuses_unknown_text() -> None:
    with pytest.raises(SourceError):
        load_source_map('{"a": 1}', "x.json", None)


def test_wire_format_round_trip() -> None:
    message = {"seq": 1, "type": "request", "command": "initialize", "arguments": {"a": "é"}}
    stream = io.BytesIO(encode(message) + encode({"seq": 2, "type": "event", "event": "x"}))
    request = to_request(read_message(stream) or {})
    assert (
        request is not None and request.command == "initialize" and request.arguments == {"a": "é"}
    )
    assert to_request(read_message(stream) or {}) is None
    assert read_message(stream) is None
    with pytest.raises(ProtocolError):
        read_message(io.BytesIO(b"Content-Length: 3\r\n\r\n[1]"))
    with pytest.raises(ProtocolError):
        read_message(io.BytesIO(b"Content-Length: x\r\n\r\n"))
    with pytest.raises(ProtocolError):
        to_request(json.loads('{"type": "request", "seq": "1", "command": "x"}'))
