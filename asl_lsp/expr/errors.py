"""Errors of the expression languages, for the linter (``ExprError``) and the engine (exceptions).

Every runtime message text is produced by a function in this module, so that the wording AWS uses
lives in exactly one place and the engine, the tests and the docs agree on it.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from asl_lsp.spec.errors import (
    INTRINSIC_FAILURE,
    QUERY_EVALUATION_ERROR,
    RESULT_PATH_MATCH_FAILURE,
    RUNTIME,
)

JsonValue = Any
"""A JSON value as Python holds it (dict, list, str, int, float, bool, None)."""


class ExprError(NamedTuple):
    """A static problem in an expression; ``start``/``end`` are offsets into that string."""

    message: str
    start: int
    end: int

    def shifted(self, offset: int) -> ExprError:
        """The same error moved by ``offset`` (for an expression embedded in a larger text)."""
        return ExprError(self.message, self.start + offset, self.end + offset)


class ExprSyntaxError(Exception):
    """A malformed expression (path or intrinsic call); offsets are relative to its text."""

    def __init__(self, message: str, start: int, end: int) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end


class ExprEvaluationError(Exception):
    """A runtime failure while evaluating an expression; ``error`` is the ``States.*`` name."""

    error: str = RUNTIME

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def cause(self) -> str:
        return self.message


class PathEvaluationError(ExprEvaluationError):
    """A JSONPath that cannot be applied to its data.

    AWS reports ``States.Runtime`` for InputPath/OutputPath/ItemsPath/...Path and for payload
    templates; the spec names ``States.ParameterPathFailure`` for Parameters. The caller picks the
    error name; ``path`` and ``field`` let it re-word the cause if it must.
    """

    error = RUNTIME

    def __init__(self, message: str, *, path: str = "", field: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.field = field


class ResultPathMatchFailure(ExprEvaluationError):
    """ResultPath cannot be applied (a node on the way is not an object)."""

    error = RESULT_PATH_MATCH_FAILURE


class IntrinsicFailure(ExprEvaluationError):
    """An intrinsic function called with arguments AWS refuses at run time."""

    error = INTRINSIC_FAILURE


class JsonataEvaluationError(ExprEvaluationError):
    """A JSONata expression that fails to evaluate (or to parse at run time)."""

    error = QUERY_EVALUATION_ERROR


# --------------------------------------------------------------------------- message texts


def to_compact_json(value: JsonValue) -> str:
    """JSON as AWS prints it in causes and in ``States.JsonToString``: no spaces, UTF-8 kept."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _safe_json(value: JsonValue) -> str:
    try:
        return to_compact_json(value)
    except (TypeError, ValueError):
        return repr(value)


def invalid_path_message(path: str, normalized: str) -> str:
    """Cause AWS gives when InputPath/OutputPath/ItemsPath/...Path selects nothing."""
    return f"Invalid path '{path}' : No results for path: {normalized}"


def field_path_not_found_message(path: str, field: str, data: JsonValue) -> str:
    """Cause AWS gives when a payload-template path (``"key.$": "$.x"``) selects nothing."""
    return (
        f"The JSONPath '{path}' specified for the field '{field}' could not be found "
        f"in the input '{_safe_json(data)}'"
    )


def payload_value_message(field: str) -> str:
    """Cause for a ``.$`` key whose value is neither a path nor an intrinsic call."""
    return (
        f"The value for the field '{field}' must be a valid JSONPath or a valid intrinsic "
        "function call"
    )


def undefined_variable_message(name: str) -> str:
    """Cause for a ``$name`` read of a variable no state has assigned."""
    return f"The variable '${name}' is not defined"


def result_path_message(path: str, data: JsonValue) -> str:
    """Cause of ``States.ResultPathMatchFailure``."""
    return f"Unable to apply ReferencePath {path} to input {_safe_json(data)}"


def intrinsic_message(function: str, detail: str) -> str:
    """Cause of ``States.IntrinsicFailure``: the function named, then what was wrong."""
    return f"Invalid arguments in {function}: {detail}" if function else detail


def jsonata_message(expression: str, detail: str, field: str | None = None) -> str:
    """Cause of ``States.QueryEvaluationError``."""
    where = f" specified for the field '{field}'" if field else ""
    return (
        f"An error occurred while evaluating the JSONata expression '{expression}'{where}: {detail}"
    )


def state_error_prefix(state_name: str, entered_event_id: int) -> str:
    """The sentence AWS puts before a runtime cause that happened inside a state."""
    return (
        f"An error occurred while executing the state '{state_name}' "
        f"(entered at the event id #{entered_event_id}). "
    )
