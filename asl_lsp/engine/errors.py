"""The ``States.*`` error model of the engine.

A state fails by raising :class:`StatesError`; Retry and Catch match on its ``error`` name. Errors
that AWS never lets a workflow handle (``States.Runtime``, ``States.DataLimitExceeded``) are marked
``terminal`` so Retry/Catch skip them, as the service does.
"""

from __future__ import annotations

from asl_lsp.spec.errors import (
    ALL,
    BRANCH_FAILED,
    DATA_LIMIT_EXCEEDED,
    EXCEED_TOLERATED_FAILURE_THRESHOLD,
    HEARTBEAT_TIMEOUT,
    INTRINSIC_FAILURE,
    ITEM_READER_FAILED,
    NO_CHOICE_MATCHED,
    PARAMETER_PATH_FAILURE,
    QUERY_EVALUATION_ERROR,
    RESULT_PATH_MATCH_FAILURE,
    RESULT_WRITER_FAILED,
    RUNTIME,
    TASK_FAILED,
    TERMINAL_ERRORS,
    TIMEOUT,
)

# Re-exported: the engine's modules name the errors they raise through this module.
__all__ = [
    "ALL",
    "BRANCH_FAILED",
    "DATA_LIMIT_EXCEEDED",
    "EXCEED_TOLERATED_FAILURE_THRESHOLD",
    "HEARTBEAT_TIMEOUT",
    "INTRINSIC_FAILURE",
    "ITEM_READER_FAILED",
    "NO_CHOICE_MATCHED",
    "PARAMETER_PATH_FAILURE",
    "QUERY_EVALUATION_ERROR",
    "RESULT_PATH_MATCH_FAILURE",
    "RESULT_WRITER_FAILED",
    "RUNTIME",
    "TASK_FAILED",
    "TERMINAL_ERRORS",
    "TIMEOUT",
    "ExecutionStopped",
    "StatesError",
    "TaskFailure",
    "error_matches",
]


class StatesError(Exception):
    """A state failed with ``error`` and ``cause`` (what ``{"Error", "Cause"}`` holds)."""

    def __init__(self, error: str, cause: str = "", *, from_branch: bool = False) -> None:
        super().__init__(f"{error}: {cause}" if cause else error)
        self.error = error
        self.cause = cause
        self.from_branch = from_branch

    @property
    def terminal(self) -> bool:
        """True for errors no Retry or Catch may handle (AWS fails the execution at once)."""
        return self.error in TERMINAL_ERRORS

    def output(self) -> dict[str, str]:
        """The error output a Catcher passes on."""
        return {"Error": self.error, "Cause": self.cause}


class TaskFailure(StatesError):
    """Raise from a task handler to fail the task with a chosen error name and cause."""


class ExecutionStopped(Exception):
    """The execution was stopped (``stop_execution``) or timed out; unwinds every branch."""

    def __init__(self, status: str, error: str | None, cause: str | None) -> None:
        super().__init__(status)
        self.status = status
        self.error = error
        self.cause = cause


def error_matches(pattern: str, error: StatesError) -> bool:
    """Whether one ``ErrorEquals`` entry matches ``error``.

    ``States.ALL`` matches every error but the terminal ones; ``States.TaskFailed`` works as a
    wildcard too, except for ``States.Timeout`` (AWS documents both); ``States.BranchFailed``
    also matches any error that came out of a Parallel branch or Map iteration.
    """
    if error.terminal:
        return False
    if pattern == error.error or pattern == ALL:
        return True
    if pattern == TASK_FAILED:
        return error.error not in (TIMEOUT,)
    return pattern == BRANCH_FAILED and error.from_branch
