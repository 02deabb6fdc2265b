"""Workflow / Execution / AwsBackend against a real moto server (which really executes JSONPath
state machines)."""

from __future__ import annotations

import json
import logging
import uuid

import pytest

from asl_lsp.sdk.backends import AwsBackend, InvalidDefinition, ResourceNotFound
from asl_lsp.sdk.backends.base import BackendError
from asl_lsp.sdk.inputs import ExecutionInput
from asl_lsp.sdk.steps import Chain, Choice, ChoiceRule, Fail, Map, Pass, Succeed, Task, Wait
from asl_lsp.sdk.workflow import Execution, Workflow

UNKNOWN_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:does-not-exist"
UNKNOWN_EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:does-not-exist:x"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def data_flow_definition() -> Chain:
    execution_input = ExecutionInput(schema={"items": list, "greeting": str})
    greet = Pass(
        "Greet",
        parameters={"message": execution_input["greeting"], "items": execution_input["items"]},
    )
    double = Map(
        "Double",
        items_path="$.items",
        result_path="$.doubled",
        iterator=Pass(
            "Each", parameters={"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"}
        ),
    )
    choice = Choice("Enough?")
    choice.add_choice(ChoiceRule.NumericGreaterThanEquals("$.count", 2), Succeed("Plenty"))
    choice.default_choice(Fail("TooFew", error="TooFew", cause="fewer than two items"))
    count = Pass(
        "Count",
        parameters={
            "count.$": "States.ArrayLength($.items)",
            "message.$": "$.message",
            "doubled.$": "$.doubled",
        },
    )
    return Chain([greet, double, count, choice])


def test_create_execute_output_history(aws: AwsBackend, role: str) -> None:
    workflow = Workflow(
        unique("data-flow"),
        data_flow_definition(),
        role,
        backend=aws,
        execution_input=ExecutionInput(schema={"items": list, "greeting": str}),
    )
    arn = workflow.create()
    assert aws.describe_state_machine(arn)["definition"] == workflow.definition.to_json()
    execution = workflow.execute(inputs={"items": ["a", "b", "c"], "greeting": "hi"})
    output = execution.get_output(wait=True, timeout=30)
    assert output == {
        "count": 3,
        "message": "hi",
        "doubled": [
            {"value": "a", "index": 0},
            {"value": "b", "index": 1},
            {"value": "c", "index": 2},
        ],
    }
    events = execution.list_events()
    assert isinstance(events, list)
    assert events[0]["type"] == "ExecutionStarted"
    assert events[-1]["type"] == "ExecutionSucceeded"
    newest_first = execution.list_events(reverse_order=True)
    assert isinstance(newest_first, list)
    assert newest_first[0]["type"] == "ExecutionSucceeded"
    assert [e["id"] for e in newest_first] == [e["id"] for e in reversed(events)]
    assert len(execution.list_events(max_items=3)) == 3

    failed = workflow.execute(inputs={"items": ["a"], "greeting": "hi"})
    info = failed.wait(timeout=30)
    assert (info["status"], info.get("error"), info.get("cause")) == (
        "FAILED",
        "TooFew",
        "fewer than two items",
    )
    with pytest.raises(ValueError, match="items is missing"):
        workflow.execute(inputs={"greeting": "hi"})


def test_update_describe_list_attach_delete(aws: AwsBackend, role: str) -> None:
    name = unique("lifecycle")
    workflow = Workflow(name, Pass("One", result={"v": 1}), role, backend=aws)
    arn = workflow.create()
    workflow.update(definition=Pass("Two", result={"v": 2}))
    assert json.loads(aws.describe_state_machine(arn)["definition"])["StartAt"] == "Two"
    assert workflow.execute().get_output(wait=True, timeout=30) == {"v": 2}
    other_role = role.replace("Execution", "Other")
    workflow.update(role=other_role)
    assert aws.describe_state_machine(arn)["roleArn"] == other_role

    names = [w["name"] for w in Workflow.list_workflows(backend=aws)]  # type: ignore[index]
    assert name in names
    table = Workflow.list_workflows(backend=aws, html=True)
    assert name in table._repr_html_()  # type: ignore[union-attr]

    attached = Workflow.attach(arn, backend=aws)
    assert attached.name == name and attached.definition.start_at == "Two"
    runs = attached.list_executions()
    assert len(runs) == 1 and isinstance(runs[0], Execution)
    assert [r.status for r in attached.list_executions(status_filter="SUCCEEDED")] == ["SUCCEEDED"]  # type: ignore[union-attr]
    assert attached.list_executions(status_filter="FAILED") == []

    workflow.delete()
    with pytest.raises(ResourceNotFound):
        aws.describe_state_machine(arn)


