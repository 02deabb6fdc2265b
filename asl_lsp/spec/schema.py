"""Loads the project's ASL JSON Schema once and answers questions about its definitions.

The schema ships inside the package (``asl_lsp/schemas`` links to the top-level ``schemas``),
so it is read through :mod:`importlib.resources`, which works from a wheel as well as a checkout.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any, cast

SCHEMA_ID = "https://asl-lsp.dev/schemas/asl.schema.json"

SchemaDict = dict[str, Any]


@cache
def load_schema() -> SchemaDict:
    """The parsed schema (cached; callers must not mutate it)."""
    text = (files("asl_lsp") / "schemas" / "asl.schema.json").read_text(encoding="utf-8")
    return cast(SchemaDict, json.loads(text))


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
