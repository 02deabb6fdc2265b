"""AWS Step Functions through boto3's ``stepfunctions`` client.

boto3 is an optional extra (``asl-lsp[aws]``) and is imported only when an AwsBackend is made. Every
AWS error is turned into a :class:`~asl_lsp.sdk.backends.base.BackendError` whose message says what
to do, because the usual failures (no credentials, wrong region, a bad role ARN) are configuration
mistakes that a botocore traceback explains badly.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from asl_lsp.sdk.backends.base import (
    Backend,
    BackendError,
    InvalidDefinition,
    ResourceNotFound,
    StateMachineAlreadyExists,
)

_ARN_IN_MESSAGE = re.compile(r"'(arn:[^']+)'")
_DIAGNOSTIC_SPLIT = re.compile(r",\s*(?=[A-Z][A-Z_]{2,}: )")
_DIAGNOSTIC = re.compile(r"^([A-Z][A-Z_]{2,}): (.*?)(?: at (/\S*))?$", re.DOTALL)
_NOT_FOUND = {
    "StateMachineDoesNotExist",
    "ExecutionDoesNotExist",
    "ResourceNotFound",
    "ResourceNotFoundException",
    "StateMachineDeleting",
}
_DENIED = {
    "AccessDenied",
    "AccessDeniedException",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "ExpiredTokenException",
    "InvalidClientTokenId",
}
_THROTTLED = {
    "ThrottlingException",
    "Throttling",
    "TooManyRequestsException",
    "RequestLimitExceeded",
}


def _import_boto3() -> Any:
    try:
        import boto3  # type: ignore[import-untyped]
    except ImportError:
        raise BackendError("the AWS backend needs boto3: pip install 'asl-lsp[aws]'") from None
    return boto3


def parse_aws_diagnostics(message: str) -> list[dict[str, Any]]:
    """Split AWS's InvalidDefinition text ("CODE: message at /path, CODE: ...") into findings."""
    head, sep, body = message.partition("Definition:")
    body = (body if sep else head).strip().strip("'")
    found = []
    for part in _DIAGNOSTIC_SPLIT.split(body):
        match = _DIAGNOSTIC.match(part.strip())
        if match:
            found.append(
                {
                    "severity": "ERROR",
                    "code": match.group(1),
                    "message": match.group(2).strip(),
                    "location": match.group(3) or "",
                }
            )
    return found


