"""Where each state of a definition is written: the link between the engine's state specs and
source lines, built from the parser's spans and the state-machine model.

The engine runs the plain definition value; the model knows each state's node. Both come from
the same parse, so each state's spec dict (the object the engine hands to observers) is found by
its JSON pointer and keyed by identity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from asl_lsp.model.machine import State, build_state_machine
from asl_lsp.syntax.document import DefinitionSource, SourceDocument, parse_source
from asl_lsp.syntax.nodes import ArrayNode, JsonValue, Node


class SourceError(Exception):
    """The program cannot be debugged as given (one line, for the launch response)."""


@dataclass(frozen=True)
class StateLocation:
    """A state's lines (0-based, inclusive) and its Choice rules' lines."""

    name: str
    pointer: str
    spec_id: int  # id() of the state's spec dict in the definition the engine runs
    first_line: int
    last_line: int
    rules: tuple[tuple[int, int], ...]  # per index of Choices: (first line, last line)
    depth: int


@dataclass(frozen=True)
class BreakpointSpot:
    """Where a breakpoint asked for on some line really lands."""

    location: StateLocation
    rule: int | None  # index in Choices, None for the state itself
    line: int  # 0-based line the breakpoint is shown on


class SourceMap:
    """The states of one definition, by spec identity and by line."""

    def __init__(self, document: SourceDocument, source: DefinitionSource) -> None:
        self.document = document
        value = source.value()
        if not isinstance(value, dict):
            raise SourceError("the definition is not an object")
        self.definition: dict[str, Any] = value
        machine = build_state_machine(source.root, source.pointer)
        self._by_spec: dict[int, StateLocation] = {}
        self.locations: list[StateLocation] = []
        prefix = len(source.pointer)
        for state in machine.all_states():
            spec = _resolve(value, state.pointer[prefix:])
            if not isinstance(spec, dict):
                continue
            location = self._locate(state, id(spec))
            self._by_spec[id(spec)] = location
            self.locations.append(location)

    def _locate(self, state: State, spec_id: int) -> StateLocation:
        lines = self.document.lines
        end = state.node.end if state.node is not None else state.key.end
        rules: list[tuple[int, int]] = []
        choices = state.field("Choices")
        if isinstance(choices, ArrayNode):
            for item in choices.items:
                rules.append(_line_range(lines.line_col(item.span.start)[0], item, lines))
        return StateLocation(
            name=state.name,
            pointer=state.pointer_text,
            spec_id=spec_id,
            first_line=lines.line_col(state.key.start)[0],
            last_line=lines.line_col(max(end - 1, state.key.start))[0],
            rules=tuple(rules),
            depth=state.depth,
        )

    def location(self, spec: Mapping[str, Any]) -> StateLocation | None:
        """The location of the state whose spec the engine is running."""
        return self._by_spec.get(id(spec))

    def spot(self, line: int) -> BreakpointSpot | None:
        """Where a breakpoint on 0-based ``line`` lands: the innermost Choice rule or state that
        holds the line, else the next state below it; None past the last state."""
        holding = [loc for loc in self.locations if loc.first_line <= line <= loc.last_line]
        if holding:
            location = max(holding, key=lambda loc: (loc.depth, loc.first_line))
            for index, (first, last) in enumerate(location.rules):
                if first <= line <= last:
                    return BreakpointSpot(location, index, first)
            return BreakpointSpot(location, None, location.first_line)
        below = [loc for loc in self.locations if loc.first_line > line]
        if not below:
            return None
        location = min(below, key=lambda loc: loc.first_line)
        return BreakpointSpot(location, None, location.first_line)


def _line_range(first: int, node: Node, lines: Any) -> tuple[int, int]:
    return first, lines.line_col(max(node.span.end - 1, node.span.start))[0]


def _resolve(value: JsonValue, pointer: tuple[str | int, ...]) -> JsonValue:
    for step in pointer:
        if isinstance(value, dict) and isinstance(step, str):
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
            value = value[step]
        else:
            return None
    return value


def load_source_map(text: str, path: str, state_machine: str | None) -> SourceMap:
    """Parse ``text`` and pick the definition to debug (``state_machine`` names one of a
    template's state machines; a plain definition file has just one)."""
    document = parse_source(text, path)
    candidates = document.local_definitions
    if not candidates:
        errors = [d.message for d in document.diagnostics]
        raise SourceError(errors[0] if errors else "no state machine definition found")
    if state_machine is not None:
        named = [d for d in candidates if d.name == state_machine]
        if not named:
            names = ", ".join(d.name for d in candidates if d.name) or "none"
            raise SourceError(f"no state machine named {state_machine!r} (found: {names})")
        return SourceMap(document, named[0])
    if len(candidates) > 1:
        names = ", ".join(d.name or "?" for d in candidates)
        raise SourceError(f"the template has several state machines ({names}): set stateMachine")
    return SourceMap(document, candidates[0])
