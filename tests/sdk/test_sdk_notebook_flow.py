"""The seed notebook (Data Science SDK "Hello World"), ported by changing only its imports, run
against a real moto server through AwsBackend.

moto (``lambda.use_docker: false``) does not run Lambda code: a ``lambda:invoke`` task succeeds
and returns ``{"StatusCode": 200, "Payload": <the request payload>}`` whether or not the function
exists. So the happy path really reaches ``HelloWorldSuccessful`` (output: the echoed payload).
"""

from __future__ import annotations

import json
import logging
from typing import Any

import asl_lsp.sdk as stepfunctions
from asl_lsp.sdk.backends.aws import AwsBackend
from asl_lsp.sdk.steps import *  # noqa: F403
from asl_lsp.sdk.steps import Chain, ChoiceRule, Graph
from asl_lsp.sdk.workflow import Execution, Workflow

EXPECTED_BRANCHING: dict[str, Any] = {
    "StartAt": "MyPassState",
    "States": {
        "MyPassState": {"Type": "Pass", "Next": "Is this Hello World example?"},
        "Is this Hello World example?": {
            "Type": "Choice",
            "Choices": [
                {
                    "Variable": "$.IsHelloWorldExample",
                    "BooleanEquals": True,
                    "Next": "Wait for 3 seconds",
                },
                {
                    "Variable": "$.IsHelloWorldExample",
                    "BooleanEquals": False,
                    "Next": "HelloWorldFailed",
                },
            ],
        },
        "Wait for 3 seconds": {"Type": "Wait", "Seconds": 3, "Next": "MyParallelState"},
        "MyParallelState": {
            "Type": "Parallel",
            "Branches": [
                {"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "End": True}}},
                {"StartAt": "World", "States": {"World": {"Type": "Pass", "End": True}}},
            ],
            "Next": "Convert HelloWorld to Base64",
        },
        "Convert HelloWorld to Base64": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "HelloWorldBase64", "Payload": {"input": "HelloWorld"}},
            "Retry": [
                {
                    "ErrorEquals": ["States.TaskFailed"],
                    "IntervalSeconds": 15,
                    "MaxAttempts": 2,
                    "BackoffRate": 4.0,
                }
            ],
            "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "LambdaTaskFailed"}],
            "Next": "HelloWorldSuccessful",
        },
        "HelloWorldSuccessful": {"Type": "Succeed"},
        "LambdaTaskFailed": {"Type": "Fail"},
        "HelloWorldFailed": {"Type": "Fail"},
    },
}


def test_seed_notebook_flow(aws: AwsBackend, role: str) -> None:
    # --- cells of the notebook, unchanged except imports and the backend binding -----------
    stepfunctions.set_stream_logger(level=logging.INFO)
    workflow_execution_role = role

    start_pass_state = Pass(state_id="MyPassState")  # noqa: F405
    basic_path = Chain([start_pass_state])
    basic_workflow = Workflow(
        name="MyWorkflow_Simple", definition=basic_path, role=workflow_execution_role, backend=aws
    )
    assert json.loads(basic_workflow.definition.to_json(pretty=True)) == {
        "StartAt": "MyPassState",
        "States": {"MyPassState": {"Type": "Pass", "End": True}},
    }
    basic_arn = basic_workflow.create()
    assert basic_arn.startswith("arn:aws:states:us-east-1:") and basic_arn.endswith(
        ":stateMachine:MyWorkflow_Simple"
    )
    basic_workflow_execution = basic_workflow.execute()
    assert isinstance(basic_workflow_execution, Execution)
    assert basic_workflow_execution.get_output(wait=True) == {}
    basic_events = basic_workflow_execution.list_events(html=True)
    html = basic_events._repr_html_()  # type: ignore[union-attr]
    assert "PassStateEntered" in html and "MyPassState" in html

    choice_state = Choice(state_id="Is this Hello World example?")  # noqa: F405
    wait_state = Wait(state_id="Wait for 3 seconds", seconds=3)  # noqa: F405
    parallel_state = Parallel("MyParallelState")  # noqa: F405
    parallel_state.add_branch(Pass(state_id="Hello"))  # noqa: F405
    parallel_state.add_branch(Pass(state_id="World"))  # noqa: F405
    lambda_state = LambdaStep(  # noqa: F405
        state_id="Convert HelloWorld to Base64",
        parameters={"FunctionName": "HelloWorldBase64", "Payload": {"input": "HelloWorld"}},
    )
    lambda_state.add_retry(
        Retry(  # noqa: F405
            error_equals=["States.TaskFailed"],
            interval_seconds=15,
            max_attempts=2,
            backoff_rate=4.0,
        )
    )
    lambda_state.add_catch(
        Catch(  # noqa: F405
            error_equals=["States.TaskFailed"],
            next_step=Fail("LambdaTaskFailed"),  # noqa: F405
        )
    )
    succeed_state = Succeed("HelloWorldSuccessful")  # noqa: F405
    happy_path = Chain([wait_state, parallel_state, lambda_state, succeed_state])
    happy_workflow = Workflow(
        name="MyWorkflow_Happy", definition=happy_path, role=workflow_execution_role, backend=aws
    )
    assert happy_workflow.definition.start_at == "Wait for 3 seconds"
    sad_state = Fail("HelloWorldFailed")  # noqa: F405
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
    branching_workflow_definition = Chain([start_pass_state, choice_state])
    branching_workflow = Workflow(
        name="MyWorkflow_v2",
        definition=branching_workflow_definition,
        role=workflow_execution_role,
        backend=aws,
    )

    # --- the ASL the notebook prints --------------------------------------------------------
    text = branching_workflow.definition.to_json(pretty=True)
    assert json.loads(text) == EXPECTED_BRANCHING
    assert list(json.loads(text)["States"]) == list(EXPECTED_BRANCHING["States"])
    assert Graph.from_json(text).to_json(pretty=True) == text

    # --- create, execute the happy path, inspect ------------------------------------------
    arn = branching_workflow.create()
    assert arn.endswith(":stateMachine:MyWorkflow_v2")
    execution = branching_workflow.execute(inputs={"IsHelloWorldExample": True})
    assert execution.get_output(wait=True, timeout=60) == {
        "StatusCode": 200,
        "Payload": {"input": "HelloWorld"},
    }
    assert execution.describe()["status"] == "SUCCEEDED"
    assert execution.get_input() == {"IsHelloWorldExample": True}

    events = execution.list_events()
    assert isinstance(events, list)
    entered = [
        (e["type"], e["stateEnteredEventDetails"]["name"])
        for e in events
        if "stateEnteredEventDetails" in e
    ]
    assert ("WaitStateEntered", "Wait for 3 seconds") in entered
    assert ("ParallelStateEntered", "MyParallelState") in entered
    assert ("TaskStateEntered", "Convert HelloWorld to Base64") in entered
    assert ("SucceedStateEntered", "HelloWorldSuccessful") in entered
    assert all(name != "HelloWorldFailed" for _, name in entered)
    assert events[-1]["type"] == "ExecutionSucceeded"

    table = execution.list_events(html=True)
    assert "MyParallelState" in table._repr_html_()  # type: ignore[union-attr]

    progress = execution.render_progress()
    assert "Wait for 3 seconds" in progress._repr_html_()
    graph = branching_workflow.render_graph(portrait=False)
    assert "Is this Hello World example?" in graph._repr_html_()

    # the sad path, for contrast
    sad = branching_workflow.execute(inputs={"IsHelloWorldExample": False})
    final = sad.wait(timeout=30)
    assert final["status"] == "FAILED"
    assert sad.get_output() is None