class AwsBackend(Backend):
    """Create and run state machines on AWS (or LocalStack, moto, Step Functions Local)."""

    name = "aws"

    def __init__(
        self,
        region: str | None = None,
        profile: str | None = None,
        session: Any = None,
        endpoint_url: str | None = None,
        client: Any = None,
        max_attempts: int = 5,
    ) -> None:
        if client is not None:
            self.client = client
            return
        boto3 = _import_boto3()
        from botocore.config import Config  # type: ignore[import-untyped]
        from botocore.exceptions import (  # type: ignore[import-untyped]
            BotoCoreError,
            NoRegionError,
            ProfileNotFound,
        )

        try:
            if session is None:
                session = boto3.session.Session(profile_name=profile, region_name=region)
            self.client = session.client(
                "stepfunctions",
                region_name=region,
                endpoint_url=endpoint_url,
                config=Config(retries={"mode": "standard", "max_attempts": max_attempts}),
            )
        except NoRegionError:
            raise BackendError(
                "no AWS region is set: pass --region / region=..., or set AWS_REGION"
            ) from None
        except ProfileNotFound as exc:
            raise BackendError(f"AWS profile not found: {exc}") from None
        except BotoCoreError as exc:
            raise BackendError(f"cannot create the AWS Step Functions client: {exc}") from None
        except ValueError as exc:  # e.g. a malformed endpoint URL
            raise BackendError(f"cannot create the AWS Step Functions client: {exc}") from None

    # --- error translation -------------------------------------------------------------------

    def _call(self, operation: str, **kwargs: Any) -> Any:
        method: Callable[..., Any] = getattr(self.client, operation)
        try:
            response = method(**kwargs)
        except Exception as exc:
            raise self._translate(operation, exc, kwargs) from None
        if isinstance(response, dict):
            response.pop("ResponseMetadata", None)
        return response

    def _paginate(
        self, operation: str, key: str, max_items: int | None, **kwargs: Any
    ) -> list[dict[str, Any]]:
        config = {"MaxItems": max_items} if max_items else {}
        try:
            pages: Iterator[dict[str, Any]] = self.client.get_paginator(operation).paginate(
                PaginationConfig=config, **kwargs
            )
            items: list[dict[str, Any]] = []
            for page in pages:
                items.extend(page.get(key, []))
        except Exception as exc:
            raise self._translate(operation, exc, kwargs) from None
        return items[:max_items] if max_items else items

    def _translate(self, operation: str, exc: Exception, kwargs: dict[str, Any]) -> BackendError:
        # Imported here: boto3 loads only when AWS is the target.
        from botocore.exceptions import (
            ClientError,
            EndpointConnectionError,
            NoCredentialsError,
            PartialCredentialsError,
        )

        action = "states:" + "".join(p.capitalize() for p in operation.split("_"))
        if isinstance(exc, (NoCredentialsError, PartialCredentialsError)):
            return BackendError(
                "no AWS credentials found: run 'aws configure', set AWS_PROFILE or "
                "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or pass --profile"
            )
        if isinstance(exc, EndpointConnectionError):
            return BackendError(f"cannot reach AWS Step Functions: {exc}")
        if not isinstance(exc, ClientError):
            return BackendError(f"{action} failed: {exc}")
        error = exc.response.get("Error", {})
        code = str(error.get("Code") or "")
        message = str(error.get("Message") or exc).strip()
        if code in _DENIED:
            return BackendError(f"access denied for {action}: {message}")
        if code in _THROTTLED:
            return BackendError(
                f"AWS throttled {action} even after retries ({message}); wait and try again"
            )
        if code in _NOT_FOUND:
            return ResourceNotFound(message or f"{action}: not found")
        if code == "StateMachineAlreadyExists":
            match = _ARN_IN_MESSAGE.search(message)
            name = kwargs.get("name", "")
            arn = match.group(1) if match else (self.find_state_machine(name) or "")
            return StateMachineAlreadyExists(
                f"a state machine named '{name}' already exists: {arn}", arn
            )
        if code == "InvalidArn":
            if "role" in message.lower():
                return BackendError(
                    f"invalid role ARN {kwargs.get('roleArn')!r}: {message} "
                    "(expected arn:aws:iam::ACCOUNT:role/NAME)"
                )
            return ResourceNotFound(f"invalid ARN: {message}")
        definition_call = operation in ("create_state_machine", "update_state_machine")
        if code == "InvalidDefinition" or (
            definition_call
            and (not code or "definition" in message.lower() or "ASLParser" in message)
        ):
            diagnostics = parse_aws_diagnostics(message) or self._validate(kwargs)
            return InvalidDefinition(f"AWS rejected the definition: {message}", diagnostics)
        return BackendError(f"{action} failed: {code + ': ' if code else ''}{message}")

    def _validate(self, kwargs: dict[str, Any]) -> list[dict[str, Any]]:
        """AWS's own validator's findings, when the endpoint offers it (real AWS does)."""
        definition = kwargs.get("definition")
        if not definition:
            return []
        try:
            result = self.client.validate_state_machine_definition(definition=definition)
        except Exception:
            return []
        return [dict(d) for d in result.get("diagnostics", [])]

    # --- Backend -----------------------------------------------------------------------------

    def create_state_machine(
        self,
        name: str,
        definition: str,
        role_arn: str,
        type: str = "STANDARD",
        tags: dict[str, str] | None = None,
    ) -> str:
        kwargs: dict[str, Any] = {
            "name": name,
            "definition": definition,
            "roleArn": role_arn,
            "type": type,
        }
        if tags:
            kwargs["tags"] = [{"key": k, "value": v} for k, v in tags.items()]
        arn = str(self._call("create_state_machine", **kwargs)["stateMachineArn"])
        # AWS refuses a taken name unless definition and role are identical (then it is
        # idempotent); some emulators return the existing machine silently. Check, so every
        # endpoint reports StateMachineAlreadyExists the same way.
        existing = self.describe_state_machine(arn)
        if existing.get("definition") != definition or existing.get("roleArn") != role_arn:
            raise StateMachineAlreadyExists(
                f"a state machine named '{name}' already exists: {arn}", arn
            )
        return arn

    def update_state_machine(
        self, arn: str, definition: str | None = None, role_arn: str | None = None
    ) -> None:
        kwargs: dict[str, Any] = {"stateMachineArn": arn}
        if definition is not None:
            kwargs["definition"] = definition
        if role_arn is not None:
            kwargs["roleArn"] = role_arn
        self._call("update_state_machine", **kwargs)

    def delete_state_machine(self, arn: str) -> None:
        self._call("delete_state_machine", stateMachineArn=arn)

    def describe_state_machine(self, arn: str) -> dict[str, Any]:
        return dict(self._call("describe_state_machine", stateMachineArn=arn))

    def list_state_machines(self, max_items: int = 100) -> list[dict[str, Any]]:
        return self._paginate("list_state_machines", "stateMachines", max_items)

    def start_execution(
        self, arn: str, name: str | None = None, input: str | None = None
    ) -> dict[str, Any]:
        # AWS names an unnamed execution with a UUID; naming it here does the same on every
        # endpoint (moto otherwise names them all "None" and refuses the second one).
        kwargs: dict[str, Any] = {"stateMachineArn": arn, "name": name or str(uuid.uuid4())}
        if input is not None:
            kwargs["input"] = input
        return dict(self._call("start_execution", **kwargs))

    def describe_execution(self, execution_arn: str) -> dict[str, Any]:
        return dict(self._call("describe_execution", executionArn=execution_arn))

    def stop_execution(
        self, execution_arn: str, error: str | None = None, cause: str | None = None
    ) -> None:
        kwargs: dict[str, Any] = {"executionArn": execution_arn}
        if error is not None:
            kwargs["error"] = error
        if cause is not None:
            kwargs["cause"] = cause
        self._call("stop_execution", **kwargs)

    def list_executions(
        self, arn: str, status_filter: str | None = None, max_items: int = 100
    ) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {"stateMachineArn": arn}
        if status_filter:
            kwargs["statusFilter"] = status_filter
        return self._paginate("list_executions", "executions", max_items, **kwargs)

    def get_execution_history(
        self, execution_arn: str, reverse_order: bool = False, max_items: int | None = None
    ) -> list[dict[str, Any]]:
        events = self._paginate(
            "get_execution_history",
            "events",
            max_items,
            executionArn=execution_arn,
            reverseOrder=reverse_order,
        )
        ids = [e.get("id", 0) for e in events]
        if reverse_order and len(ids) > 1 and ids[0] < ids[-1]:
            # the endpoint ignored reverseOrder (moto does): reverse the whole history here
            events = self._paginate(
                "get_execution_history", "events", None, executionArn=execution_arn
            )
            events.reverse()
            events = events[:max_items] if max_items else events
        return events

    def find_state_machine(self, name: str) -> str | None:
        try:
            return super().find_state_machine(name)
        except BackendError:
            return None


__all__ = ["AwsBackend", "parse_aws_diagnostics"]
