"""Loads the project's ASL JSON Schema once and answers questions about its definitions.

The schema ships inside the package (``asl_lsp/schemas`` links to the top-level ``schemas``),
so it is read through the package loader (:func:`pkgutil.get_data`), which works from a wheel as
well as a checkout and, unlike :mod:`importlib.resources`, costs no imports at start-up.
"""

from __future__ import annotations

import json
import pkgutil
from functools import cache
from typing import Any, cast

SCHEMA_ID = "https://asl-lsp.dev/schemas/asl.schema.json"

SchemaDict = dict[str, Any]


@cache
def load_schema() -> SchemaDict:
    """The parsed schema (cached; callers must not mutate it)."""
    data = pkgutil.get_data("asl_lsp", "schemas/asl.schema.json")
    if data is None:  # pragma: no cover - a loader without get_data
        raise FileNotFoundError("asl_lsp/schemas/asl.schema.json")
    return cast(SchemaDict, json.loads(data.decode("utf-8")))


def definition(name: str) -> SchemaDict:
    """A named entry of ``$defs``; the empty string names the root schema."""
    schema = load_schema()
    if not name:
        return schema
    return cast(SchemaDict, schema["$defs"][name])


def ref_name(subschema: SchemaDict) -> str | None:
    """The ``$defs`` name a ``{"$ref": "#/$defs/x"}`` points at, else None."""
    ref = subschema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return ref[len("#/$defs/") :]
    return None


def resolve(subschema: SchemaDict) -> SchemaDict:
    """Follow ``$ref`` chains to the schema that carries the constraints."""
    seen = 0
    while (name := ref_name(subschema)) is not None and seen < 16:
        subschema = definition(name)
        seen += 1
    return subschema
