"""Keeping an ``asl run`` execution in the local store, as ``asl deploy --target local`` does.

The state machine is registered under its name (a new version when the definition changed), the
execution is added as RUNNING before it starts and each history event is committed as it happens,
so ``asl executions`` and the SDK can read it after the process ends (or find it orphaned if the
process is killed).
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from asl_lsp.engine.events import Event, compact
from asl_lsp.engine.runner import DEFAULT_ROLE, ExecutionResult, execution_arn, state_machine_arn
from asl_lsp.engine.store import Store
from asl_lsp.expr.errors import JsonValue


class RecordingError(Exception):
    """The store could not be opened or written; the message is one line."""


@dataclass
class Recording:
    """One execution being written to ``store``."""

    store: Store
    execution_name: str
    execution_arn: str

    def add_event(self, event: Event) -> None:
        self.store.add_event(self.execution_arn, event)

    def finish(self, result: ExecutionResult) -> None:
        output = compact(result.output) if result.succeeded else None
        self.store.finish_execution(
            self.execution_arn,
            result.status,
            datetime.now(timezone.utc),
            output,
            result.error,
            result.cause,
        )
        self.store.close()


def start_recording(name: str, definition: dict[str, Any], input_: JsonValue) -> Recording:
    """Register ``definition`` as state machine ``name`` and add a RUNNING execution of it."""
    try:
        store = Store()
        machine_arn = state_machine_arn(name)
        text = compact(definition)
        now = datetime.now(timezone.utc)
        known = store.state_machine(machine_arn)
        if known is None:
            store.add_state_machine(machine_arn, name, text, DEFAULT_ROLE, "STANDARD", {}, now)
        elif known["definition"] != text:
            store.update_state_machine(machine_arn, text, None, now)
        version = (store.state_machine(machine_arn) or {"version": 1})["version"]
        execution_name = str(uuid.uuid4())
        arn = execution_arn(name, execution_name)
        store.add_execution(arn, machine_arn, execution_name, version, now, compact(input_))
    except (OSError, sqlite3.Error) as error:
        raise RecordingError(f"cannot write the local store: {error}") from None
    return Recording(store, execution_name, arn)
