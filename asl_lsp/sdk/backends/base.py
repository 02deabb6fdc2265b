"""The one interface every execution backend implements: AWS Step Functions (boto3) or the local
engine.

``Workflow`` and ``Execution`` talk only to this interface, so a notebook that runs on the local
engine
runs unchanged on AWS. Method names and the shapes of returned dicts follow boto3's
``stepfunctions``
client (camelCase keys, ``datetime`` values that are timezone-aware), because that is what users
already
know and what ``Execution.list_events()`` and the progress overlay consume.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any


class BackendError(Exception):
    """A backend failure with a message meant for the user (no traceback needed to understand
    it)."""


class StateMachineAlreadyExists(BackendError):
    """``create_state_machine`` found a state machine of that name; carries its ARN."""

    def __init__(self, message: str, arn: str) -> None:
        super().__init__(message)
        self.arn = arn


class ResourceNotFound(BackendError):
    """An unknown state machine or execution ARN."""


class InvalidDefinition(BackendError):
    """The backend refused the definition; ``diagnostics`` carries its own findings when it gave
    any."""

    def __init__(self, message: str, diagnostics: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


class Backend(ABC):
    """Create, run and inspect state machines. All ``definition`` arguments are ASL JSON text."""

    name: str = "backend"

    @abstractmethod
    def create_state_machine(
        self,
        name: str,
        definition: str,
        role_arn: str,
        type: str = "STANDARD",
        tags: dict[str, str] | None = None,
    ) -> str:
        """Create and return the ARN; raise StateMachineAlreadyExists when the name is taken."""

    @abstractmethod
    def update_state_machine(
        self, arn: str, definition: str | None = None, role_arn: str | None = None
    ) -> None: ...

    @abstractmethod
    def delete_state_machine(self, arn: str) -> None: ...

    @abstractmethod
    def describe_state_machine(self, arn: str) -> dict[str, Any]:
        """boto3 ``describe_state_machine`` shape: stateMachineArn, name, definition, roleArn, type,
        creationDate, status."""

    @abstractmethod
    def list_state_machines(self, max_items: int = 100) -> list[dict[str, Any]]:
        """boto3 ``list_state_machines`` items: stateMachineArn, name, type, creationDate."""

    @abstractmethod
    def start_execution(
        self, arn: str, name: str | None = None, input: str | None = None
    ) -> dict[str, Any]:
        """Start and return ``{"executionArn": ..., "startDate": ...}`` without waiting for the
        end."""

    @abstractmethod
    def describe_execution(self, execution_arn: str) -> dict[str, Any]:
        """boto3 shape: executionArn, stateMachineArn, name, status (RUNNING | SUCCEEDED | FAILED |
        TIMED_OUT | ABORTED), startDate, stopDate, input, output, error, cause."""

    @abstractmethod
    def stop_execution(
        self, execution_arn: str, error: str | None = None, cause: str | None = None
    ) -> None: ...

    @abstractmethod
    def list_executions(
        self, arn: str, status_filter: str | None = None, max_items: int = 100
    ) -> list[dict[str, Any]]: ...

    @abstractmethod
    def get_execution_history(
        self, execution_arn: str, reverse_order: bool = False, max_items: int | None = None
    ) -> list[dict[str, Any]]:
        """Events shaped as boto3's ``get_execution_history`` returns them: dicts with ``timestamp``
        (aware datetime), ``type``, ``id``, ``previousEventId`` and the ``...EventDetails``."""

    def find_state_machine(self, name: str) -> str | None:
        """The ARN of the state machine called ``name``, or None."""
        for item in self.list_state_machines(max_items=1000):
            if item.get("name") == name:
                return str(item["stateMachineArn"])
        return None
