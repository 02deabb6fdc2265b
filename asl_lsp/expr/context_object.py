"""The context object (``$$`` in JSONPath, ``$states.context`` in JSONata).

``CONTEXT_PATHS`` feeds completion and hover; ``build_context_object`` gives the engine the exact
shape AWS documents, so paths like ``$$.Map.Item.Value`` resolve the same locally.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from asl_lsp.expr.errors import JsonValue

CONTEXT_PATHS: list[tuple[str, str]] = [
    ("$$.Execution", "The current execution."),
    ("$$.Execution.Id", "ARN of the execution."),
    ("$$.Execution.Input", "The input the execution started with."),
    ("$$.Execution.Name", "Name of the execution."),
    ("$$.Execution.RoleArn", "ARN of the role the state machine runs as."),
    ("$$.Execution.StartTime", "When the execution started (ISO 8601, UTC)."),
    ("$$.Execution.RedriveCount", "How many times the execution has been redriven."),
    ("$$.Execution.RedriveTime", "When the execution was last redriven."),
    ("$$.State", "The current state."),
    ("$$.State.EnteredTime", "When the current state was entered (ISO 8601, UTC)."),
    ("$$.State.Name", "Name of the current state."),
    ("$$.State.RetryCount", "Number of retries of the current state so far."),
    ("$$.StateMachine", "The state machine."),
    ("$$.StateMachine.Id", "ARN of the state machine."),
    ("$$.StateMachine.Name", "Name of the state machine."),
    ("$$.Task", "The current task (Task states only)."),
    ("$$.Task.Token", "Task token of a .waitForTaskToken integration."),
    ("$$.Map", "The current Map iteration (inside ItemSelector and the item processor)."),
    ("$$.Map.Item", "The current Map item."),
    ("$$.Map.Item.Index", "Zero-based index of the current Map item."),
    ("$$.Map.Item.Value", "Value of the current Map item."),
    ("$$.Map.Item.Key", "Key of the current item when a Map iterates over a JSON object."),
]


def format_timestamp(moment: datetime) -> str:
    """AWS's context-object timestamp form: ``2019-03-26T20:14:13.192Z`` (UTC, milliseconds)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def build_context_object(
    *,
    execution_id: str,
    execution_name: str,
    execution_input: JsonValue,
    start_time: datetime | str,
    state_machine_id: str,
    state_machine_name: str,
    role_arn: str = "arn:aws:iam::123456789012:role/StepFunctionsLocal",
    state_name: str | None = None,
    entered_time: datetime | str | None = None,
    retry_count: int = 0,
    task_token: str | None = None,
    map_item_index: int | None = None,
    map_item_value: JsonValue = None,
    map_item_key: str | None = None,
    redrive_count: int = 0,
    redrive_time: datetime | str | None = None,
) -> dict[str, Any]:
    """The context object for one state: ``Task`` only with a token, ``Map`` only inside a Map."""

    def ts(v: datetime | str) -> str:
        return v if isinstance(v, str) else format_timestamp(v)

    execution: dict[str, Any] = {
        "Id": execution_id,
        "Input": execution_input,
        "Name": execution_name,
        "RoleArn": role_arn,
        "StartTime": ts(start_time),
        "RedriveCount": redrive_count,
    }
    if redrive_time is not None:
        execution["RedriveTime"] = ts(redrive_time)
    ctx: dict[str, Any] = {
        "Execution": execution,
        "StateMachine": {"Id": state_machine_id, "Name": state_machine_name},
    }
    if state_name is not None:
        ctx["State"] = {
            "EnteredTime": ts(entered_time if entered_time is not None else start_time),
            "Name": state_name,
            "RetryCount": retry_count,
        }
    if task_token is not None:
        ctx["Task"] = {"Token": task_token}
    if map_item_index is not None:
        item: dict[str, Any] = {"Index": map_item_index, "Value": map_item_value}
        if map_item_key is not None:
            item["Key"] = map_item_key
        ctx["Map"] = {"Item": item}
    return ctx


def with_state(
    context: dict[str, Any],
    state_name: str,
    entered_time: datetime | str,
    retry_count: int = 0,
    task_token: str | None = None,
) -> dict[str, Any]:
    """A copy of ``context`` for another state (the engine's per-state update)."""
    out = dict(context)
    out["State"] = {
        "EnteredTime": entered_time
        if isinstance(entered_time, str)
        else format_timestamp(entered_time),
        "Name": state_name,
        "RetryCount": retry_count,
    }
    if task_token is not None:
        out["Task"] = {"Token": task_token}
    else:
        out.pop("Task", None)
    return out
