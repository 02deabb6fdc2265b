"""Placeholders: Python stand-ins for values that only exist at run time.

``ExecutionInput()["order"]["id"]`` renders as ``$$.Execution.Input.order.id`` and
``step.output()["Flag"]`` as ``$.Flag``. Inside payload templates (``parameters=...``) a
placeholder value turns its key into ``key.$`` when the definition is serialised, as the DS
SDK does, so users never write ``.$`` keys or path strings by hand.
"""

from __future__ import annotations

import re
from typing import Any

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

_TYPE_NAMES: dict[type, str] = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    dict: "an object",
    list: "an array",
}


def _segment(key: str | int) -> str:
    if isinstance(key, int):
        return f"[{key}]"
    if _IDENTIFIER.match(key):
        return f".{key}"
    escaped = key.replace("\\", "\\\\").replace("'", "\\'")
    return f"['{escaped}']"


class Placeholder:
    """A path into run-time data; index it to go deeper (``placeholder["a"][0]``)."""

    _root = "$"

    def __init__(
        self,
        schema: dict[str, Any] | None = None,
        *,
        _path: tuple[str | int, ...] = (),
        _type: Any = None,
    ) -> None:
        self.schema = schema
        self._path = _path
        self._type = _type

    def __getitem__(self, key: str | int) -> Placeholder:
        return self.get(key)

    def get(self, name: str | int, type: Any = None) -> Placeholder:
        """The child placeholder ``name``; with a schema, unknown names are refused early."""
        if not isinstance(name, (str, int)) or isinstance(name, bool):
            raise TypeError(f"a placeholder key must be a string or an integer, not {name!r}")
        child_schema: dict[str, Any] | None = None
        child_type = type
        if self.schema is not None and isinstance(name, str):
            if name not in self.schema:
                known = ", ".join(sorted(self.schema)) or "none"
                raise ValueError(
                    f"'{name}' is not in the schema of {self.to_jsonpath()} (known keys: {known})"
                )
            declared = self.schema[name]
            if isinstance(declared, dict):
                child_schema = declared
                child_type = dict
            elif child_type is None:
                child_type = declared
        return self.__class__(schema=child_schema, _path=(*self._path, name), _type=child_type)

    def to_jsonpath(self) -> str:
        return self._root + "".join(_segment(p) for p in self._path)

    def validate(self, value: Any) -> None:
        """Check ``value`` against the schema; raises ValueError naming the first mismatch."""
        if self.schema is None:
            return
        _validate(self.schema, value, self.to_jsonpath())

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.to_jsonpath()!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Placeholder)
            and type(other) is type(self)
            and (other.to_jsonpath() == self.to_jsonpath())
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.to_jsonpath()))


def _validate(schema: dict[str, Any], value: Any, where: str) -> None:
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be an object, got {type(value).__name__}")
    for key, declared in schema.items():
        path = where + _segment(key)
        if key not in value:
            raise ValueError(f"{path} is missing from the input")
        if isinstance(declared, dict):
            _validate(declared, value[key], path)
        elif isinstance(declared, type) and not _matches(value[key], declared):
            expected = _TYPE_NAMES.get(declared, declared.__name__)
            raise ValueError(f"{path} must be {expected}, got {value[key]!r}")


def _matches(value: Any, expected: type) -> bool:
    if expected is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


class ExecutionInput(Placeholder):
    """The execution's input, read through the context object (``$$.Execution.Input``)."""

    _root = "$$.Execution.Input"


class StepInput(Placeholder):
    """The current state's input (``$``); ``State.output()`` returns one for the next state."""

    _root = "$"


__all__ = ["ExecutionInput", "Placeholder", "StepInput"]
