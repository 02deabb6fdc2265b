"""Typed Task steps for AWS service integrations.

Each class fixes ``Resource`` to the integration's ARN. ``wait_for_completion`` selects the
``.sync`` ("run a job") pattern and ``wait_for_callback`` the ``.waitForTaskToken`` pattern,
with the Data Science SDK's defaults (jobs wait for completion, messages do not wait).
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

from asl_lsp.sdk.steps.states import Task


class IntegrationPattern(Enum):
    """How Step Functions calls a service (the suffix of the resource ARN)."""

    WaitForTaskToken = "waitForTaskToken"
    WaitForCompletion = "sync"
    CallAndContinue = ""
    RequestResponse = ""  # an alias of CallAndContinue


def integration_arn(service: str, action: str, pattern: IntegrationPattern | str = "") -> str:
    """``arn:aws:states:::service:action[.pattern]``."""
    suffix = pattern.value if isinstance(pattern, IntegrationPattern) else pattern
    return f"arn:aws:states:::{service}:{action}" + (f".{suffix}" if suffix else "")


def _pattern(state_id: str, wait_for_completion: bool, wait_for_callback: bool) -> str:
    if wait_for_completion and wait_for_callback:
        raise ValueError(
            f"step '{state_id}': wait_for_completion and wait_for_callback exclude each other"
        )
    if wait_for_callback:
        return IntegrationPattern.WaitForTaskToken.value
    if wait_for_completion:
        return IntegrationPattern.WaitForCompletion.value
    return ""


class _IntegrationStep(Task):
    """A Task whose Resource is set by the class."""

    def __init__(self, state_id: str, integration_resource: str, **kwargs: Any) -> None:
        if "resource" in kwargs:
            raise TypeError(
                f"{type(self).__name__} sets its own resource; use Task(...) for a custom one"
            )
        super().__init__(state_id, resource=integration_resource, **kwargs)


class LambdaStep(_IntegrationStep):
    """Invoke a Lambda function (``parameters={"FunctionName": ..., "Payload": ...}``)."""

    def __init__(self, state_id: str, wait_for_callback: bool = False, **kwargs: Any) -> None:
        pattern = _pattern(state_id, False, wait_for_callback)
        super().__init__(state_id, integration_arn("lambda", "invoke", pattern), **kwargs)


class SnsPublishStep(_IntegrationStep):
    """Publish to an SNS topic."""

    def __init__(self, state_id: str, wait_for_callback: bool = False, **kwargs: Any) -> None:
        pattern = _pattern(state_id, False, wait_for_callback)
        super().__init__(state_id, integration_arn("sns", "publish", pattern), **kwargs)


class SqsSendMessageStep(_IntegrationStep):
    """Send a message to an SQS queue."""

    def __init__(self, state_id: str, wait_for_callback: bool = False, **kwargs: Any) -> None:
        pattern = _pattern(state_id, False, wait_for_callback)
        super().__init__(state_id, integration_arn("sqs", "sendMessage", pattern), **kwargs)


class EventBridgePutEventsStep(_IntegrationStep):
    """Put events on an EventBridge bus."""

    def __init__(self, state_id: str, wait_for_callback: bool = False, **kwargs: Any) -> None:
        pattern = _pattern(state_id, False, wait_for_callback)
        super().__init__(state_id, integration_arn("events", "putEvents", pattern), **kwargs)


class DynamoDBGetItemStep(_IntegrationStep):
    """DynamoDB GetItem."""

    def __init__(self, state_id: str, **kwargs: Any) -> None:
        super().__init__(state_id, integration_arn("dynamodb", "getItem"), **kwargs)


class DynamoDBPutItemStep(_IntegrationStep):
    """DynamoDB PutItem."""

    def __init__(self, state_id: str, **kwargs: Any) -> None:
        super().__init__(state_id, integration_arn("dynamodb", "putItem"), **kwargs)


class DynamoDBUpdateItemStep(_IntegrationStep):
    """DynamoDB UpdateItem."""

    def __init__(self, state_id: str, **kwargs: Any) -> None:
        super().__init__(state_id, integration_arn("dynamodb", "updateItem"), **kwargs)


class DynamoDBDeleteItemStep(_IntegrationStep):
    """DynamoDB DeleteItem."""

    def __init__(self, state_id: str, **kwargs: Any) -> None:
        super().__init__(state_id, integration_arn("dynamodb", "deleteItem"), **kwargs)


class EcsRunTaskStep(_IntegrationStep):
    """Run an ECS task; waits for it to stop unless ``wait_for_completion=False``."""

    def __init__(
        self,
        state_id: str,
        wait_for_completion: bool = True,
        wait_for_callback: bool = False,
        **kwargs: Any,
    ) -> None:
        pattern = _pattern(
            state_id, wait_for_completion and not wait_for_callback, wait_for_callback
        )
        super().__init__(state_id, integration_arn("ecs", "runTask", pattern), **kwargs)


class BatchSubmitJobStep(_IntegrationStep):
    """Submit an AWS Batch job; waits for it unless ``wait_for_completion=False``."""

    def __init__(self, state_id: str, wait_for_completion: bool = True, **kwargs: Any) -> None:
        pattern = _pattern(state_id, wait_for_completion, False)
        super().__init__(state_id, integration_arn("batch", "submitJob", pattern), **kwargs)


class GlueStartJobRunStep(_IntegrationStep):
    """Start a Glue job run; waits for it unless ``wait_for_completion=False``."""

    def __init__(self, state_id: str, wait_for_completion: bool = True, **kwargs: Any) -> None:
        pattern = _pattern(state_id, wait_for_completion, False)
        super().__init__(state_id, integration_arn("glue", "startJobRun", pattern), **kwargs)


class StepFunctionsStartExecutionStep(_IntegrationStep):
    """Start another state machine's execution. ``WaitForCompletion`` (default) uses
    ``.sync:2`` so the child's output arrives as JSON rather than a string."""

    def __init__(
        self,
        state_id: str,
        integration_pattern: IntegrationPattern = IntegrationPattern.WaitForCompletion,
        **kwargs: Any,
    ) -> None:
        if integration_pattern is IntegrationPattern.WaitForCompletion:
            resource = integration_arn("states", "startExecution", "sync:2")
        else:
            resource = integration_arn("states", "startExecution", integration_pattern)
        super().__init__(state_id, resource, **kwargs)


