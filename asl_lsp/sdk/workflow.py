"""Workflow and Execution: create, update, run and inspect a state machine on a backend.

The API is the Data Science SDK's, so its notebooks run after changing the import line. The backend
is the local engine unless one is given (``AwsBackend(...)`` for AWS, LocalStack or moto).
"""

from __future__ import annotations

import json
import logging
import os
import time
from typing import Any

import yaml

from asl_lsp.sdk.backends.base import Backend, BackendError, StateMachineAlreadyExists
from asl_lsp.sdk.inputs import ExecutionInput
from asl_lsp.sdk.steps.graph import Chain, Graph
from asl_lsp.sdk.steps.states import State
from asl_lsp.sdk.tables import Table, events_table, executions_table, workflows_table

logger = logging.getLogger("asl_lsp.sdk.workflow")

Definition = Graph | Chain | State | dict[str, Any] | str
RUNNING = "RUNNING"


def default_backend() -> Backend:
    """The backend a Workflow uses when given none: the local engine, or AWS when the environment
    says ``ASL_SDK_TARGET=aws`` (so a notebook runs on AWS without code changes; boto3's own
    ``AWS_ENDPOINT_URL_SFN`` / ``AWS_PROFILE`` / ``AWS_REGION`` apply)."""
    target = os.environ.get("ASL_SDK_TARGET", "local").strip().lower()
    if target == "aws":
        # Imported here: boto3 loads only when AWS is the target.
        from asl_lsp.sdk.backends.aws import AwsBackend

        return AwsBackend()
    if target not in ("", "local"):
        raise BackendError(f"ASL_SDK_TARGET must be 'local' or 'aws', not {target!r}")
    try:
        # Imported here: the local engine loads only when something runs on it.
        from asl_lsp.sdk.backends.local import LocalBackend
    except ImportError as exc:
        raise BackendError(
            f"the local engine backend is not available ({exc}); pass "
            "backend=AwsBackend(...) to use AWS Step Functions"
        ) from None
    backend: Backend = LocalBackend()
    return backend


def _as_graph(definition: Definition, **fields: Any) -> Graph:
    if isinstance(definition, Graph):
        return definition
    if isinstance(definition, (Chain, State)):
        return Graph(definition, **{k: v for k, v in fields.items() if v is not None})
    if isinstance(definition, dict):
        return Graph.from_dict(definition)
    if isinstance(definition, str):
        return Graph.from_json(definition)
    raise TypeError(
        f"a workflow definition is a Graph, Chain, State, dict or JSON text, not {definition!r}"
    )


def _render(definition: dict[str, Any], portrait: bool, events: list[dict[str, Any]] | None) -> Any:
    try:
        # Imported here: rendering loads only when a graph is asked for.
        from asl_lsp.graph.render import render_graph
    except ImportError as exc:
        raise NotImplementedError(f"graph rendering is not available: {exc}") from None
    return render_graph(definition, direction="TB" if portrait else "LR", events=events)


def _tags(tags: Any) -> dict[str, str]:
    """Tags as a dict; the DS SDK's ``[{"Key": k, "Value": v}]`` list is accepted too."""
    if not tags:
        return {}
    if isinstance(tags, dict):
        return {str(k): str(v) for k, v in tags.items()}
    out: dict[str, str] = {}
    for item in tags:
        key = item.get("Key", item.get("key"))
        out[str(key)] = str(item.get("Value", item.get("value", "")))
    return out


