"""Step builders: every field, every operator, integrations, placeholders, escape hatch, errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from asl_lsp.sdk.steps import (
    OPERATORS,
    AwsSdkStep,
    BatchSubmitJobStep,
    Catch,
    Chain,
    Choice,
    ChoiceRule,
    DynamoDBDeleteItemStep,
    DynamoDBGetItemStep,
    DynamoDBPutItemStep,
    DynamoDBUpdateItemStep,
    EcsRunTaskStep,
    EventBridgePutEventsStep,
    ExecutionInput,
    Fail,
    GlueStartJobRunStep,
    Graph,
    IntegrationPattern,
    LambdaStep,
    Map,
    Parallel,
    Pass,
    Retry,
    SnsPublishStep,
    SqsSendMessageStep,
    StepFunctionsStartExecutionStep,
    Succeed,
    Task,
    Wait,
)


def roundtrip(graph: Graph | Chain) -> dict[str, Any]:
    text = graph.to_json()
    assert Graph.from_json(text).to_json() == text
    assert Graph.from_json(graph.to_json(pretty=True)).to_json(pretty=True) == graph.to_json(
        pretty=True
    )
    result: dict[str, Any] = json.loads(text)
    return result


# --- the 39 operators -------------------------------------------------------------------------

OPERANDS = {
    "string": "a*",
    "pattern": "log-*.txt",
    "timestamp": "2024-01-01T00:00:00Z",
    "number": 4.5,
    "boolean": True,
    "test": True,
    "path": "$.other",
}


def test_there_are_39_operators() -> None:
    assert len(OPERATORS) == 39
    assert sum(op.endswith("Path") for op in OPERATORS) == 16
    assert {
        "StringMatches",
        "IsNull",
        "IsPresent",
        "IsNumeric",
        "IsString",
        "IsBoolean",
        "IsTimestamp",
    } <= set(OPERATORS)


@pytest.mark.parametrize("operator", sorted(OPERATORS))
def test_each_operator_serialises(operator: str) -> None:
    value = OPERANDS[OPERATORS[operator]]
    rule = getattr(ChoiceRule, operator)(variable="$.x", value=value)
    assert rule.to_dict() == {"Variable": "$.x", operator: value}
    choice = Choice("C")
    choice.add_choice(rule, Succeed("Yes"))
    choice.default_choice(Fail("No"))
    data = roundtrip(Graph(choice))
    assert data["States"]["C"]["Choices"] == [{"Variable": "$.x", operator: value, "Next": "Yes"}]
    assert data["States"]["C"]["Default"] == "No"


@pytest.mark.parametrize(
    ("operator", "bad"),
    [
        ("NumericEquals", "1"),
        ("BooleanEquals", 1),
        ("StringEquals", 3),
        ("StringEqualsPath", "x"),
        ("IsPresent", "yes"),
        ("NumericLessThan", True),
    ],
)
def test_operands_are_type_checked(operator: str, bad: Any) -> None:
    with pytest.raises(ValueError, match=operator):
        getattr(ChoiceRule, operator)(variable="$.x", value=bad)


def test_variable_must_be_a_path() -> None:
    with pytest.raises(ValueError, match="JSONPath starting with"):
        ChoiceRule.StringEquals(variable="x", value="a")


def test_and_or_not_and_jsonata_condition() -> None:
    rule = ChoiceRule.And(
        [
            ChoiceRule.Or([ChoiceRule.IsPresent("$.a", True), ChoiceRule.IsNull("$.b", False)]),
            ChoiceRule.Not(ChoiceRule.StringMatches("$.name", "log-*")),
        ]
    )
    assert rule.to_dict() == {
        "And": [
            {"Or": [{"Variable": "$.a", "IsPresent": True}, {"Variable": "$.b", "IsNull": False}]},
            {"Not": {"Variable": "$.name", "StringMatches": "log-*"}},
        ]
    }
    choice = Choice("C", query_language="JSONata")
    choice.add_choice(
        ChoiceRule.Condition("{% $states.input.n > 1 %}"),
        Succeed("Big"),
        assign={"seen": "{% $states.input.n %}"},
        output={"n": 1},
    )
    choice.add_choice(rule, Succeed("Other"))
    data = roundtrip(Graph(choice, query_language="JSONata"))
    assert data["QueryLanguage"] == "JSONata"
    assert data["States"]["C"]["Choices"][0] == {
        "Condition": "{% $states.input.n > 1 %}",
        "Assign": {"seen": "{% $states.input.n %}"},
        "Output": {"n": 1},
        "Next": "Big",
    }
    with pytest.raises(ValueError, match="at least one"):
        ChoiceRule.And([])


# --- states and fields ----------------------------------------------------------------------


def test_pass_fields_in_canonical_order() -> None:
    step = Pass(
        "P",
        comment="c",
        input_path="$.in",
        parameters={"a": 1},
        result={"r": 2},
        result_path="$.res",
        output_path=None,
        assign={"v": 1},
    )
    assert step.to_dict() == {
        "Type": "Pass",
        "Comment": "c",
        "InputPath": "$.in",
        "Parameters": {"a": 1},
        "Result": {"r": 2},
        "ResultPath": "$.res",
        "OutputPath": None,
        "Assign": {"v": 1},
        "End": True,
    }
    assert list(step.to_dict()) == [
        "Type",
        "Comment",
        "InputPath",
        "Parameters",
        "Result",
        "ResultPath",
        "OutputPath",
        "Assign",
        "End",
    ]
    assert step.result_path == "$.res"


def test_unknown_argument_is_refused_with_a_hint() -> None:
    with pytest.raises(TypeError, match="extra="):
        Pass("P", seconds=3)


def test_wait_needs_exactly_one_time_field() -> None:
    assert Wait("W", timestamp_path="$.when").to_dict() == {
        "Type": "Wait",
        "TimestampPath": "$.when",
        "End": True,
    }
    with pytest.raises(ValueError, match="exactly one"):
        Wait("W")
    with pytest.raises(ValueError, match="exactly one"):
        Wait("W", seconds=1, timestamp="2024-01-01T00:00:00Z")


def test_fail_and_succeed() -> None:
    assert Fail("F", error_path="$.e", cause_path="States.Format('x {}', $.c)").to_dict() == {
        "Type": "Fail",
        "ErrorPath": "$.e",
        "CausePath": "States.Format('x {}', $.c)",
    }
    with pytest.raises(ValueError, match="Error or ErrorPath"):
        Fail("F", error="E", error_path="$.e")
    with pytest.raises(ValueError, match="cannot have a next step"):
        Succeed("S").next(Pass("P"))


def test_task_with_every_modern_field() -> None:
    task = Task(
        "T",
        resource="arn:aws:states:::aws-sdk:s3:getObject",
        credentials={"RoleArn": "arn:aws:iam::123456789012:role/Other"},
        parameters={"Bucket": "b", "Key": ExecutionInput()["key"]},
        result_selector={"body.$": "$.Body"},
        result_path="$.obj",
        timeout_seconds_path="$.timeout",
        heartbeat_seconds=10,
        retry=Retry(error_equals=["States.ALL"], max_delay_seconds=30, jitter_strategy="FULL"),
        catch=[Catch(Fail("Oops"), error_equals=["States.ALL"], result_path="$.error")],
    )
    data = roundtrip(Graph(task, comment="all fields", timeout_seconds=60, version="1.0"))
    assert list(data) == ["Comment", "Version", "TimeoutSeconds", "StartAt", "States"]
    assert data["States"]["T"] == {
        "Type": "Task",
        "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
        "Credentials": {"RoleArn": "arn:aws:iam::123456789012:role/Other"},
        "Parameters": {"Bucket": "b", "Key.$": "$$.Execution.Input.key"},
        "TimeoutSecondsPath": "$.timeout",
        "HeartbeatSeconds": 10,
        "ResultSelector": {"body.$": "$.Body"},
        "ResultPath": "$.obj",
        "Retry": [{"ErrorEquals": ["States.ALL"], "MaxDelaySeconds": 30, "JitterStrategy": "FULL"}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Oops"}],
        "End": True,
    }
    with pytest.raises(ValueError, match="TimeoutSeconds or TimeoutSecondsPath"):
        Task("T", resource="r", timeout_seconds=1, timeout_seconds_path="$.t")
    with pytest.raises(ValueError, match="do not support Retry"):
        Pass("P").add_retry(Retry(error_equals=["States.ALL"]))


def test_jsonata_task() -> None:
    task = Task(
        "T",
        query_language="JSONata",
        resource="arn:aws:states:::lambda:invoke",
        arguments={"FunctionName": "f", "Payload": "{% $states.input %}"},
        output="{% $states.result.Payload %}",
        assign={"count": "{% $count + 1 %}"},
        timeout_seconds="{% $states.input.t %}",
    )
    assert task.to_dict() == {
        "Type": "Task",
        "QueryLanguage": "JSONata",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"},
        "TimeoutSeconds": "{% $states.input.t %}",
        "Output": "{% $states.result.Payload %}",
        "Assign": {"count": "{% $count + 1 %}"},
        "End": True,
    }


def test_distributed_map() -> None:
    step = Map(
        "Process",
        item_processor=Chain([Pass("Item"), Succeed("Done")]),
        processor_config={"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
        item_reader={
            "Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
            "Parameters": {"Bucket": "b", "Key": "k.csv"},
        },
        item_batcher={"MaxItemsPerBatch": 10},
        item_selector={"row.$": "$$.Map.Item.Value"},
        result_writer={
            "Resource": "arn:aws:states:::s3:putObject",
            "Parameters": {"Bucket": "out", "Prefix": "p"},
        },
        max_concurrency=100,
        tolerated_failure_percentage=5,
        label="Rows",
    )
    data = roundtrip(Graph(step))
    state = data["States"]["Process"]
    assert state["ItemProcessor"] == {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
        "StartAt": "Item",
        "States": {"Item": {"Type": "Pass", "Next": "Done"}, "Done": {"Type": "Succeed"}},
    }
    assert state["ItemReader"]["ReaderConfig"]["InputType"] == "CSV"
    assert state["Label"] == "Rows" and state["ToleratedFailurePercentage"] == 5
    assert state["ItemSelector"] == {"row.$": "$$.Map.Item.Value"}


def test_ds_sdk_map_iterator_is_kept() -> None:
    step = Map(
        "M",
        iterator=Pass("Each"),
        items_path=ExecutionInput()["items"],
        max_concurrency=2,
        parameters={"item.$": "$$.Map.Item.Value"},
    )
    assert step.to_dict()["Iterator"] == {
        "StartAt": "Each",
        "States": {"Each": {"Type": "Pass", "End": True}},
    }
    assert step.to_dict()["ItemsPath"] == "$$.Execution.Input.items"


def test_parallel_with_result_selector_and_catch() -> None:
    par = Parallel("Par", result_selector={"first.$": "$[0]"}, result_path="$.both")
    par.add_branch(Chain([Pass("A1"), Pass("A2")]))
    par.add_branch(Graph(Pass("B1"), comment="branch b"))
    par.add_catch(Catch(Fail("ParFailed"), error_equals=["States.BranchFailed"]))
    data = roundtrip(Graph(par))
    assert data["States"]["Par"]["Branches"][1] == {
        "Comment": "branch b",
        "StartAt": "B1",
        "States": {"B1": {"Type": "Pass", "End": True}},
    }
    assert list(data["States"]) == ["Par", "ParFailed"]


# --- integrations -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "resource"),
    [
        (LambdaStep("s"), "arn:aws:states:::lambda:invoke"),
        (
            LambdaStep("s", wait_for_callback=True),
            "arn:aws:states:::lambda:invoke.waitForTaskToken",
        ),
        (SnsPublishStep("s"), "arn:aws:states:::sns:publish"),
        (
            SnsPublishStep("s", wait_for_callback=True),
            "arn:aws:states:::sns:publish.waitForTaskToken",
        ),
        (SqsSendMessageStep("s"), "arn:aws:states:::sqs:sendMessage"),
        (
            SqsSendMessageStep("s", wait_for_callback=True),
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        ),
        (DynamoDBGetItemStep("s"), "arn:aws:states:::dynamodb:getItem"),
        (DynamoDBPutItemStep("s"), "arn:aws:states:::dynamodb:putItem"),
        (DynamoDBUpdateItemStep("s"), "arn:aws:states:::dynamodb:updateItem"),
        (DynamoDBDeleteItemStep("s"), "arn:aws:states:::dynamodb:deleteItem"),
        (EcsRunTaskStep("s"), "arn:aws:states:::ecs:runTask.sync"),
        (EcsRunTaskStep("s", wait_for_completion=False), "arn:aws:states:::ecs:runTask"),
        (
            EcsRunTaskStep("s", wait_for_callback=True),
            "arn:aws:states:::ecs:runTask.waitForTaskToken",
        ),
        (BatchSubmitJobStep("s"), "arn:aws:states:::batch:submitJob.sync"),
        (BatchSubmitJobStep("s", wait_for_completion=False), "arn:aws:states:::batch:submitJob"),
        (GlueStartJobRunStep("s"), "arn:aws:states:::glue:startJobRun.sync"),
        (GlueStartJobRunStep("s", wait_for_completion=False), "arn:aws:states:::glue:startJobRun"),
        (EventBridgePutEventsStep("s"), "arn:aws:states:::events:putEvents"),
        (
            EventBridgePutEventsStep("s", wait_for_callback=True),
            "arn:aws:states:::events:putEvents.waitForTaskToken",
        ),
        (StepFunctionsStartExecutionStep("s"), "arn:aws:states:::states:startExecution.sync:2"),
        (
            StepFunctionsStartExecutionStep(
                "s", integration_pattern=IntegrationPattern.WaitForTaskToken
            ),
            "arn:aws:states:::states:startExecution.waitForTaskToken",
        ),
        (
            StepFunctionsStartExecutionStep(
                "s", integration_pattern=IntegrationPattern.CallAndContinue
            ),
            "arn:aws:states:::states:startExecution",
        ),
        (AwsSdkStep("s", "s3", "GetObject"), "arn:aws:states:::aws-sdk:s3:getObject"),
        (AwsSdkStep("s", "dynamodb", "query"), "arn:aws:states:::aws-sdk:dynamodb:query"),
    ],
)
def test_integration_resources(step: Task, resource: str) -> None:
    assert step.to_dict()["Resource"] == resource
    assert step.to_dict()["Type"] == "Task"


def test_integration_steps_refuse_a_resource() -> None:
    with pytest.raises(TypeError, match="sets its own resource"):
        LambdaStep("s", resource="arn:aws:lambda:us-east-1:1:function:f")


# --- placeholders, chains, escape hatch, duplicates --------------------------------------------


def test_placeholders() -> None:
    execution_input = ExecutionInput(schema={"order": {"id": str}, "weird key": int})
    assert execution_input["order"]["id"].to_jsonpath() == "$$.Execution.Input.order.id"
    assert execution_input["weird key"].to_jsonpath() == "$$.Execution.Input['weird key']"
    with pytest.raises(ValueError, match="not in the schema"):
        execution_input["missing"]
    first = Pass("First")
    assert first.output()["items"][0]["name"].to_jsonpath() == "$.items[0].name"
    step = LambdaStep(
        "L",
        parameters={
            "FunctionName": "f",
            "Payload": {"id": execution_input["order"]["id"], "list": [{"x": first.output()["x"]}]},
        },
    )
    assert step.to_dict()["Parameters"] == {
        "FunctionName": "f",
        "Payload": {"id.$": "$$.Execution.Input.order.id", "list": [{"x.$": "$.x"}]},
    }
    execution_input.validate({"order": {"id": "a"}, "weird key": 1})
    with pytest.raises(ValueError, match="must be a string"):
        execution_input.validate({"order": {"id": 1}, "weird key": 1})


def test_choice_in_a_chain_gets_the_next_step_as_default() -> None:
    choice = Choice("C")
    choice.add_choice(ChoiceRule.NumericGreaterThan("$.n", 10), Succeed("Big"))
    data = Chain([Pass("Start"), choice, Pass("Small")]).to_dict()
    assert data["States"]["C"]["Default"] == "Small"
    assert list(data["States"]) == ["Start", "C", "Big", "Small"]


def test_escape_hatch() -> None:
    step = Task(
        "T",
        resource="arn:aws:states:::http:invoke",
        extra={"Arguments": {"Method": "GET"}, "FutureField": {"x": 1}},
    )
    step.update_fields({"AnotherNewField": True})
    data = roundtrip(Graph(step, extra={"TopLevelThing": 1}))
    assert data["States"]["T"]["FutureField"] == {"x": 1}
    assert data["States"]["T"]["AnotherNewField"] is True
    assert list(data["States"]["T"])[-1] == "End"
    assert data["TopLevelThing"] == 1
    with pytest.raises(ValueError, match="built from the step graph"):
        step.update_fields(Next="X")


def test_duplicate_state_ids_are_refused() -> None:
    message = "duplicate state id 'Same': state names must be unique in the whole state machine"
    with pytest.raises(ValueError) as caught:
        Chain([Pass("Same"), Pass("Same")]).to_dict()
    assert str(caught.value) == message
    par = Parallel("Par")
    par.add_branch(Pass("Same"))
    with pytest.raises(ValueError) as caught:
        Chain([Pass("Same"), par]).to_json()
    assert str(caught.value) == message
    shared = Fail("Shared")
    a = Task("A", resource="r", catch=Catch(shared, error_equals=["States.ALL"]))
    b = Task("B", resource="r", catch=Catch(shared, error_equals=["States.ALL"]))
    assert list(Chain([a, b]).to_dict()["States"]) == ["A", "B", "Shared"]


def test_parsed_graph_can_be_edited() -> None:
    graph = Graph.from_json(
        json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
    )
    graph.state("A").next(Succeed("B"))
    assert graph.to_dict() == {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}},
    }


def test_built_definitions_lint_clean() -> None:
    from asl_lsp.diagnostic import Severity
    from asl_lsp.lint.api import lint_text

    choice = Choice("Route")
    choice.add_choice(
        ChoiceRule.And(
            [ChoiceRule.IsPresent("$.n", True), ChoiceRule.NumericGreaterThan("$.n", 3)]
        ),
        Succeed("Big"),
    )
    choice.default_choice(Fail("Small", error="Small", cause="n too small"))
    task = LambdaStep(
        "Call",
        parameters={"FunctionName": "f", "Payload.$": "$"},
        result_selector={"body.$": "$.Payload"},
        result_path="$.call",
        retry=Retry(
            error_equals=["States.TaskFailed"],
            interval_seconds=2,
            max_attempts=3,
            backoff_rate=2.0,
            jitter_strategy="FULL",
        ),
    )
    task.add_catch(Catch(Fail("CallFailed"), error_equals=["States.ALL"]))
    par = Parallel("Both")
    par.add_branch(Pass("Left"))
    par.add_branch(Wait("Right", seconds=1))
    graph = Graph(
        Chain(
            [
                Pass("Start", parameters={"n.$": "$.n"}),
                task,
                par,
                Map("Each", items_path="$.items", item_processor=Pass("Item"), result_path=None),
                choice,
            ]
        ),
        comment="lint me",
    )
    errors = [d for d in lint_text(graph.to_json(pretty=True)) if d.severity is Severity.ERROR]
    assert errors == []
