"""The predefined ``States.*`` error names (completion in ErrorEquals, hover, engine errors)."""

from __future__ import annotations

from typing import Final, NamedTuple

ERROR_DOCS_URL = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html"


class ErrorSpec(NamedTuple):
    name: str
    doc: str
    # False for names that only a retrier or catcher can match, never a Fail state should raise.
    retriable: bool = True

    @property
    def markdown(self) -> str:
        return f"**{self.name}**\n\n{self.doc}\n\n[AWS documentation]({ERROR_DOCS_URL})"


# Each predefined name once, for code that raises or matches it.
ALL: Final = "States.ALL"
DATA_LIMIT_EXCEEDED: Final = "States.DataLimitExceeded"
HEARTBEAT_TIMEOUT: Final = "States.HeartbeatTimeout"
TIMEOUT: Final = "States.Timeout"
TASK_FAILED: Final = "States.TaskFailed"
PERMISSIONS: Final = "States.Permissions"
RESULT_PATH_MATCH_FAILURE: Final = "States.ResultPathMatchFailure"
PARAMETER_PATH_FAILURE: Final = "States.ParameterPathFailure"
BRANCH_FAILED: Final = "States.BranchFailed"
NO_CHOICE_MATCHED: Final = "States.NoChoiceMatched"
INTRINSIC_FAILURE: Final = "States.IntrinsicFailure"
EXCEED_TOLERATED_FAILURE_THRESHOLD: Final = "States.ExceedToleratedFailureThreshold"
ITEM_READER_FAILED: Final = "States.ItemReaderFailed"
RESULT_WRITER_FAILED: Final = "States.ResultWriterFailed"
RUNTIME: Final = "States.Runtime"
QUERY_EVALUATION_ERROR: Final = "States.QueryEvaluationError"

_ERRORS = (
    ErrorSpec(
        ALL,
        "Matches any error name. Must be alone in ErrorEquals and in the last retrier or catcher.",
    ),
    ErrorSpec(
        DATA_LIMIT_EXCEEDED,
        "Output larger than the payload quota (256 KiB); not retried by States.ALL.",
        retriable=False,
    ),
    ErrorSpec(HEARTBEAT_TIMEOUT, "A Task sent no heartbeat for longer than HeartbeatSeconds."),
    ErrorSpec(
        TIMEOUT,
        "A Task ran longer than TimeoutSeconds, or the execution longer than its TimeoutSeconds.",
    ),
    ErrorSpec(
        TASK_FAILED,
        "A Task failed during execution; matches any task failure except States.Timeout.",
    ),
    ErrorSpec(PERMISSIONS, "A Task failed because the execution role lacks privileges to run it."),
    ErrorSpec(
        RESULT_PATH_MATCH_FAILURE,
        "ResultPath could not place the result into the state input.",
    ),
    ErrorSpec(
        PARAMETER_PATH_FAILURE,
        "A path in Parameters (or another payload template) matched nothing.",
    ),
    ErrorSpec(BRANCH_FAILED, "A branch of a Parallel state failed."),
    ErrorSpec(NO_CHOICE_MATCHED, "No Choice rule matched and the Choice state has no Default."),
    ErrorSpec(INTRINSIC_FAILURE, "An intrinsic function failed in a payload template."),
    ErrorSpec(
        EXCEED_TOLERATED_FAILURE_THRESHOLD,
        "A Map state had more failed items than its tolerated failure threshold.",
    ),
    ErrorSpec(
        ITEM_READER_FAILED,
        "A Map state could not read its items from the ItemReader source.",
    ),
    ErrorSpec(
        RESULT_WRITER_FAILED,
        "A Map state could not write its results to the ResultWriter destination.",
    ),
    ErrorSpec(
        RUNTIME,
        "A runtime error, such as a path applied to a value that has no such field; never retried.",
        retriable=False,
    ),
    ErrorSpec(
        QUERY_EVALUATION_ERROR,
        "A JSONata expression failed to evaluate (type error, undefined result, ...).",
    ),
)

STATES_ERRORS: dict[str, ErrorSpec] = {e.name: e for e in _ERRORS}
STATES_ALL = ALL
# Errors no Retry or Catch may handle: AWS fails the execution at once.
TERMINAL_ERRORS: frozenset[str] = frozenset(e.name for e in _ERRORS if not e.retriable)


def is_predefined(name: str) -> bool:
    return name in STATES_ERRORS
