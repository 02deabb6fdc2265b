"""The JSON-Schema validator of the linter: ``jsonschema_rs``, or ``jsonschema`` where the Rust
wheel is missing for the platform.

The schema layer reads errors in ``jsonschema_rs``'s shape (an instance path, a schema path and a
structured ``kind``); :mod:`asl_lsp.lint.schema_fallback` gives ``jsonschema``'s errors that
shape, so the findings, and so the diagnostics, are the same whichever validator runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from asl_lsp.spec.schema import SchemaDict, load_schema


class Validator(Protocol):
    def is_valid(self, instance: Any) -> bool: ...

    def iter_errors(self, instance: Any) -> Iterator[Any]: ...


def load_validator(schema: SchemaDict | None = None) -> Validator:
    """The fast validator when its wheel is installed, else the pure-Python one; for the ASL
    schema unless another ``schema`` (such as the test-file schema) is given."""
    schema = load_schema() if schema is None else schema
    try:
        # Imported here: an optional wheel: without it the pure-Python validator runs.
        import jsonschema_rs
    except ImportError:
        # Imported here: the stand-in is only for platforms without the wheel.
        from asl_lsp.lint.schema_fallback import PythonValidator

        return PythonValidator(schema)
    validator: Validator = jsonschema_rs.validator_for(schema)
    return validator
