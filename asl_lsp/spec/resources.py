"""Task ``Resource`` ARNs: the service integrations AWS offers, and what shape an ARN has.

Completion offers :data:`INTEGRATIONS` (each optimised integration with the integration patterns
it supports); the invalid-resource rule and hover use :func:`classify_resource`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

DOCS_BASE = "https://docs.aws.amazon.com/step-functions/latest/dg/"

Pattern = Literal["request-response", "sync", "sync:2", "waitForTaskToken"]
ResourceKind = Literal["integration", "aws-sdk", "activity", "lambda", "arn", "placeholder"]

_SUFFIX: dict[Pattern, str] = {
    "request-response": "",
    "sync": ".sync",
    "sync:2": ".sync:2",
    "waitForTaskToken": ".waitForTaskToken",
}
_RR: tuple[Pattern, ...] = ("request-response",)
_RR_SYNC: tuple[Pattern, ...] = ("request-response", "sync")
_RR_TOKEN: tuple[Pattern, ...] = ("request-response", "waitForTaskToken")
_ALL: tuple[Pattern, ...] = ("request-response", "sync", "waitForTaskToken")


@dataclass(frozen=True, slots=True)
class Integration:
    """One optimised integration action (``arn:aws:states:::<service>:<action>``)."""

    service: str
    action: str
    title: str
    patterns: tuple[Pattern, ...]
    docs: str
    # Only valid as an ItemReader/ResultWriter Resource of a Distributed Map, not as a Task's.
    map_io_only: bool = False

    def arn(self, pattern: Pattern = "request-response", partition: str = "aws") -> str:
        return f"arn:{partition}:states:::{self.service}:{self.action}{_SUFFIX[pattern]}"

    def arns(self, partition: str = "aws") -> list[str]:
        return [self.arn(p, partition) for p in self.patterns]


def _group(
    service: str,
    title: str,
    page: str,
    actions: dict[str, tuple[Pattern, ...]],
    *,
    map_io_only: bool = False,
) -> list[Integration]:
    return [
        Integration(service, action, title, patterns, DOCS_BASE + page, map_io_only)
        for action, patterns in actions.items()
    ]


INTEGRATIONS: tuple[Integration, ...] = (
    *_group("lambda", "AWS Lambda", "connect-lambda.html", {"invoke": _RR_TOKEN}),
    *_group("sns", "Amazon SNS", "connect-sns.html", {"publish": _RR_TOKEN}),
    *_group("sqs", "Amazon SQS", "connect-sqs.html", {"sendMessage": _RR_TOKEN}),
    *_group(
        "dynamodb",
        "Amazon DynamoDB",
        "connect-ddb.html",
        {"getItem": _RR, "putItem": _RR, "updateItem": _RR, "deleteItem": _RR},
    ),
    *_group("ecs", "Amazon ECS/Fargate", "connect-ecs.html", {"runTask": _ALL}),
    *_group("batch", "AWS Batch", "connect-batch.html", {"submitJob": _RR_SYNC}),
    *_group("glue", "AWS Glue", "connect-glue.html", {"startJobRun": _RR_SYNC}),
    *_group("databrew", "AWS Glue DataBrew", "connect-databrew.html", {"startJobRun": _RR_SYNC}),
    *_group("events", "Amazon EventBridge", "connect-eventbridge.html", {"putEvents": _RR_TOKEN}),
    *_group(
        "states",
        "AWS Step Functions",
        "connect-stepfunctions.html",
        {"startExecution": ("request-response", "sync", "sync:2", "waitForTaskToken")},
    ),
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
    *_group(
        "sagemaker",
        "Amazon SageMaker",
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
    ),
    *_group(
        "emr-containers",
        "Amazon EMR on EKS",
        "connect-emr-eks.html",
        {"createVirtualCluster": _RR, "deleteVirtualCluster": _RR_SYNC, "startJobRun": _RR_SYNC},
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
        "eks",
        "Amazon EKS",
        "connect-eks.html",
        {
            "createCluster": _RR_SYNC,
            "deleteCluster": _RR_SYNC,
            "createFargateProfile": _RR_SYNC,
            "deleteFargateProfile": _RR_SYNC,
            "createNodegroup": _RR_SYNC,
            "deleteNodegroup": _RR_SYNC,
            "runJob": _RR_SYNC,
            "call": _RR,
        },
    ),
    *_group("apigateway", "Amazon API Gateway", "connect-api-gateway.html", {"invoke": _RR_TOKEN}),
    *_group("http", "HTTP Task", "call-https-apis.html", {"invoke": _RR}),
    *_group(
        "bedrock",
        "Amazon Bedrock",
        "connect-bedrock.html",
        {"invokeModel": _RR, "createModelCustomizationJob": _ALL},
    ),
    *_group(
        "mediaconvert",
        "AWS Elemental MediaConvert",
        "connect-mediaconvert.html",
        {"createJob": _RR_SYNC},
    ),
    *_group(
        "s3",
        "Amazon S3 (Distributed Map)",
        "input-output-itemreader.html",
        {"getObject": _RR, "listObjectsV2": _RR, "putObject": _RR},
        map_io_only=True,
    ),
)

# Patterns each optimised service supports (AWS's table), for actions not listed above.
SERVICE_PATTERNS: dict[str, tuple[Pattern, ...]] = {}
for _integration in INTEGRATIONS:
    _known = SERVICE_PATTERNS.get(_integration.service, ())
    SERVICE_PATTERNS[_integration.service] = tuple(dict.fromkeys((*_known, *_integration.patterns)))

SDK_PATTERNS: tuple[Pattern, ...] = _RR_TOKEN
SDK_DOCS = DOCS_BASE + "supported-services-awssdk.html"
ACTIVITY_DOCS = DOCS_BASE + "concepts-activities.html"
LAMBDA_DOCS = DOCS_BASE + "connect-lambda.html"

PARTITIONS = ("aws", "aws-cn", "aws-us-gov")


@dataclass(frozen=True, slots=True)
class ResourceInfo:
    """What a Resource string is.

    ``kind``: "integration" (``arn:aws:states:::service:action``), "aws-sdk"
    (``arn:aws:states:::aws-sdk:service:action``), "activity", "lambda" (a function ARN), "arn"
    (another well-formed ARN, e.g. a legacy ``swf`` task), or "placeholder" (holds ``${...}``
    that only a template substitution resolves).
    ``problem`` says why a well-shaped ARN is still wrong (an integration pattern the service
    does not support, an action of an optimised service that does not exist, ...); None when fine
    or unknown.
    """

    kind: ResourceKind
    partition: str | None = None
    service: str | None = None
    action: str | None = None
    pattern: Pattern = "request-response"
    region: str | None = None
    account: str | None = None
    name: str | None = None
    qualifier: str | None = None
    integration: Integration | None = None
    problem: str | None = None

    @property
    def docs(self) -> str | None:
        if self.integration is not None:
            return self.integration.docs
        return {
            "aws-sdk": SDK_DOCS,
            "activity": ACTIVITY_DOCS,
            "lambda": LAMBDA_DOCS,
        }.get(self.kind)


@cache
def integrations_by_key() -> dict[tuple[str, str], Integration]:
    return {(i.service, i.action): i for i in INTEGRATIONS}


_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")
# A stand-in for ${...} that every segment pattern below accepts.
_STANDIN = "PLACEHOLDER0"
_PARTITION = r"(?P<partition>aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|PLACEHOLDER0)"
# Region and account are loose on purpose: documentation samples use REGION, ACCOUNT_ID, *
# and short fake accounts, and the linter must not call those errors.
_REGION = r"(?P<region>[A-Za-z0-9_*-]*)"
_ACCOUNT = r"(?P<account>[A-Za-z0-9_*-]*)"
_SUFFIX_RE = r"(?P<suffix>\.sync:2|\.sync|\.waitForTaskToken)?"

_SDK_RE = re.compile(
    rf"^arn:{_PARTITION}:states:::aws-sdk:(?P<service>[A-Za-z0-9_.-]+):"
    rf"(?P<action>[A-Za-z0-9_]+){_SUFFIX_RE}$"
)
_INTEGRATION_RE = re.compile(
    rf"^arn:{_PARTITION}:states:::(?!aws-sdk:)(?P<service>[A-Za-z0-9_-]+):"
    rf"(?P<action>[A-Za-z0-9_]+){_SUFFIX_RE}$"
)
_ACTIVITY_RE = re.compile(
    rf"^arn:{_PARTITION}:states:{_REGION}:{_ACCOUNT}:activity:(?P<name>[^:\s]+)$"
)
_LAMBDA_RE = re.compile(
    rf"^arn:{_PARTITION}:lambda:{_REGION}:{_ACCOUNT}:function:(?P<name>[A-Za-z0-9_-]+)"
    r"(?::(?P<qualifier>\$LATEST|[A-Za-z0-9_-]+))?$"
)
_ARN_RE = re.compile(
    rf"^arn:{_PARTITION}:(?P<service>[a-z0-9-]+):{_REGION}:{_ACCOUNT}:(?P<name>\S+)$"
)

_PATTERN_OF: dict[str | None, Pattern] = {
    None: "request-response",
    ".sync": "sync",
    ".sync:2": "sync:2",
    ".waitForTaskToken": "waitForTaskToken",
}


def _clean(value: str | None) -> str | None:
    """Segments that were a placeholder are reported as unknown (None)."""
    if value is None or _STANDIN in value:
        return None
    return value


def classify_resource(arn: str) -> ResourceInfo | None:
    """What kind of Task resource ``arn`` is; None when it has no shape Step Functions accepts.

    Placeholders (``${LambdaArn}``, ``arn:${AWS::Partition}:lambda:...``) are accepted: a segment
    that is a placeholder matches anything, and a string with a placeholder that matches no
    shape is still "placeholder" because only the substitution tells what it becomes.
    """
    if not isinstance(arn, str):
        return None
    text = arn.strip()
    has_placeholder = "${" in text and _PLACEHOLDER.search(text) is not None
    if has_placeholder:
        text = _PLACEHOLDER.sub(_STANDIN, text)
    info = _classify(text)
    if info is None and has_placeholder:
        return ResourceInfo("placeholder")
    return info


def _classify(text: str) -> ResourceInfo | None:
    match = _SDK_RE.match(text)
    if match is not None:
        pattern = _PATTERN_OF[match.group("suffix")]
        problem = None
        if pattern not in SDK_PATTERNS:
            problem = (
                f"AWS SDK integrations support no '{_SUFFIX[pattern]}' pattern; "
                "use request-response or .waitForTaskToken"
            )
        return ResourceInfo(
            "aws-sdk",
            partition=_clean(match.group("partition")),
            service=_clean(match.group("service")),
            action=_clean(match.group("action")),
            pattern=pattern,
            problem=problem,
        )
    match = _INTEGRATION_RE.match(text)
    if match is not None:
        return _integration_info(match)
    match = _ACTIVITY_RE.match(text)
    if match is not None:
        return ResourceInfo(
            "activity",
            partition=_clean(match.group("partition")),
            service="states",
            region=_clean(match.group("region")),
            account=_clean(match.group("account")),
            name=_clean(match.group("name")),
        )
    match = _LAMBDA_RE.match(text)
    if match is not None:
        return ResourceInfo(
            "lambda",
            partition=_clean(match.group("partition")),
            service="lambda",
            region=_clean(match.group("region")),
            account=_clean(match.group("account")),
            name=_clean(match.group("name")),
            qualifier=_clean(match.group("qualifier")),
        )
    match = _ARN_RE.match(text)
    if match is not None and match.group("service") not in ("states", "lambda"):
        return ResourceInfo(
            "arn",
            partition=_clean(match.group("partition")),
            service=_clean(match.group("service")),
            region=_clean(match.group("region")),
            account=_clean(match.group("account")),
            name=_clean(match.group("name")),
        )
    return None


def _integration_info(match: re.Match[str]) -> ResourceInfo:
    service = match.group("service")
    action = match.group("action")
    pattern = _PATTERN_OF[match.group("suffix")]
    integration = integrations_by_key().get((service, action))
    problem: str | None = None
    if _STANDIN in service or _STANDIN in action:
        pass
    elif integration is not None:
        if pattern not in integration.patterns:
            supported = ", ".join(_SUFFIX[p] or "request-response" for p in integration.patterns)
            problem = (
                f"{service}:{action} does not support '{_SUFFIX[pattern]}' (supported: {supported})"
            )
    elif service in SERVICE_PATTERNS:
        problem = (
            f"'{action}' is not an optimised {service} integration; use the aws-sdk:{service} form"
        )
    else:
        problem = (
            f"'{service}' is not an optimised integration; "
            f"use arn:aws:states:::aws-sdk:{service}:{action}"
        )
    return ResourceInfo(
        "integration",
        partition=_clean(match.group("partition")),
        service=_clean(service),
        action=_clean(action),
        pattern=pattern,
        integration=integration,
        problem=problem,
    )


def completion_arns(partition: str = "aws", *, task: bool = True) -> list[tuple[str, Integration]]:
    """Every optimised-integration ARN with its variants, for Resource completion.

    ``task``: offer the ARNs valid in a Task (False: ItemReader/ResultWriter ones).
    """
    out: list[tuple[str, Integration]] = []
    for integration in INTEGRATIONS:
        if integration.map_io_only == task:
            continue
        out.extend((arn, integration) for arn in integration.arns(partition))
    return out
