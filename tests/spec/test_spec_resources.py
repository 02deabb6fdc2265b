"""classify_resource on real Task Resource ARNs, and the integration table for completion."""

from __future__ import annotations

import pytest

from asl_lsp.spec.resources import (
    INTEGRATIONS,
    SERVICE_PATTERNS,
    classify_resource,
    completion_arns,
    integrations_by_key,
)

# (arn, kind, service, action, pattern, has_problem)
CASES = [
    (
        "arn:aws:states:::lambda:invoke",
        "integration",
        "lambda",
        "invoke",
        "request-response",
        False,
    ),
    (
        "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "integration",
        "lambda",
        "invoke",
        "waitForTaskToken",
        False,
    ),
    ("arn:aws:states:::lambda:invoke.sync", "integration", "lambda", "invoke", "sync", True),
    ("arn:aws:states:::sns:publish", "integration", "sns", "publish", "request-response", False),
    (
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "integration",
        "sqs",
        "sendMessage",
        "waitForTaskToken",
        False,
    ),
    (
        "arn:aws:states:::dynamodb:putItem",
        "integration",
        "dynamodb",
        "putItem",
        "request-response",
        False,
    ),
    (
        "arn:aws:states:::dynamodb:query",
        "integration",
        "dynamodb",
        "query",
        "request-response",
        True,
    ),
    ("arn:aws:states:::ecs:runTask.sync", "integration", "ecs", "runTask", "sync", False),
    ("arn:aws:states:::batch:submitJob.sync", "integration", "batch", "submitJob", "sync", False),
    ("arn:aws:states:::glue:startJobRun.sync", "integration", "glue", "startJobRun", "sync", False),
    (
        "arn:aws:states:::events:putEvents",
        "integration",
        "events",
        "putEvents",
        "request-response",
        False,
    ),
    (
        "arn:aws:states:::states:startExecution.sync:2",
        "integration",
        "states",
        "startExecution",
        "sync:2",
        False,
    ),
    (
        "arn:aws:states:::athena:startQueryExecution.sync",
        "integration",
        "athena",
        "startQueryExecution",
        "sync",
        False,
    ),
    (
        "arn:aws:states:::sagemaker:createTrainingJob.sync",
        "integration",
        "sagemaker",
        "createTrainingJob",
        "sync",
        False,
    ),
    (
        "arn:aws:states:::elasticmapreduce:createCluster.sync",
        "integration",
        "elasticmapreduce",
        "createCluster",
        "sync",
        False,
    ),
    (
        "arn:aws:states:::codebuild:startBuild.sync",
        "integration",
        "codebuild",
        "startBuild",
        "sync",
        False,
    ),
    ("arn:aws:states:::eks:runJob.sync", "integration", "eks", "runJob", "sync", False),
    ("arn:aws:states:::http:invoke", "integration", "http", "invoke", "request-response", False),
    (
        "arn:aws:states:::bedrock:invokeModel",
        "integration",
        "bedrock",
        "invokeModel",
        "request-response",
        False,
    ),
    (
        "arn:aws:states:::apigateway:invoke.waitForTaskToken",
        "integration",
        "apigateway",
        "invoke",
        "waitForTaskToken",
        False,
    ),
    (
        "arn:aws-cn:states:::lambda:invoke",
        "integration",
        "lambda",
        "invoke",
        "request-response",
        False,
    ),
    (
        "arn:aws-us-gov:states:::sns:publish",
        "integration",
        "sns",
        "publish",
        "request-response",
        False,
    ),
    (
        "arn:aws:states:::kinesis:putRecord",
        "integration",
        "kinesis",
        "putRecord",
        "request-response",
        True,
    ),
    (
        "arn:aws:states:::aws-sdk:s3:listObjectsV2",
        "aws-sdk",
        "s3",
        "listObjectsV2",
        "request-response",
        False,
    ),
    (
        "arn:aws:states:::aws-sdk:sfn:startSyncExecution",
        "aws-sdk",
        "sfn",
        "startSyncExecution",
        "request-response",
        False,
    ),
    (
        "arn:aws:states:::aws-sdk:ec2:describeInstances.waitForTaskToken",
        "aws-sdk",
        "ec2",
        "describeInstances",
        "waitForTaskToken",
        False,
    ),
    (
        "arn:aws:states:::aws-sdk:glue:startCrawler.sync",
        "aws-sdk",
        "glue",
        "startCrawler",
        "sync",
        True,
    ),
    (
        "arn:aws:states:us-west-2:42:activity:a-task",
        "activity",
        "states",
        None,
        "request-response",
        False,
    ),
    (
        "arn:aws:states:us-east-1:123456789012:activity:MyActivity",
        "activity",
        "states",
        None,
        "request-response",
        False,
    ),
    (
        "arn:aws:lambda:us-east-1:123456789012:function:foo",
        "lambda",
        "lambda",
        None,
        "request-response",
        False,
    ),
    (
        "arn:aws:lambda:us-east-1:123456789012:function:foo:prod",
        "lambda",
        "lambda",
        None,
        "request-response",
        False,
    ),
    (
        "arn:aws:lambda:region-1:1234567890:function:FUNCTION_NAME:$LATEST",
        "lambda",
        "lambda",
        None,
        "request-response",
        False,
    ),
    (
        "arn:aws:lambda:REGION:ACCOUNT_ID:function:FUNCTION_NAME",
        "lambda",
        "lambda",
        None,
        "request-response",
        False,
    ),
    (
        "arn:aws:lambda:::function:publish-to-slack-lambda",
        "lambda",
        "lambda",
        None,
        "request-response",
        False,
    ),
    ("arn:aws:lambda:*:*:function:fn", "lambda", "lambda", None, "request-response", False),
    ("arn:aws:swf:us-east-1:123456789012:task:X", "arn", "swf", None, "request-response", False),
]


