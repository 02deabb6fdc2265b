"""The optimized service integrations AWS offers in a Task's ``Resource``, with the integration
patterns each supports, and the patterns of AWS SDK integrations.

Sources: the "Integrating optimized services with Step Functions" table
(https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html), which gives the
patterns per service, and each service's page (``connect-*.html``), which lists its optimized
APIs and the patterns of each. Where the table and a service's page disagree (the table gives
Amazon EKS and Amazon Bedrock a Wait for Callback pattern that their pages do not list), the
pattern is accepted: a false error on a definition AWS deploys is worse than a missed one.

AWS refuses a Resource ``arn:aws:states:::<service>:<action>`` that names no optimized
integration ("The resource provided ... is not recognized"), and a pattern suffix the
integration does not offer. Any API of 200+ services is reachable through
``arn:aws:states:::aws-sdk:<sdk service>:<action>``, which supports request-response and
``.waitForTaskToken`` but no ``.sync``.
"""

from __future__ import annotations

from functools import cache
from typing import Literal, NamedTuple

DOCS_BASE = "https://docs.aws.amazon.com/step-functions/latest/dg/"
OPTIMIZED_DOCS = DOCS_BASE + "integrate-optimized.html"
SDK_DOCS = DOCS_BASE + "supported-services-awssdk.html"

Pattern = Literal["request-response", "sync", "sync:2", "waitForTaskToken"]

PATTERN_SUFFIX: dict[Pattern, str] = {
    "request-response": "",
    "sync": ".sync",
    "sync:2": ".sync:2",
    "waitForTaskToken": ".waitForTaskToken",
}

_RR: tuple[Pattern, ...] = ("request-response",)
_RR_SYNC: tuple[Pattern, ...] = ("request-response", "sync")
_RR_TOKEN: tuple[Pattern, ...] = ("request-response", "waitForTaskToken")
_ALL: tuple[Pattern, ...] = ("request-response", "sync", "waitForTaskToken")

SDK_PATTERNS: tuple[Pattern, ...] = _RR_TOKEN
"""AWS SDK integrations: request-response and .waitForTaskToken, never .sync."""


class Integration(NamedTuple):
    """One optimized integration action (``arn:aws:states:::<service>:<action>``)."""

    service: str
    action: str
    title: str
    patterns: tuple[Pattern, ...]
    docs: str
    # The service's name in the aws-sdk form (arn:aws:states:::aws-sdk:<sdk_service>:<action>).
    sdk_service: str
    # Only valid as an ItemReader/ResultWriter Resource of a Distributed Map, not as a Task's.
    map_io_only: bool = False

    def arn(self, pattern: Pattern = "request-response", partition: str = "aws") -> str:
        suffix = PATTERN_SUFFIX[pattern]
        return f"arn:{partition}:states:::{self.service}:{self.action}{suffix}"

    def arns(self, partition: str = "aws") -> list[str]:
        return [self.arn(p, partition) for p in self.patterns]


def _group(
    service: str,
    title: str,
    page: str,
    actions: dict[str, tuple[Pattern, ...]],
    *,
    sdk_service: str | None = None,
    map_io_only: bool = False,
) -> list[Integration]:
    return [
        Integration(
            service,
            action,
            title,
            patterns,
            DOCS_BASE + page,
            sdk_service or service,
            map_io_only,
        )
        for action, patterns in actions.items()
    ]


