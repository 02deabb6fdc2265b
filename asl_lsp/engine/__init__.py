"""The local execution engine: runs ASL state machines on this machine with AWS's semantics.

``run_definition`` runs a definition to its end (``LocalStateMachine`` loads one to run it many
times); ``LocalBackend`` (``asl_lsp.sdk.backends``)
adds persistence, asynchronous executions and task tokens on top of the same interpreter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from asl_lsp.engine.errors import StatesError, TaskFailure
    from asl_lsp.engine.runner import ExecutionResult, LocalStateMachine, run_definition

__all__ = ["ExecutionResult", "LocalStateMachine", "StatesError", "TaskFailure", "run_definition"]


def __getattr__(name: str) -> Any:
    if name in ("ExecutionResult", "LocalStateMachine", "run_definition"):
        # Imported here: importing asl_lsp.engine stays cheap: names resolve on first use.
        from asl_lsp.engine import runner

        return getattr(runner, name)
    if name in ("StatesError", "TaskFailure"):
        # Imported here: importing asl_lsp.engine stays cheap: names resolve on first use.
        from asl_lsp.engine import errors

        return getattr(errors, name)
    raise AttributeError(name)
