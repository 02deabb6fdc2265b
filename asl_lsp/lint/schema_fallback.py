"""The pure-Python stand-in for ``jsonschema_rs``: ``jsonschema`` with its errors given the Rust
validator's shape (an instance path, a schema path and a structured ``kind``).

It lives apart from :mod:`asl_lsp.lint.schema_validator` so that a platform with the wheel never
loads it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from asl_lsp.spec.schema import SchemaDict


@dataclass
class ErrorKind:
    """The parts of a ``jsonschema_rs`` error kind the schema layer reads."""

    name: str
    unexpected: list[str] = field(default_factory=list)
    property: str = ""
    context: list[list[SchemaError]] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    options: list[Any] = field(default_factory=list)
    limit: Any = None
    expected_value: Any = None


@dataclass
class SchemaError:
    instance_path: list[str | int]
    schema_path: list[str | int]
    instance: Any
    kind: ErrorKind
    message: str = ""


class PythonValidator:
    """``jsonschema`` behind the interface of a ``jsonschema_rs`` validator."""

    def __init__(self, schema: SchemaDict) -> None:
        from jsonschema import Draft202012Validator  # only where the Rust wheel is missing

        self._validator = Draft202012Validator(schema)

    def is_valid(self, instance: Any) -> bool:
        return bool(self._validator.is_valid(instance))

    def iter_errors(self, instance: Any) -> Iterator[SchemaError]:
        for error in self._validator.iter_errors(instance):
            yield _convert(error)


def _convert(error: Any, ref: str | None = None) -> SchemaError:
    keyword = str(error.validator)
    value = error.validator_value
    kind = ErrorKind(keyword)
    if keyword == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        kind.unexpected = [k for k in error.instance if k not in known]
    elif keyword == "required":
        # jsonschema reports one missing property per error: "'Name' is a required property".
        kind.property = str(ast.literal_eval(error.message.split(" is a required")[0]))
    elif keyword == "anyOf":
        branches: list[list[SchemaError]] = [[] for _ in value]
        for sub in error.context or ():
            index = int(sub.schema_path[0])
            target = value[index].get("$ref", "") if isinstance(value[index], dict) else ""
            branches[index].append(_convert(sub, target.rpartition("/")[2] or None))
        kind.context = branches
    elif keyword == "type":
        kind.types = [value] if isinstance(value, str) else list(value)
    elif keyword == "enum":
        kind.options = list(value)
    elif keyword == "const":
        kind.expected_value = value
    else:
        kind.limit = value
    schema_path = list(error.absolute_schema_path)
    if ref is not None:
        schema_path.append(ref)  # jsonschema_rs names the $defs entry a $ref led to
    return SchemaError(
        list(error.absolute_path), schema_path, error.instance, kind, str(error.message)
    )
