"""Task ``Resource`` ARNs: what shape an ARN has and which integration it names.

The catalogue of optimized integrations is :mod:`asl_lsp.spec.integrations`; completion offers
its :data:`INTEGRATIONS`, and the invalid-resource rule and hover use :func:`classify_resource`.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from asl_lsp.spec.integrations import (
    DOCS_BASE,
    INTEGRATIONS,
    SDK_DOCS,
    Integration,
    Pattern,
    integration_problem,
    integrations_by_key,
    sdk_pattern_problem,
    service_patterns,
)

SERVICE_PATTERNS = service_patterns()
__all__ = [
    "INTEGRATIONS",
    "SDK_DOCS",
    "SERVICE_PATTERNS",
    "Integration",
    "Pattern",
    "ResourceInfo",
    "classify_resource",
    "completion_arns",
    "integrations_by_key",
]

ResourceKind = Literal["integration", "aws-sdk", "activity", "lambda", "arn", "placeholder"]

ACTIVITY_DOCS = DOCS_BASE + "concepts-activities.html"
LAMBDA_DOCS = DOCS_BASE + "connect-lambda.html"

PARTITIONS = ("aws", "aws-cn", "aws-us-gov")


class ResourceInfo(NamedTuple):
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
        problem = sdk_pattern_problem(pattern)
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
    if _STANDIN not in service and _STANDIN not in action:
        partition = _clean(match.group("partition")) or "aws"
        problem = integration_problem(service, action, pattern, partition)
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
