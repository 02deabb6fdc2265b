"""The catalogue of optimized integrations, checked against the AWS documentation it cites.

https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
"""

from __future__ import annotations

from asl_lsp.spec.integrations import (
    INTEGRATIONS,
    PATTERN_SUFFIX,
    integration_problem,
    sdk_alternative,
    sdk_pattern_problem,
    service_patterns,
)


def test_every_entry_cites_its_aws_page_and_offers_request_response() -> None:
    for integration in INTEGRATIONS:
        assert integration.docs.startswith("https://docs.aws.amazon.com/step-functions/")
        assert integration.patterns[0] == "request-response"
        assert set(integration.patterns) <= set(PATTERN_SUFFIX)
    keys = [(i.service, i.action) for i in INTEGRATIONS]
    assert len(keys) == len(set(keys))


def test_dynamodb_offers_four_request_response_apis() -> None:
    """https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html"""
    dynamodb = {i.action: i.patterns for i in INTEGRATIONS if i.service == "dynamodb"}
    assert dynamodb == {
        "getItem": ("request-response",),
        "putItem": ("request-response",),
        "updateItem": ("request-response",),
        "deleteItem": ("request-response",),
    }


def test_patterns_per_service_follow_the_table() -> None:
    """The services with Run a Job and Wait for Callback in AWS's table.

    https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
    """
    patterns = service_patterns()
    sync = {s for s, p in patterns.items() if "sync" in p}
    token = {s for s, p in patterns.items() if "waitForTaskToken" in p}
    assert sync == {
        "athena", "batch", "bedrock", "codebuild", "ecs", "eks", "elasticmapreduce",
        "emr-containers", "emr-serverless", "glue", "databrew", "mediaconvert", "sagemaker",
        "states",
    }  # fmt: skip
    assert token == {
        "apigateway", "bedrock", "ecs", "eks", "events", "lambda", "sns", "sqs", "states",
    }  # fmt: skip
    assert {s for s, p in patterns.items() if "sync:2" in p} == {"states"}


def test_problems_name_the_aws_sdk_alternative() -> None:
    problem = integration_problem("dynamodb", "query", "request-response")
    assert problem is not None and "arn:aws:states:::aws-sdk:dynamodb:query" in problem
    assert sdk_alternative("events", "putRule") == "arn:aws:states:::aws-sdk:eventbridge:putRule"
    assert sdk_alternative("states", "describeExecution", "aws-cn").startswith(
        "arn:aws-cn:states:::aws-sdk:sfn:"
    )
    assert integration_problem("lambda", "invoke", "waitForTaskToken") is None
    assert integration_problem("lambda", "invoke", "sync") is not None
    assert sdk_pattern_problem("sync") is not None
    assert sdk_pattern_problem("waitForTaskToken") is None