INTEGRATIONS: tuple[Integration, ...] = (
    *_group("apigateway", "Amazon API Gateway", "connect-api-gateway.html", {"invoke": _RR_TOKEN}),
    *_group(
        "athena",
        "Amazon Athena",
        "connect-athena.html",
        {
            "startQueryExecution": _RR_SYNC,
            "stopQueryExecution": _RR,
            "getQueryExecution": _RR,
            "getQueryResults": _RR,
        },
    ),
    *_group("batch", "AWS Batch", "connect-batch.html", {"submitJob": _RR_SYNC}),
    *_group(
        "bedrock",
        "Amazon Bedrock",
        "connect-bedrock.html",
        # The table lists Wait for Callback for Bedrock; the page lists RR and .sync only.
        {"invokeModel": _RR_TOKEN, "createModelCustomizationJob": _ALL},
    ),
    *_group(
        "bedrockagentcore",
        "Amazon Bedrock AgentCore",
        "connect-bedrockagentcore.html",
        {"invokeHarness": _RR},
        sdk_service="bedrockagentcore",
    ),
    *_group(
        "codebuild",
        "AWS CodeBuild",
        "connect-codebuild.html",
        {
            "startBuild": _RR_SYNC,
            "stopBuild": _RR,
            "batchDeleteBuilds": _RR,
            "batchGetReports": _RR,
            "startBuildBatch": _RR_SYNC,
            "stopBuildBatch": _RR,
            "retryBuildBatch": _RR_SYNC,
            "deleteBuildBatch": _RR,
        },
    ),
    *_group(
        "dynamodb",
        "Amazon DynamoDB",
        "connect-ddb.html",
        {"getItem": _RR, "putItem": _RR, "updateItem": _RR, "deleteItem": _RR},
    ),
    *_group("ecs", "Amazon ECS/Fargate", "connect-ecs.html", {"runTask": _ALL}),
    *_group(
        "eks",
        "Amazon EKS",
        "connect-eks.html",
        # The table lists Wait for Callback for EKS; the page says it is not supported.
        {
            "createCluster": _ALL,
            "deleteCluster": _ALL,
            "createFargateProfile": _ALL,
            "deleteFargateProfile": _ALL,
            "createNodegroup": _ALL,
            "deleteNodegroup": _ALL,
            "runJob": _ALL,
            "call": _RR_TOKEN,
        },
    ),
    *_group(
        "elasticmapreduce",
        "Amazon EMR",
        "connect-emr.html",
        {
            "createCluster": _RR_SYNC,
            "terminateCluster": _RR_SYNC,
            "addStep": _RR_SYNC,
            "cancelStep": _RR,
            "setClusterTerminationProtection": _RR,
            "modifyInstanceFleetByName": _RR,
            "modifyInstanceGroupByName": _RR,
        },
        sdk_service="emr",
    ),
    *_group(
        "emr-containers",
        "Amazon EMR on EKS",
        "connect-emr-eks.html",
        {"createVirtualCluster": _RR, "deleteVirtualCluster": _RR_SYNC, "startJobRun": _RR_SYNC},
        sdk_service="emrcontainers",
    ),
    *_group(
        "emr-serverless",
        "Amazon EMR Serverless",
        "connect-emr-serverless.html",
        {
            "createApplication": _RR_SYNC,
            "startApplication": _RR_SYNC,
            "stopApplication": _RR_SYNC,
            "deleteApplication": _RR_SYNC,
            "startJobRun": _RR_SYNC,
            "cancelJobRun": _RR_SYNC,
        },
        sdk_service="emrserverless",
    ),
    *_group(
        "events",
        "Amazon EventBridge",
        "connect-eventbridge.html",
        {"putEvents": _RR_TOKEN},
        sdk_service="eventbridge",
    ),
    *_group("glue", "AWS Glue", "connect-glue.html", {"startJobRun": _RR_SYNC}),
    *_group("databrew", "AWS Glue DataBrew", "connect-databrew.html", {"startJobRun": _RR_SYNC}),
    *_group("http", "HTTP Task", "call-https-apis.html", {"invoke": _RR}),
    *_group("lambda", "AWS Lambda", "connect-lambda.html", {"invoke": _RR_TOKEN}),
    *_group(
        "mediaconvert",
        "AWS Elemental MediaConvert",
        "connect-mediaconvert.html",
        {"createJob": _RR_SYNC},
    ),
    *_group(
        "sagemaker",
        "Amazon SageMaker AI",
        "connect-sagemaker.html",
        {
            "createEndpoint": _RR,
            "createEndpointConfig": _RR,
            "createHyperParameterTuningJob": _RR_SYNC,
            "createLabelingJob": _RR_SYNC,
            "createModel": _RR,
            "createProcessingJob": _RR_SYNC,
            "createTrainingJob": _RR_SYNC,
            "createTransformJob": _RR_SYNC,
            "updateEndpoint": _RR,
        },
    ),
    *_group("sns", "Amazon SNS", "connect-sns.html", {"publish": _RR_TOKEN}),
    *_group("sqs", "Amazon SQS", "connect-sqs.html", {"sendMessage": _RR_TOKEN}),
    *_group(
        "states",
        "AWS Step Functions",
        "connect-stepfunctions.html",
        {"startExecution": ("request-response", "sync", "sync:2", "waitForTaskToken")},
        sdk_service="sfn",
    ),
    *_group(
        "s3",
        "Amazon S3 (Distributed Map)",
        "input-output-itemreader.html",
        {"getObject": _RR, "listObjectsV2": _RR, "putObject": _RR},
        map_io_only=True,
    ),
)


