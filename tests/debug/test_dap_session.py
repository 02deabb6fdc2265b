"""The Debug Adapter Protocol over stdio against a real ``asl debug`` process."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.debug.dap_client import DapClient

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "hello-world.asl.json"
HELLO = {"IsHelloWorldExample": True}


@pytest.fixture
def client() -> Iterator[DapClient]:
    dap = DapClient(cwd=str(ROOT))
    yield dap
    dap.close()


def line_of(path: Path, needle: str, nth: int = 0) -> int:
    """1-based line of the ``nth`` line containing ``needle``."""
    lines = [i + 1 for i, text in enumerate(path.read_text().splitlines()) if needle in text]
    return lines[nth]


def write(tmp_path: Path, definition: dict[str, Any]) -> Path:
    path = tmp_path / "machine.asl.json"
    path.write_text(json.dumps(definition, indent=2))
    return path


def test_initialize_announces_capabilities(client: DapClient) -> None:
    caps = client.request("initialize", {"adapterID": "asl"})
    assert caps["supportsConfigurationDoneRequest"]
    assert caps["supportsConditionalBreakpoints"] and caps["supportsHitConditionalBreakpoints"]
    filters = {f["filter"] for f in caps["exceptionBreakpointFilters"]}
    assert filters == {"states-uncaught", "states-caught", "custom-uncaught", "custom-caught"}
    assert "launch first" in client.failing("setBreakpoints", {"source": {"path": str(SEED)}})


def test_launch_refuses_a_missing_program(client: DapClient, tmp_path: Path) -> None:
    client.request("initialize")
    message = client.failing("launch", {"program": str(tmp_path / "none.json")})
    assert "none.json" in message
    assert "'program' is required" in client.failing("launch", {})


def test_breakpoints_are_verified_and_moved_to_their_state(client: DapClient) -> None:
    wait_body = line_of(SEED, '"Seconds": 3')
    rule_two = line_of(SEED, '"BooleanEquals": false')
    client.start(
        {"program": str(SEED), "input": HELLO},
        [{"line": wait_body}, {"line": rule_two}, {"line": 10_000}],
    )
    placed = client.breakpoints
    assert placed[0] == {
        "id": placed[0]["id"],
        "verified": True,
        "line": line_of(SEED, '"Wait for 3 seconds": {'),
    }
    assert placed[1]["verified"] and placed[1]["line"] == rule_two - 2  # the rule's opening brace
    assert not placed[2]["verified"]
    # The second rule is evaluated (the first did not match? it did: true) -> only the Wait stops.
    stop = client.stopped()
    assert stop["reason"] == "breakpoint" and stop["hitBreakpointIds"] == [placed[0]["id"]]
    assert client.top(stop["threadId"])["name"] == "Wait for 3 seconds"
    client.request("continue", {"threadId": stop["threadId"]})
    assert client.wait_event("exited")["exitCode"] == 0
    client.wait_event("terminated")


def test_choice_rule_breakpoint_stops_when_the_rule_is_evaluated(client: DapClient) -> None:
    rule_two = line_of(SEED, '"BooleanEquals": false')
    client.start(
        {"program": str(SEED), "input": {"IsHelloWorldExample": False}}, [{"line": rule_two}]
    )
    stop = client.stopped()
    top = client.top(stop["threadId"])
    assert top["name"] == "Is this Hello World example? - Choices[1]"
    assert top["line"] == rule_two - 2
    flow = client.scope_values(top["id"])["Data flow"]
    assert flow == {"Choices[0]": False, "Choices[1]": True}
    client.request("continue", {"threadId": stop["threadId"]})
    # HelloWorldFailed is a Fail state: an uncaught custom error stops by default.
    stop = client.stopped()
    assert stop["reason"] == "exception"
    assert client.top(stop["threadId"])["name"].startswith("HelloWorldFailed")
    info = client.request("exceptionInfo", {"threadId": stop["threadId"]})
    assert info["exceptionId"] == "(no error name)"
    client.request("continue", {"threadId": stop["threadId"]})
    assert client.wait_event("exited")["exitCode"] == 1


def test_conditional_and_hit_count_breakpoints(client: DapClient, tmp_path: Path) -> None:
    loop = write(
        tmp_path,
        {
            "StartAt": "Count",
            "States": {
                "Count": {
                    "Type": "Pass",
                    "Parameters": {"n.$": "States.MathAdd($.n, 1)"},
                    "Next": "More?",
                },
                "More?": {
                    "Type": "Choice",
                    "Choices": [{"Variable": "$.n", "NumericLessThan": 10, "Next": "Count"}],
                    "Default": "Done",
                },
                "Done": {"Type": "Succeed"},
            },
        },
    )
    count = line_of(loop, '"Count": {')
    more = line_of(loop, '"More?": {')
    client.start(
        {"program": str(loop), "input": {"n": 0}},
        [{"line": count, "condition": "$states.input.n = 4"}, {"line": more, "hitCondition": "7"}],
    )
    stop = client.stopped()
    top = client.top(stop["threadId"])
    assert top["name"] == "Count" and client.scope_values(top["id"])["Input"] == {"n": 4}
    client.request("continue", {"threadId": stop["threadId"]})
    stop = client.stopped()
    top = client.top(stop["threadId"])
    assert top["name"] == "More?" and client.scope_values(top["id"])["Input"] == {"n": 7}
    client.request("continue", {"threadId": stop["threadId"]})
    assert client.wait_event("exited")["exitCode"] == 0


def test_jsonata_condition_and_evaluate(client: DapClient, tmp_path: Path) -> None:
    program = write(
        tmp_path,
        {
            "QueryLanguage": "JSONata",
            "StartAt": "Total",
            "States": {
                "Total": {
                    "Type": "Pass",
                    "Assign": {"count": "{% $count($states.input.items) %}"},
                    "Output": {"total": "{% $sum($states.input.items.price) %}"},
                    "End": True,
                }
            },
        },
    )
    items = {"order": {"total": 5}, "items": [{"price": 2}, {"price": 3}]}
    client.start(
        {"program": str(program), "input": items},
        [{"line": line_of(program, '"Total": {'), "condition": "$states.input.order.total > 4"}],
    )
    stop = client.stopped()
    frame = client.top(stop["threadId"])["id"]

    def evaluate(expression: str) -> str:
        body = client.request("evaluate", {"expression": expression, "frameId": frame})
        return str(body["result"])

    assert evaluate("$.order.total") == "5"
    assert evaluate("States.ArrayLength($.items)") == "2"
    assert evaluate("{% $sum($states.input.items.price) %}") == "5"
    assert evaluate("$states.context.State.Name") == '"Total"'
    assert "States." in client.failing("evaluate", {"expression": "$.nope", "frameId": frame})
    client.request("stepIn", {"threadId": stop["threadId"]})
    stop = client.stopped()
    top = client.top(stop["threadId"])
    assert top["name"] == "Total - Output"
    assert client.scope_values(top["id"])["Output"] == {"total": 5}
    client.request("stepIn", {"threadId": stop["threadId"]})
    stop = client.stopped()
    top = client.top(stop["threadId"])
    assert top["name"] == "Total - Assign"
    client.request("continue", {"threadId": stop["threadId"]})
    assert client.wait_event("exited")["exitCode"] == 0


def test_step_in_walks_the_data_flow_and_step_out_leaves_it(client: DapClient) -> None:
    task = line_of(SEED, '"Convert HelloWorld to Base64": {')
    client.start({"program": str(SEED), "input": HELLO}, [{"line": task}])
    stop = client.stopped()
    thread = stop["threadId"]
    names = [client.top(thread)["name"]]
    for _ in range(2):
        client.request("stepIn", {"threadId": thread})
        client.stopped()
        names.append(client.top(thread)["name"])
    assert names == [
        "Convert HelloWorld to Base64",
        "Convert HelloWorld to Base64 - Parameters",
        "Convert HelloWorld to Base64 - Result",
    ]
    scopes = client.scope_values(client.top(thread)["id"])
    assert scopes["Effective input"] == {
        "FunctionName": "HelloWorldFunction",
        "Payload": {"input": "HelloWorld"},
    }
    assert scopes["Task result"]["Payload"]["output"] == "SGVsbG9Xb3JsZA=="
    assert scopes["Context object"]["State"]["Name"] == "Convert HelloWorld to Base64"
    assert scopes["Variables"] == {"value": {}}
    client.request("stepOut", {"threadId": thread})
    client.stopped()
    assert client.top(thread)["name"] == "HelloWorldSuccessful"
    client.request("continue", {"threadId": thread})
    assert client.wait_event("exited")["exitCode"] == 0


def test_threads_for_parallel_branches(client: DapClient) -> None:
    parallel = line_of(SEED, '"MyParallelState": {')
    client.start({"program": str(SEED), "input": HELLO}, [{"line": parallel}])
    stop = client.stopped()
    main = stop["threadId"]
    client.request("stepIn", {"threadId": main})
    stop = client.stopped()
    branch = stop["threadId"]
    assert branch != main
    names = {t["name"] for t in client.request("threads")["threads"]}
    assert "Execution" in names and any(n.startswith("MyParallelState branch") for n in names)
    frames = client.request("stackTrace", {"threadId": branch})["stackFrames"]
    assert [f["name"] for f in frames][1:] == ["MyParallelState"]
    assert frames[0]["name"] in ("Hello", "World")
    # Out of the branch: the next stop is on the thread that started it.
    client.request("stepOut", {"threadId": branch})
    stop = client.stopped()
    assert stop["threadId"] == main
    assert client.top(main)["name"] == "MyParallelState - Result"
    client.request("continue", {"threadId": main})
    assert client.wait_event("exited")["exitCode"] == 0
    exited = [
        e for e in client.seen_events if e["event"] == "thread" and e["body"]["reason"] == "exited"
    ]
    assert len(exited) == 2


def test_exception_breakpoints_caught_and_uncaught(client: DapClient, tmp_path: Path) -> None:
    program = write(
        tmp_path,
        {
            "StartAt": "Bad path",
            "States": {
                "Bad path": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "NoSuchFunction"},
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Boom"}],
                    "Next": "Boom",
                },
                "Boom": {"Type": "Fail", "Error": "Custom.Boom", "Cause": "on purpose"},
            },
        },
    )
    client.start({"program": str(program)}, exception_filters=["states-caught"])
    stop = client.stopped()
    assert stop["reason"] == "exception" and stop["text"].startswith("States.")
    scopes = client.scope_values(client.top(stop["threadId"])["id"])
    assert scopes["Error"]["Error"] == stop["text"]
    client.request("continue", {"threadId": stop["threadId"]})
    # custom-uncaught is off: the Fail state ends the execution without a stop.
    assert client.wait_event("exited")["exitCode"] == 1
    assert not [e for e in client.seen_events if e["event"] == "stopped"][1:]


def test_pause_restart_and_terminate(client: DapClient, tmp_path: Path) -> None:
    program = write(
        tmp_path,
        {
            "StartAt": "Spin",
            "States": {
                "Spin": {"Type": "Pass", "Next": "Again"},
                "Again": {"Type": "Wait", "Seconds": 1, "Next": "Spin"},
            },
        },
    )
    client.start({"program": str(program), "stopOnEntry": True})
    stop = client.stopped()
    assert stop["reason"] == "entry"
    client.request("continue", {"threadId": stop["threadId"]})
    client.request("pause", {"threadId": stop["threadId"]})
    assert client.stopped()["reason"] == "pause"
    client.request("restart", {})
    assert client.stopped()["reason"] == "entry"
    client.request("terminate")
    assert client.wait_event("exited") == {"exitCode": 1}
    client.wait_event("terminated")


def test_seed_stepped_start_to_end_matches_asl_run_history(client: DapClient) -> None:
    """Every stop of a ``next`` walk shows the input ``asl run`` recorded for that state."""
    asl = shutil.which("asl", path=str(Path(sys.executable).parent)) or "asl"
    done = subprocess.run(
        [asl, "run", str(SEED), "--input", json.dumps(HELLO), "--virtual-clock", "--events"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    entered = re.findall(r"\d+ \S+ \w+StateEntered (.+)", done.stderr)
    top_level = set(json.loads(SEED.read_text())["States"])
    expected_names = [name for name in entered if name in top_level]

    from asl_lsp.engine.loading import handlers_for
    from asl_lsp.engine.runner import run_definition

    functions, _ = handlers_for(SEED)
    history = run_definition(json.loads(SEED.read_text()), HELLO, functions=functions).events
    inputs = [
        (e["stateEnteredEventDetails"]["name"], json.loads(e["stateEnteredEventDetails"]["input"]))
        for e in history
        if "stateEnteredEventDetails" in e and e["stateEnteredEventDetails"]["name"] in top_level
    ]
    assert [n for n, _ in inputs] == expected_names

    client.start({"program": str(SEED), "input": HELLO, "stopOnEntry": True})
    seen: list[tuple[str, Any]] = []
    while True:
        event = client.events.get(timeout=20)
        if event["event"] == "terminated":
            break
        if event["event"] != "stopped":
            continue
        thread = event["body"]["threadId"]
        top = client.top(thread)
        seen.append((top["name"], client.scope_values(top["id"])["Input"]))
        client.request("next", {"threadId": thread})
    assert [n for n, _ in seen] == expected_names
    for (name, value), (_, recorded) in zip(seen, inputs, strict=True):
        assert without_request_metadata(value) == without_request_metadata(recorded), name


def without_request_metadata(value: Any) -> Any:
    """A Lambda response minus the per-request headers and ids (a date, fresh request ids)."""
    if isinstance(value, dict):
        return {
            k: without_request_metadata(v)
            for k, v in value.items()
            if k not in ("SdkHttpMetadata", "SdkResponseMetadata")
        }
    return value


def test_port_mode_serves_on_localhost() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "asl_lsp", "debug", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert process.stderr is not None
        banner = process.stderr.readline()
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", banner)
        assert match, banner
        with socket.create_connection(("127.0.0.1", int(match.group(1))), timeout=20) as conn:
            body = json.dumps({"seq": 1, "type": "request", "command": "initialize"}).encode()
            conn.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            reader = conn.makefile("rb")
            header = reader.readline()
            length = int(header.split(b":")[1])
            reader.readline()
            reply = json.loads(reader.read(length))
            assert reply["command"] == "initialize" and reply["success"]
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


def readme_nvim_adapter() -> list[str]:
    """The command of the nvim-dap adapter the README tells Neovim users to define."""
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"dap\.adapters\.asl = \{(.*?)\n\}", readme, re.S)
    assert block, "README has no dap.adapters.asl definition"
    command = re.search(r"command = '([^']+)'", block.group(1))
    args = re.search(r"args = \{([^}]*)\}", block.group(1))
    assert command and args
    return [command.group(1), *re.findall(r"'([^']+)'", args.group(1))]


def test_readme_neovim_adapter_command_debugs_the_seed() -> None:
    """nvim-dap is not installed here: the README's adapter command is driven by the test client
    exactly as nvim-dap would start it (an executable adapter over stdio)."""
    command = readme_nvim_adapter()
    resolved = shutil.which(command[0], path=str(Path(sys.executable).parent))
    assert resolved, f"{command[0]} is not installed beside {sys.executable}"
    dap = DapClient([resolved, *command[1:]], cwd=str(ROOT))
    try:
        dap.start({"program": str(SEED), "input": HELLO, "stopOnEntry": True})
        stop = dap.stopped()
        assert dap.top(stop["threadId"])["name"] == "MyPassState"
        dap.request("continue", {"threadId": stop["threadId"]})
        assert dap.wait_event("exited")["exitCode"] == 0
    finally:
        dap.close()


def test_no_debug_runs_without_stopping(client: DapClient) -> None:
    task = line_of(SEED, '"Convert HelloWorld to Base64": {')
    client.start(
        {"program": str(SEED), "input": HELLO, "stopOnEntry": True, "noDebug": True},
        [{"line": task}],
    )
    assert client.wait_event("exited")["exitCode"] == 0
    assert not [e for e in client.seen_events if e["event"] == "stopped"]
