"""``launch`` with ``test``: a case of an ``asl test`` file debugged by a real ``asl debug``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.debug.dap_client import DapClient

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "hello-world.asl.json"
TESTS = "examples/hello-world.asl-test.yaml"
MOCKED = "the Lambda result is the function's answer"


@pytest.fixture
def client() -> Iterator[DapClient]:
    dap = DapClient(cwd=str(ROOT))
    yield dap
    dap.close()


def line_of(needle: str) -> int:
    return next(i + 1 for i, text in enumerate(SEED.read_text().splitlines()) if needle in text)


def test_a_case_stops_at_a_breakpoint_with_its_input_and_mocked_result(client: DapClient) -> None:
    client.start(
        {"test": f"{TESTS}::{MOCKED}"},
        [
            {"line": line_of('"MyPassState": {')},
            {"line": line_of('"Convert HelloWorld to Base64": {')},
        ],
        source=str(SEED),
    )
    assert all(placed["verified"] for placed in client.breakpoints)
    stop = client.stopped()
    thread = stop["threadId"]
    top = client.top(thread)
    assert top["name"] == "MyPassState" and top["source"]["path"] == str(SEED)
    assert client.scope_values(top["id"])["Input"] == {"IsHelloWorldExample": True}
    client.request("continue", {"threadId": thread})
    stop = client.stopped()
    thread = stop["threadId"]
    assert client.top(thread)["name"] == "Convert HelloWorld to Base64"
    for _ in range(2):  # into Parameters, then the task's result
        client.request("stepIn", {"threadId": thread})
        client.stopped()
    scopes = client.scope_values(client.top(thread)["id"])
    # The case's inline mock answers: the Python handler's payload would also carry "input".
    assert scopes["Task result"] == {"statusCode": 200, "Payload": {"output": "SGVsbG9Xb3JsZA=="}}
    client.request("continue", {"threadId": thread})
    assert client.wait_event("exited")["exitCode"] == 0


def test_a_case_with_failing_mocks_stops_on_the_caught_error(client: DapClient) -> None:
    client.start(
        {"test": f"{TESTS}::a Lambda that keeps failing is retried, then caught"},
        exception_filters=["states-caught"],
    )
    stop = client.stopped()
    assert stop["reason"] == "exception"
    info = client.request("exceptionInfo", {"threadId": stop["threadId"]})
    assert info["exceptionId"] == "States.TaskFailed"
    assert "still broken" in str(info)
    client.request("continue", {"threadId": stop["threadId"]})
    assert client.wait_event("exited")["exitCode"] == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"test": f"{TESTS}::no such case"}, "no case named 'no such case'"),
        ({"test": "examples/none.asl-test.yaml::a case"}, "none.asl-test.yaml: cannot read"),
        ({"test": TESTS}, "'test' is 'file.asl-test.yaml::case name'"),
        ({"test": f"{TESTS}::{MOCKED}", "program": str(SEED)}, "remove 'program'"),
    ],
)
def test_a_bad_test_gives_one_line_launch_error(
    client: DapClient, arguments: dict[str, str], message: str
) -> None:
    client.request("initialize")
    error = client.failing("launch", arguments)
    assert message in error and "\n" not in error