def test_create_existing_name_warns_and_returns_the_arn(
    aws: AwsBackend, role: str, caplog: pytest.LogCaptureFixture
) -> None:
    name = unique("twice")
    first = Workflow(name, Pass("A"), role, backend=aws).create()
    with caplog.at_level(logging.WARNING, logger="asl_lsp.sdk"):
        second = Workflow(name, Pass("B"), role, backend=aws).create()
    assert second == first
    assert "already exists" in caplog.text and "update()" in caplog.text


def test_stop_execution(aws: AwsBackend, role: str) -> None:
    workflow = Workflow(
        unique("slow"), Chain([Wait("Long", seconds=120), Succeed("End")]), role, backend=aws
    )
    workflow.create()
    execution = workflow.execute(name="to-stop")
    assert execution.name == "to-stop"
    assert execution.describe()["status"] == "RUNNING"
    execution.stop(error="Manual", cause="stopped by the test")
    info = execution.wait(timeout=10)
    assert info["status"] == "ABORTED"
    assert execution.get_output() is None


def test_express_workflow(aws: AwsBackend, role: str) -> None:
    workflow = Workflow(unique("express"), Pass("P", result=1), role, backend=aws, type="EXPRESS")
    arn = workflow.create()
    assert aws.describe_state_machine(arn)["type"] == "EXPRESS"


def test_unknown_arns_give_clear_errors(aws: AwsBackend) -> None:
    with pytest.raises(ResourceNotFound, match="State Machine Does Not Exist"):
        aws.describe_state_machine(UNKNOWN_MACHINE)
    with pytest.raises(ResourceNotFound, match="Execution Does Not Exist"):
        aws.describe_execution(UNKNOWN_EXECUTION)
    with pytest.raises(ResourceNotFound, match="invalid ARN"):
        aws.describe_state_machine("not-an-arn")
    with pytest.raises(ResourceNotFound):
        Workflow.attach(UNKNOWN_MACHINE, backend=aws)


def test_bad_definition_and_bad_role(aws: AwsBackend, role: str) -> None:
    with pytest.raises(InvalidDefinition, match="AWS rejected the definition"):
        aws.create_state_machine(unique("bad"), '{"StartAt": "X"}', role)
    with pytest.raises(InvalidDefinition, match="AWS rejected the definition"):
        aws.create_state_machine(unique("bad"), "not json", role)
    with pytest.raises(BackendError, match=r"invalid role ARN 'nope'.*arn:aws:iam::ACCOUNT"):
        Workflow(unique("role"), Pass("P"), "nope", backend=aws).create()
    with pytest.raises(BackendError, match="call create\\(\\) or attach\\(\\) first"):
        Workflow(unique("none"), Pass("P"), role, backend=aws).execute()


def test_missing_credentials_are_explained(
    moto_server: object, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    for key in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_PROFILE",
    ):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    backend = AwsBackend(endpoint_url=moto_server.endpoint_url)  # type: ignore[attr-defined]
    with pytest.raises(BackendError, match="no AWS credentials found"):
        backend.list_state_machines()


def test_missing_region_and_profile_are_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    with pytest.raises(BackendError, match="no AWS region"):
        AwsBackend()
    with pytest.raises(BackendError, match="profile not found"):
        AwsBackend(profile="no-such-profile-here", region="us-east-1")


def test_task_failure_is_caught(aws: AwsBackend, role: str) -> None:
    # moto answers a DynamoDB getItem on a missing table with an error: Catch routes it.
    task = Task(
        "Get",
        resource="arn:aws:states:::dynamodb:getItem",
        parameters={"TableName": "no-such-table", "Key": {"id": {"S": "1"}}},
        result_path="$.item",
    )
    from asl_lsp.sdk.steps import Catch

    task.add_catch(
        Catch(
            Pass("Recovered", result="caught", result_path="$.status"),
            error_equals=["States.ALL"],
            result_path="$.error",
        )
    )
    workflow = Workflow(unique("catch"), task, role, backend=aws)
    workflow.create()
    output = workflow.execute(inputs={"x": 1}).get_output(wait=True, timeout=30)
    assert output["x"] == 1 and output["status"] == "caught"
    assert "Error" in output["error"]
