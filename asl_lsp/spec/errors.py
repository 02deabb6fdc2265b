"""The predefined ``States.*`` error names (completion in ErrorEquals, hover, engine errors)."""

from __future__ import annotations

from dataclasses import dataclass

ERROR_DOCS_URL = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html"


@dataclass(frozen=True, slots=True)
class ErrorSpec:
    name: str
    doc: str
    # False for names that only a retrier or catcher can match, never a Fail state should raise.
    retriable: bool = True

    @property
    def markdown(self) -> str:
        return f"**{self.name}**\n\n{self.doc}\n\n[AWS documentation]({ERROR_DOCS_URL})"


_ERRORS = (
    ErrorSpec(
        "States.ALL",
        "Matches any error name. Must be alone in ErrorEquals and in the last retrier or catcher.",
    ),
    ErrorSpec(
        "States.DataLimitExceeded",
        "Output larger than the payload quota (256 KiB); not retried by States.ALL.",
        retriable=False,
    ),
    ErrorSpec(
        "States.HeartbeatTimeout", "A Task sent no heartbeat for longer than HeartbeatSeconds."
    ),
    ErrorSpec(
        "States.Timeout",
        "A Task ran longer than TimeoutSeconds, or the execution longer than its TimeoutSeconds.",
    ),
    ErrorSpec(
        "States.TaskFailed",
        "A Task failed during execution; matches any task failure except States.Timeout.",
    ),
    ErrorSpec(
        "States.Permissions", "A Task failed because the execution role lacks privileges to run it."
    ),
    ErrorSpec(
        "States.ResultPathMatchFailure",
        "ResultPath could not place the result into the state input.",
    ),
    ErrorSpec(
        "States.ParameterPathFailure",
        "A path in Parameters (or another payload template) matched nothing.",
    ),
    ErrorSpec("States.BranchFailed", "A branch of a Parallel state failed."),
    ErrorSpec(
        "States.NoChoiceMatched", "No Choice rule matched and the Choice state has no Default."
    ),
    ErrorSpec("States.IntrinsicFailure", "An intrinsic function failed in a payload template."),
    ErrorSpec(
        "States.ExceedToleratedFailureThreshold",
        "A Map state had more failed items than its tolerated failure threshold.",
    ),
    ErrorSpec(
        "States.ItemReaderFailed",
        "A Map state could not read its items from the ItemReader source.",
    ),
    ErrorSpec(
        "States.ResultWriterFailed",
        "A Map state could not write its results to the ResultWriter destination.",
    ),
    ErrorSpec(
        "States.Runtime",
        "A runtime error, such as a path applied to a value that has no such field; never retried.",
        retriable=False,
    ),
    ErrorSpec(
        "States.QueryEvaluationError",
        "A JSONata expression failed to evaluate (type error, undefined result, ...).",
    ),
)

STATES_ERRORS: dict[str, ErrorSpec] = {e.name: e for e in _ERRORS}
STATES_ALL = "States.ALL"


def is_predefined(name: str) -> bool:
    return name in STATES_ERRORS
