"""The Variables view's handles: JSON containers shown as expandable DAP variables.

Handles are valid while the execution is stopped; the adapter clears them on every resume. Each
variable carries the JSONPath that reaches it (``evaluateName``) when its scope has one.
"""

from __future__ import annotations

import json
from typing import Any

from asl_lsp.debug.inspect import UNSET
from asl_lsp.expr.errors import JsonValue

PREVIEW_CHARS = 200


class Variables:
    """Handles for the JSON containers shown in the Variables view, valid while stopped."""

    def __init__(self) -> None:
        self._values: dict[int, tuple[JsonValue, str | None]] = {}

    def clear(self) -> None:
        self._values.clear()

    def add(self, value: JsonValue, path: str | None) -> int:
        if not isinstance(value, (dict, list)) or not value:
            return 0
        ref = len(self._values) + 1
        self._values[ref] = (value, path)
        return ref

    def children(self, ref: int) -> list[dict[str, Any]]:
        value, path = self._values.get(ref, (None, None))
        if isinstance(value, dict):
            items = [(k, v, _member_path(path, k)) for k, v in value.items()]
        elif isinstance(value, list):
            items = [(f"[{i}]", v, f"{path}[{i}]" if path else None) for i, v in enumerate(value)]
        else:
            return []
        return [self.variable(name, v, p) for name, v, p in items]

    def variable(self, name: str, value: JsonValue, path: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": name,
            "value": render(value),
            "type": json_type(value),
            "variablesReference": self.add(value, path),
        }
        if path is not None:
            out["evaluateName"] = path
        return out


def _member_path(path: str | None, key: str) -> str | None:
    if path is None:
        return None
    simple = key.isidentifier()
    return f"{path}.{key}" if simple else f"{path}[{json.dumps(key)}]"


def render(value: JsonValue) -> str:
    if value is UNSET:
        return "(not computed yet)"
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def json_type(value: JsonValue) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "array"}.get(
        type(value), "object"
    )