@pytest.mark.parametrize(("arn", "kind", "service", "action", "pattern", "has_problem"), CASES)
def test_classify_real_arns(
    arn: str, kind: str, service: str, action: str | None, pattern: str, has_problem: bool
) -> None:
    info = classify_resource(arn)
    assert info is not None
    assert info.kind == kind
    assert info.service == service
    assert info.action == action
    assert info.pattern == pattern
    assert (info.problem is not None) == has_problem, info.problem


def test_details_of_lambda_and_activity_arns() -> None:
    info = classify_resource("arn:aws:lambda:eu-west-1:123456789012:function:my-fn:7")
    assert info is not None
    assert (info.partition, info.region, info.account, info.name, info.qualifier) == (
        "aws",
        "eu-west-1",
        "123456789012",
        "my-fn",
        "7",
    )
    info = classify_resource("arn:aws-cn:states:cn-north-1:123456789012:activity:Approve")
    assert info is not None and info.partition == "aws-cn" and info.name == "Approve"
    info = classify_resource("arn:aws:states:::sns:publish")
    assert info is not None and info.integration is not None
    assert info.docs is not None and info.docs.endswith("connect-sns.html")


@pytest.mark.parametrize(
    "arn",
    [
        "",
        "foo:bar",
        "arn:aws:states:::lambda",
        "arn:aws:states:::lambda:invoke.wait",
        "arn:aws:states:::lambda:invoke.sync:3",
        "arn:aws:lambda:us-east-1:123:func:foo",
        "arn:azure:states:::lambda:invoke",
        "arn:aws:states:us-east-1:123:stateMachine",
        "lambda:invoke",
        "arn:aws:states:::aws-sdk:s3",
    ],
)
def test_unknown_shapes_are_none(arn: str) -> None:
    assert classify_resource(arn) is None


@pytest.mark.parametrize(
    ("arn", "kind"),
    [
        ("${LambdaArn}", "placeholder"),
        ("${aws_lambda_function.worker.arn}", "placeholder"),
        ("arn:${AWS::Partition}:states:::lambda:invoke", "integration"),
        ("arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${FunctionName}", "lambda"),
        ("arn:aws:states:${AWS::Region}:${AWS::AccountId}:activity:${Name}", "activity"),
        ("arn:aws:states:::${Service}:${Action}", "integration"),
        ("${Prefix}-function", "placeholder"),
    ],
)
def test_placeholders(arn: str, kind: str) -> None:
    info = classify_resource(arn)
    assert info is not None and info.kind == kind
    assert info.problem is None


def test_placeholder_segments_are_unknown_not_fake_values() -> None:
    info = classify_resource("arn:aws:lambda:${AWS::Region}:123456789012:function:fn")
    assert info is not None
    assert info.region is None and info.account == "123456789012"


def test_integration_table_for_completion() -> None:
    arns = [arn for arn, _ in completion_arns()]
    for expected in (
        "arn:aws:states:::lambda:invoke",
        "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "arn:aws:states:::sns:publish",
        "arn:aws:states:::sqs:sendMessage",
        "arn:aws:states:::dynamodb:getItem",
        "arn:aws:states:::dynamodb:updateItem",
        "arn:aws:states:::ecs:runTask.sync",
        "arn:aws:states:::ecs:runTask.waitForTaskToken",
        "arn:aws:states:::batch:submitJob.sync",
        "arn:aws:states:::glue:startJobRun.sync",
        "arn:aws:states:::events:putEvents",
        "arn:aws:states:::states:startExecution.sync:2",
        "arn:aws:states:::http:invoke",
        "arn:aws:states:::bedrock:invokeModel",
        "arn:aws:states:::apigateway:invoke",
    ):
        assert expected in arns
    assert "arn:aws:states:::lambda:invoke.sync" not in arns
    assert "arn:aws:states:::s3:getObject" not in arns
    assert "arn:aws:states:::s3:getObject" in [a for a, _ in completion_arns(task=False)]
    assert all(a.startswith("arn:aws-cn:") for a, _ in completion_arns("aws-cn"))
    # Every offered ARN classifies as itself without a problem.
    for arn, integration in completion_arns():
        info = classify_resource(arn)
        assert info is not None and info.integration is integration and info.problem is None
    assert len(integrations_by_key()) == len(INTEGRATIONS)
    assert SERVICE_PATTERNS["lambda"] == ("request-response", "waitForTaskToken")
