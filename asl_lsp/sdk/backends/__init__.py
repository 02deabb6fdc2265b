"""Execution backends: the local engine (default) and AWS Step Functions through boto3.

Imported lazily so that ``import asl_lsp.sdk`` never pulls in boto3 or the engine before they are
used.
"""

from __future__ import annotations

from typing import Any

from asl_lsp.sdk.backends.base import (
    Backend,
    BackendError,
    InvalidDefinition,
    ResourceNotFound,
    StateMachineAlreadyExists,
)

__all__ = [
    "AwsBackend",
    "Backend",
    "BackendError",
    "InvalidDefinition",
    "LocalBackend",
    "ResourceNotFound",
    "StateMachineAlreadyExists",
]


def __getattr__(name: str) -> Any:
    if name == "AwsBackend":
        # Imported here: boto3 loads only when AWS is the target.
        from asl_lsp.sdk.backends.aws import AwsBackend

        return AwsBackend
    if name == "LocalBackend":
        # Imported here: the local engine loads only when something runs on it.
        from asl_lsp.sdk.backends.local import LocalBackend

        return LocalBackend
    raise AttributeError(name)