class Workflow:
    """A state machine definition plus its name, role and backend."""

    def __init__(
        self,
        name: str,
        definition: Definition,
        role: str,
        backend: Backend | None = None,
        tags: Any = None,
        execution_input: ExecutionInput | None = None,
        timeout_seconds: int | None = None,
        comment: str | None = None,
        type: str = "STANDARD",
        state_machine_arn: str | None = None,
        client: Any = None,
    ) -> None:
        if type not in ("STANDARD", "EXPRESS"):
            raise ValueError(f"workflow type must be STANDARD or EXPRESS, not {type!r}")
        self.name = name
        self.definition = _as_graph(definition, timeout_seconds=timeout_seconds, comment=comment)
        self.role = role
        self.tags = _tags(tags)
        self.execution_input = execution_input
        self.timeout_seconds = timeout_seconds
        self.comment = comment
        self.type = type
        self.state_machine_arn = state_machine_arn
        self._backend = backend
        if backend is None and client is not None:
            # Imported here: boto3 loads only when AWS is the target.
            from asl_lsp.sdk.backends.aws import AwsBackend

            self._backend = AwsBackend(client=client)

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = default_backend()
        return self._backend

    def _arn(self) -> str:
        if not self.state_machine_arn:
            raise BackendError(
                f"workflow '{self.name}' has no state machine yet: call create() or attach() first"
            )
        return self.state_machine_arn

    # --- lifecycle ---------------------------------------------------------------------------

    def create(self) -> str:
        """Create the state machine and return its ARN. When the name is taken, the existing
        machine is left unchanged (a warning says so) and its ARN is returned; call update()."""
        try:
            self.state_machine_arn = self.backend.create_state_machine(
                self.name,
                self.definition.to_json(),
                self.role,
                type=self.type,
                tags=self.tags or None,
            )
            logger.info(
                "Workflow created successfully on %s: %s", self.backend.name, self.state_machine_arn
            )
        except StateMachineAlreadyExists as exc:
            logger.warning(
                "A workflow named '%s' already exists (%s); it was not changed. "
                "Call update() to change its definition or role.",
                self.name,
                exc.arn,
            )
            self.state_machine_arn = exc.arn
        return self.state_machine_arn

    def update(self, definition: Definition | None = None, role: str | None = None) -> str:
        """Replace the definition and/or the role of the created state machine."""
        if definition is None and role is None:
            raise ValueError("update() needs a new definition, a new role, or both")
        arn = self._arn()
        if definition is not None:
            self.definition = _as_graph(
                definition, timeout_seconds=self.timeout_seconds, comment=self.comment
            )
        if role is not None:
            self.role = role
        self.backend.update_state_machine(
            arn,
            definition=self.definition.to_json() if definition is not None else None,
            role_arn=role,
        )
        logger.info("Workflow updated: %s", arn)
        return arn

    def delete(self) -> None:
        """Delete the state machine."""
        self.backend.delete_state_machine(self._arn())
        logger.info("Workflow deleted: %s", self.state_machine_arn)

    def execute(self, name: str | None = None, inputs: Any = None) -> Execution:
        """Start an execution (``inputs`` is JSON-serialisable) and return it at once."""
        arn = self._arn()
        if self.execution_input is not None and inputs is not None:
            self.execution_input.validate(inputs)
        text = json.dumps(inputs if inputs is not None else {})
        started = self.backend.start_execution(arn, name=name, input=text)
        execution = Execution(self, started["executionArn"], started.get("startDate"))
        logger.info("Workflow execution started: %s", execution.execution_arn)
        return execution

    def list_executions(
        self, max_items: int = 100, status_filter: str | None = None, html: bool = False
    ) -> list[Execution] | Table:
        """The executions (newest first); an HTML table object with ``html=True``."""
        items = self.backend.list_executions(
            self._arn(), status_filter=status_filter, max_items=max_items
        )
        if html:
            return executions_table(items)
        return [
            Execution(self, e["executionArn"], e.get("startDate"), e.get("status"), e.get("name"))
            for e in items
        ]

    @classmethod
    def list_workflows(
        cls, max_items: int = 100, html: bool = False, backend: Backend | None = None
    ) -> list[dict[str, Any]] | Table:
        """The state machines the backend knows."""
        items = (backend or default_backend()).list_state_machines(max_items=max_items)
        return workflows_table(items) if html else items

    @classmethod
    def attach(cls, state_machine_arn: str, backend: Backend | None = None) -> Workflow:
        """A Workflow for an existing state machine (its definition parsed into steps)."""
        backend = backend or default_backend()
        info = backend.describe_state_machine(state_machine_arn)
        return cls(
            name=info["name"],
            definition=Graph.from_json(info["definition"]),
            role=info.get("roleArn", ""),
            backend=backend,
            type=info.get("type", "STANDARD"),
            state_machine_arn=state_machine_arn,
        )

    # --- views -------------------------------------------------------------------------------

    def render_graph(self, portrait: bool = False) -> Any:
        """The state graph as an image object (shows itself in notebooks)."""
        return _render(self.definition.to_dict(), portrait, None)

    def get_cloudformation_template(self, description: str | None = None) -> str:
        """A YAML CloudFormation template declaring this state machine."""
        properties: dict[str, Any] = {
            "StateMachineName": self.name,
            "StateMachineType": self.type,
            "RoleArn": self.role,
            "Definition": self.definition.to_dict(),
        }
        if self.tags:
            properties["Tags"] = [{"Key": k, "Value": v} for k, v in self.tags.items()]
        template = {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": description or f"Step Functions state machine {self.name}",
            "Resources": {
                "StateMachineComponent": {
                    "Type": "AWS::StepFunctions::StateMachine",
                    "Properties": properties,
                }
            },
        }
        return str(yaml.safe_dump(template, sort_keys=False, allow_unicode=True, width=100))

    def __repr__(self) -> str:
        return (
            f"Workflow(name={self.name!r}, role={self.role!r}, "
            f"state_machine_arn={self.state_machine_arn!r})"
        )


