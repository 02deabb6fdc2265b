"""``asl.deploy``: create the document's state machine through the SDK, or update it when a state
machine of that name exists, on the local engine's store or on AWS Step Functions."""

from __future__ import annotations

from typing import Any

from asl_lsp.lsp.settings import Settings


class DeployError(Exception):
    """Why a deployment could not happen; the message is shown to the user."""


def _backend(options: dict[str, Any], settings: Settings) -> Any:
    target = options.get("target") or settings.deploy_target
    if target == "aws":
        # Imported here: boto3 loads only when AWS is the target.
        from asl_lsp.sdk.backends.aws import AwsBackend

        region = options.get("region") or settings.deploy_region
        endpoint = options.get("endpointUrl") or settings.deploy_endpoint_url
        return AwsBackend(region=region, endpoint_url=endpoint)
    if target == "local":
        # Imported here: the local engine loads only when something runs on it.
        from asl_lsp.sdk.backends.local import LocalBackend

        return LocalBackend()
    raise DeployError(f"deploy target must be 'local' or 'aws', not {target!r}")


def deploy_definition(
    definition: dict[str, Any], options: dict[str, Any], settings: Settings
) -> dict[str, Any]:
    """``{"arn": ..., "created": True}`` for a new state machine; ``created`` is False for an
    update."""
    # Imported here: the SDK loads only when a deploy is asked for.
    from asl_lsp.sdk.backends.base import BackendError
    from asl_lsp.sdk.workflow import Workflow

    name = options.get("name")
    role = options.get("role")
    if not isinstance(name, str) or not name.strip():
        raise DeployError("deploy needs a state machine name")
    if not isinstance(role, str) or not role.strip():
        raise DeployError("deploy needs an execution role ARN")
    if not definition.get("States"):
        raise DeployError("the document holds no state machine to deploy")
    try:
        backend = _backend(options, settings)
        existing = backend.find_state_machine(name)
        if existing is not None:
            workflow = Workflow(name, definition, role, backend=backend, state_machine_arn=existing)
            return {"arn": workflow.update(definition=definition, role=role), "created": False}
        workflow = Workflow(name, definition, role, backend=backend)
        return {"arn": workflow.create(), "created": True}
    except BackendError as error:
        raise DeployError(str(error)) from None
