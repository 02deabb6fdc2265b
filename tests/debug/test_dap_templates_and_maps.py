"""``asl debug`` on a SAM template's YAML state machine and on Map iterations (one thread each)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.debug.dap_client import DapClient
from tests.debug.test_dap_session import line_of, write

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "examples" / "sam-template.yaml"


@pytest.fixture
def client() -> Iterator[DapClient]:
    dap = DapClient(cwd=str(ROOT))
    yield dap
    dap.close()


def test_template_state_machine_yaml_breakpoint(client: DapClient) -> None:
    selector = line_of(TEMPLATE, "ResultSelector:")
    order = {"orderId": "o-1", "total": 12}
    client.start(
        {"program": str(TEMPLATE), "stateMachine": "OrderStateMachine", "input": order},
        [{"line": selector}],
    )
    assert client.breakpoints[0]["line"] == line_of(TEMPLATE, "Validate order:")
    stop = client.stopped()
    top = client.top(stop["threadId"])
    assert top["name"] == "Validate order" and top["source"]["path"] == str(TEMPLATE)
    client.request("stepIn", {"threadId": stop["threadId"]})
    client.stopped()
    top = client.top(stop["threadId"])
    assert top["name"] == "Validate order - Parameters"
    effective = client.scope_values(top["id"])["Effective input"]
    assert effective["Payload"] == order
    client.request("terminate")
    assert client.wait_event("exited") == {"exitCode": 1}


def test_template_needs_a_known_state_machine_name(client: DapClient) -> None:
    client.request("initialize")
    message = client.failing("launch", {"program": str(TEMPLATE), "stateMachine": "Nope"})
    assert "OrderStateMachine" in message


def test_map_iterations_are_threads(client: DapClient, tmp_path: Path) -> None:
    program = write(
        tmp_path,
        {
            "StartAt": "Loop",
            "States": {
                "Loop": {
                    "Type": "Map",
                    "ItemsPath": "$.items",
                    "MaxConcurrency": 1,
                    "ItemProcessor": {
                        "StartAt": "Double",
                        "States": {
                            "Double": {
                                "Type": "Pass",
                                "Parameters": {"n.$": "States.MathAdd($.n, $.n)"},
                                "End": True,
                            }
                        },
                    },
                    "End": True,
                }
            },
        },
    )
    client.start(
        {"program": str(program), "input": {"items": [{"n": 1}, {"n": 2}, {"n": 3}]}},
        [{"line": line_of(program, '"Double": {')}],
    )
    seen = []
    for _ in range(3):
        stop = client.stopped()
        frames = client.request("stackTrace", {"threadId": stop["threadId"]})["stackFrames"]
        assert [f["name"] for f in frames] == ["Double", "Loop"]
        thread_names = {t["id"]: t["name"] for t in client.request("threads")["threads"]}
        seen.append((thread_names[stop["threadId"]], client.scope_values(frames[0]["id"])["Input"]))
        client.request("continue", {"threadId": stop["threadId"]})
    assert seen == [
        ("Loop iteration 0", {"n": 1}),
        ("Loop iteration 1", {"n": 2}),
        ("Loop iteration 2", {"n": 3}),
    ]
    assert client.wait_event("exited") == {"exitCode": 0}
    output = "".join(e["body"]["output"] for e in client.seen_events if e["event"] == "output")
    assert json.loads(output.split("\n", 1)[1]) == [{"n": 2}, {"n": 4}, {"n": 6}]