_ACTION = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


class AwsSdkStep(_IntegrationStep):
    """Call any AWS API: ``AwsSdkStep("List", "s3", "listBuckets")`` gives
    ``arn:aws:states:::aws-sdk:s3:listBuckets`` (the action is camel-cased as AWS expects)."""

    def __init__(
        self,
        state_id: str,
        service: str,
        action: str,
        wait_for_callback: bool = False,
        **kwargs: Any,
    ) -> None:
        if not service or not _ACTION.match(action or ""):
            raise ValueError(
                f"step '{state_id}': AwsSdkStep needs a service and an API action name, "
                f"got {service!r} / {action!r}"
            )
        action = action[0].lower() + action[1:]
        pattern = _pattern(state_id, False, wait_for_callback)
        super().__init__(state_id, integration_arn(f"aws-sdk:{service}", action, pattern), **kwargs)


class HttpInvokeStep(_IntegrationStep):
    """Call an HTTPS API through an EventBridge connection (``arn:aws:states:::http:invoke``)."""

    def __init__(self, state_id: str, **kwargs: Any) -> None:
        super().__init__(state_id, integration_arn("http", "invoke"), **kwargs)


__all__ = [
    "AwsSdkStep",
    "BatchSubmitJobStep",
    "DynamoDBDeleteItemStep",
    "DynamoDBGetItemStep",
    "DynamoDBPutItemStep",
    "DynamoDBUpdateItemStep",
    "EcsRunTaskStep",
    "EventBridgePutEventsStep",
    "GlueStartJobRunStep",
    "HttpInvokeStep",
    "IntegrationPattern",
    "LambdaStep",
    "SnsPublishStep",
    "SqsSendMessageStep",
    "StepFunctionsStartExecutionStep",
    "integration_arn",
]