class Execution:
    """One run of a workflow."""

    def __init__(
        self,
        workflow: Workflow,
        execution_arn: str,
        start_date: Any = None,
        status: str | None = None,
        name: str | None = None,
    ) -> None:
        self.workflow = workflow
        self.execution_arn = execution_arn
        self.start_date = start_date
        self.status = status
        self.name = name or execution_arn.rsplit(":", 1)[-1]

    @property
    def backend(self) -> Backend:
        return self.workflow.backend

    def describe(self) -> dict[str, Any]:
        """boto3-shaped description: status, input, output, error, cause, dates."""
        info = self.backend.describe_execution(self.execution_arn)
        self.status = info.get("status", self.status)
        return info

    def get_input(self) -> Any:
        text = self.describe().get("input")
        return json.loads(text) if text else None

    def wait(self, timeout: float | None = None, poll_interval: float = 0.25) -> dict[str, Any]:
        """Poll until the execution is no longer RUNNING; returns the final description."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            info = self.describe()
            if info.get("status") != RUNNING:
                return info
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError(
                    f"execution {self.execution_arn} still running after {timeout} s"
                )
            time.sleep(poll_interval)

    def get_output(self, wait: bool = False, timeout: float | None = None) -> Any:
        """The output as JSON (None while running or after a failure); ``wait=True`` polls
        until the execution ends."""
        info = self.wait(timeout=timeout) if wait else self.describe()
        text = info.get("output")
        if info.get("status") != "SUCCEEDED" or text is None:
            return None
        try:
            return json.loads(text)
        except ValueError:
            return text  # some emulators return a bare string output unencoded

    def stop(self, error: str | None = None, cause: str | None = None) -> None:
        self.backend.stop_execution(self.execution_arn, error=error, cause=cause)

    def list_events(
        self, max_items: int | None = None, reverse_order: bool = False, html: bool = False
    ) -> list[dict[str, Any]] | Table:
        """The history events (AWS shape); an HTML table object with ``html=True``."""
        events = self.backend.get_execution_history(
            self.execution_arn, reverse_order=reverse_order, max_items=max_items
        )
        return events_table(events) if html else events

    def render_progress(self, portrait: bool = False) -> Any:
        """The state graph coloured by each state's status in this execution."""
        events = self.backend.get_execution_history(self.execution_arn)
        return _render(self.workflow.definition.to_dict(), portrait, events)

    def __repr__(self) -> str:
        return f"Execution(execution_arn={self.execution_arn!r}, status={self.status!r})"


__all__ = ["Execution", "Workflow", "default_backend"]
