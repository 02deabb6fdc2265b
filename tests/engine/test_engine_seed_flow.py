"""The seed notebook's branching flow (Pass → Choice → Wait 3 s → Parallel(Hello, World) →
Lambda task with Retry/Catch → Succeed), built with the SDK's builders and run on LocalBackend
with the notebook's Lambda function as a Python handler and the virtual clock."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

from asl_lsp.sdk.backends import LocalBackend
from asl_lsp.sdk.steps import (
    Catch,
    Chain,
    Choice,
    ChoiceRule,
    Fail,
    LambdaStep,
    Parallel,
    Pass,
    Retry,
    Succeed,
    Wait,
)
from asl_lsp.sdk.workflow import Workflow

ROLE = "arn:aws:iam::123456789012:role/StepFunctionsWorkflowExecutionRole"


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The notebook's function, verbatim in behaviour."""
    return {
        "statusCode": 200,
        "input": event["input"],
        "output": base64.b64encode(event["input"].encode()).decode("UTF-8"),
    }


def build() -> Chain:
    start_pass_state = Pass(state_id="MyPassState")
    choice_state = Choice(state_id="Is this Hello World example?")
    wait_state = Wait(state_id="Wait for 3 seconds", seconds=3)
    parallel_state = Parallel("MyParallelState")
    parallel_state.add_branch(Pass(state_id="Hello"))
    parallel_state.add_branch(Pass(state_id="World"))
    lambda_state = LambdaStep(
        state_id="Convert HelloWorld to Base64",
        parameters={"FunctionName": "HelloWorldBase64", "Payload": {"input": "HelloWorld"}},
    )
    lambda_state.add_retry(
        Retry(
            error_equals=["States.TaskFailed"],
            interval_seconds=15,
            max_attempts=2,
            backoff_rate=4.0,
        )
    )
    lambda_state.add_catch(
        Catch(error_equals=["States.TaskFailed"], next_step=Fail("LambdaTaskFailed"))
    )
    succeed_state = Succeed("HelloWorldSuccessful")
    happy_path = Chain([wait_state, parallel_state, lambda_state, succeed_state])
    sad_state = Fail("HelloWorldFailed")
    choice_state.add_choice(
        rule=ChoiceRule.BooleanEquals(
            variable=start_pass_state.output()["IsHelloWorldExample"], value=True
        ),
        next_step=happy_path,
    )
    choice_state.add_choice(
        ChoiceRule.BooleanEquals(
            variable=start_pass_state.output()["IsHelloWorldExample"], value=False
        ),
        next_step=sad_state,
    )
    return Chain([start_pass_state, choice_state])


def test_seed_flow_on_the_local_backend(tmp_path: Path) -> None:
    backend = LocalBackend(
        functions={"HelloWorldBase64": lambda_handler}, clock="virtual", store=tmp_path / "store.db"
    )
    workflow = Workflow(name="MyWorkflow_v2", definition=build(), role=ROLE, backend=backend)
    arn = workflow.create()
    assert arn.endswith(":stateMachine:MyWorkflow_v2")
    started = time.monotonic()
    execution = workflow.execute(inputs={"IsHelloWorldExample": True})
    output = execution.get_output(wait=True)
    assert time.monotonic() - started < 2  # the 3-second wait is virtual
    assert output["Payload"] == {
        "statusCode": 200,
        "input": "HelloWorld",
        "output": "SGVsbG9Xb3JsZA==",
    }
    events = execution.list_events()
    entered = [
        e["stateEnteredEventDetails"]["name"] for e in events if "stateEnteredEventDetails" in e
    ]
    assert entered[:3] == ["MyPassState", "Is this Hello World example?", "Wait for 3 seconds"]
    assert set(entered[3:6]) == {"MyParallelState", "Hello", "World"}
    assert entered[6:] == ["Convert HelloWorld to Base64", "HelloWorldSuccessful"]
    wait_in = next(e for e in events if e["type"] == "WaitStateEntered")["timestamp"]
    wait_out = next(e for e in events if e["type"] == "WaitStateExited")["timestamp"]
    assert 3.0 <= (wait_out - wait_in).total_seconds() < 3.5
    types = [e["type"] for e in events]
    for expected in (
        "ParallelStateStarted",
        "ParallelStateSucceeded",
        "TaskScheduled",
        "TaskSucceeded",
        "ExecutionSucceeded",
    ):
        assert expected in types
    assert "LambdaTaskFailed" not in entered and "HelloWorldFailed" not in entered
    sad = workflow.execute(inputs={"IsHelloWorldExample": False})
    assert sad.describe()["status"] in ("RUNNING", "FAILED")
    backend.wait(sad.execution_arn, 5)
    assert sad.describe()["status"] == "FAILED"
    assert json.loads(sad.describe()["input"]) == {"IsHelloWorldExample": False}
    backend.close()
