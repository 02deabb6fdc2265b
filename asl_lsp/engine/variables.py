"""Workflow variables (``Assign``) with AWS's scoping.

A Parallel branch or Map iteration gets a child scope: it reads every outer variable but cannot
assign one (AWS refuses such a definition; here it is a ``States.Runtime`` failure). A Distributed
Map's child workflows start from an empty scope, as they run as separate executions.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from typing import Any

from asl_lsp.engine.errors import RUNTIME, StatesError
from asl_lsp.expr.errors import JsonValue


class VariableScope:
    def __init__(self, parent: VariableScope | None = None) -> None:
        self.parent = parent
        self.values: dict[str, JsonValue] = {}

    def child(self) -> VariableScope:
        return VariableScope(self)

    def view(self) -> Mapping[str, JsonValue]:
        """A read-only view of every visible variable, innermost first."""
        maps: list[dict[str, Any]] = []
        scope: VariableScope | None = self
        while scope is not None:
            maps.append(scope.values)
            scope = scope.parent
        if len(maps) == 1:
            return maps[0]
        return ChainMap(*maps)

    def _outer_has(self, name: str) -> bool:
        scope = self.parent
        while scope is not None:
            if name in scope.values:
                return True
            scope = scope.parent
        return False

    def assign(self, values: Mapping[str, JsonValue]) -> None:
        for name in values:
            if name not in self.values and self._outer_has(name):
                raise StatesError(
                    RUNTIME,
                    f"The variable '${name}' belongs to an outer scope: a Parallel branch or "
                    "Map iteration may read it but not assign it",
                )
        self.values.update(values)