@cache
def integrations_by_key() -> dict[tuple[str, str], Integration]:
    return {(i.service, i.action): i for i in INTEGRATIONS}


@cache
def service_patterns() -> dict[str, tuple[Pattern, ...]]:
    """The patterns each optimized service supports with at least one of its APIs."""
    patterns: dict[str, tuple[Pattern, ...]] = {}
    for integration in INTEGRATIONS:
        known = patterns.get(integration.service, ())
        patterns[integration.service] = tuple(dict.fromkeys((*known, *integration.patterns)))
    return patterns


@cache
def sdk_services() -> dict[str, str]:
    """The aws-sdk service name of each optimized service."""
    return {i.service: i.sdk_service for i in INTEGRATIONS}


def _pattern_names(patterns: tuple[Pattern, ...]) -> str:
    return ", ".join(PATTERN_SUFFIX[p] or "request-response" for p in patterns)


def sdk_alternative(service: str, action: str, partition: str = "aws") -> str:
    """The aws-sdk Resource that calls the same API: ``arn:aws:states:::aws-sdk:dynamodb:query``."""
    sdk_service = sdk_services().get(service, service)
    return f"arn:{partition}:states:::aws-sdk:{sdk_service}:{action}"


def integration_problem(
    service: str, action: str, pattern: Pattern, partition: str = "aws"
) -> str | None:
    """Why AWS refuses ``arn:<partition>:states:::<service>:<action><suffix>``, or None."""
    integration = integrations_by_key().get((service, action))
    suffix = PATTERN_SUFFIX[pattern]
    alternative = sdk_alternative(service, action, partition)
    if integration is None:
        if service in service_patterns():
            return (
                f"'{service}:{action}' is not an optimized integration of {service}; call the "
                f"API through the AWS SDK integration {alternative}"
            )
        return (
            f"'{service}' has no optimized integration; call the API through the AWS SDK "
            f"integration {alternative}"
        )
    if pattern in integration.patterns:
        return None
    supported = _pattern_names(integration.patterns)
    hint = ""
    if pattern in SDK_PATTERNS and service != "http":
        hint = f", or use {alternative}{suffix}"
    return f"{service}:{action} does not support '{suffix}' (it supports {supported}){hint}"


def sdk_pattern_problem(pattern: Pattern) -> str | None:
    """Why AWS refuses an aws-sdk Resource with this pattern suffix, or None."""
    if pattern in SDK_PATTERNS:
        return None
    return (
        f"AWS SDK integrations do not support '{PATTERN_SUFFIX[pattern]}'; use request-response "
        "or .waitForTaskToken, or the service's optimized integration where it offers .sync"
    )
