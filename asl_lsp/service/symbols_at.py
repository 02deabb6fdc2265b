"""What is under the cursor: a state name (its key or a reference to it) or a variable.

Every navigation feature (definition, references, highlight, rename, hover) starts here, so they all
agree on what a symbol is and which scope it belongs to.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass

from asl_lsp.model.document import AslDocument, Definition
from asl_lsp.model.machine import Scope, State, Transition
from asl_lsp.syntax.nodes import ArrayNode, Node, ObjectNode, Span, StringNode, entries_around

# ``$name`` not followed by "(" (a JSONata function call such as ``$uppercase(...)``).
VARIABLE_RE = re.compile(r"(?<![\w$])\$([^\W\d]\w*)(?!\w|\s*\()")
RESERVED_VARIABLES = frozenset({"states"})


@dataclass(frozen=True, eq=False)
class StateSymbol:
    """A state name at the cursor: its declaring key, or a transition that names it."""

    definition: Definition
    scope: Scope
    name: str
    span: Span  # the node under the cursor
    transition: Transition | None  # None when the cursor is on the state's key

    @property
    def target(self) -> State | None:
        return self.scope.states.get(self.name)


@dataclass(frozen=True, eq=False)
class VariableSymbol:
    definition: Definition
    name: str
    span: Span  # the ``$name`` text, or the Assign key


Symbol = StateSymbol | VariableSymbol


def symbol_at(document: AslDocument, offset: int) -> Symbol | None:
    definition = document.definition_at(offset)
    if definition is None:
        return None
    found = _state_symbol_at(definition, offset)
    if found is not None:
        return found
    located = _string_at(definition.source.root, offset)
    if located is None:
        return None
    string, is_key = located
    # Only a key can be an Assign key and only a string holding '$' can read a variable: checking
    # that first keeps hover and highlight from walking every string of a large definition.
    if is_key:
        for name, span in variable_assignments(definition):
            if span.contains(offset):
                return VariableSymbol(definition, name, span)
    elif "$" in string.value:
        for name, span in variable_reads(document, definition):
            if span.contains(offset):
                return VariableSymbol(definition, name, span)
    return None


def _state_symbol_at(definition: Definition, offset: int) -> StateSymbol | None:
    """A state's key or a transition at ``offset``: only the innermost state there and the
    StartAt of the scopes around it can hold one, so large machines are not scanned."""
    machine = definition.machine
    state = machine.state_at(offset)
    transitions: list[Transition] = []
    if machine.root.start_transition is not None:
        transitions.append(machine.root.start_transition)
    if state is not None:
        if state.key.span.contains(offset):
            return StateSymbol(
                definition, machine.scope_of(state), state.name, state.key.span, None
            )
        transitions.extend(state.transitions)
        transitions.extend(c.start_transition for c in state.children if c.start_transition)
    for transition in transitions:
        if transition.node.span.contains(offset):
            return StateSymbol(
                definition,
                machine.transition_scope(transition),
                transition.target,
                transition.node.span,
                transition,
            )
    return None


def _string_at(root: Node, offset: int) -> tuple[StringNode, bool] | None:
    """The string key or value whose span holds ``offset``, and whether it is a key."""
    node: Node | None = root
    while node is not None:
        child: Node | None = None
        if isinstance(node, ObjectNode):
            for index in entries_around(node, offset):
                member = node.members[index]
                if member.key.span.contains(offset):
                    return member.key, True
                if member.value is not None and member.value.span.contains(offset):
                    child = member.value
                    break
        elif isinstance(node, ArrayNode):
            child = next(
                (
                    node.items[index]
                    for index in entries_around(node, offset)
                    if node.items[index].span.contains(offset)
                ),
                None,
            )
        elif isinstance(node, StringNode):
            return node, False
        node = child
    return None


def state_references(symbol: StateSymbol) -> list[Transition]:
    """Every transition in the symbol's scope that names the same state."""
    return [t for t in symbol.scope.transitions() if t.target == symbol.name]


def _walk_strings(node: Node | None) -> Iterator[tuple[StringNode, StringNode | None]]:
    """Every string value below ``node`` with the key it sits under (iterative)."""
    stack: list[tuple[Node | None, StringNode | None]] = [(node, None)]
    while stack:
        current, key = stack.pop()
        if isinstance(current, ObjectNode):
            for member in current.members:
                stack.append((member.value, member.key))
        elif isinstance(current, ArrayNode):
            stack.extend((item, key) for item in current.items)
        elif isinstance(current, StringNode):
            yield current, key


_ASSIGNMENTS: weakref.WeakKeyDictionary[Definition, list[tuple[str, Span]]] = (
    weakref.WeakKeyDictionary()
)
_READS: weakref.WeakKeyDictionary[Definition, list[tuple[str, Span]]] = weakref.WeakKeyDictionary()


def variable_assignments(definition: Definition) -> list[tuple[str, Span]]:
    """``Assign`` keys anywhere in the definition (states, Choice rules, catchers).

    Computed once per parsed definition: completion, hover and semantic tokens all ask.
    """
    cached = _ASSIGNMENTS.get(definition)
    if cached is None:
        cached = _ASSIGNMENTS[definition] = _assignments(definition)
    return cached


def _assignments(definition: Definition) -> list[tuple[str, Span]]:
    found: list[tuple[str, Span]] = []
    stack: list[Node | None] = [definition.source.root]
    while stack:
        current = stack.pop()
        if isinstance(current, ObjectNode):
            assign = current.get("Assign")
            if isinstance(assign, ObjectNode):
                for member in assign.members:
                    name = member.key.value.removesuffix(".$")
                    found.append((name, _key_name_span(member.key, name)))
            stack.extend(m.value for m in current.members)
        elif isinstance(current, ArrayNode):
            stack.extend(current.items)
    return found


def _key_name_span(key: StringNode, name: str) -> Span:
    """The span of the name inside a key (without quotes or a ``.$`` suffix) when exact."""
    start = key.span.start + (1 if key.span.end - key.span.start == len(key.value) + 2 else 0)
    return Span(start, start + len(name))


def variable_reads(document: AslDocument, definition: Definition) -> list[tuple[str, Span]]:
    """``$name`` references inside string values (JSONPath payloads and JSONata alike)."""
    cached = _READS.get(definition)
    if cached is None:
        cached = _READS[definition] = _reads(document, definition)
    return cached


def _reads(document: AslDocument, definition: Definition) -> list[tuple[str, Span]]:
    text = document.text
    found: list[tuple[str, Span]] = []
    for node, _key in _walk_strings(definition.source.root):
        if "$" not in node.value:
            continue
        raw = text[node.span.start : node.span.end]
        for match in VARIABLE_RE.finditer(raw):
            name = match.group(1)
            if name in RESERVED_VARIABLES or raw[match.start() - 1 : match.start()] == "$":
                continue
            found.append(
                (name, Span(node.span.start + match.start(), node.span.start + match.end()))
            )
    return found


def state_for_transition_scope(scope: Scope, name: str) -> State | None:
    return scope.states.get(name)
