"""The state-machine model: scopes, states and transitions over the syntax tree.

Built once per parsed definition and never mutated. It keeps a reference to every node it was
built from, so features can point at exact source spans (the ``Next`` value of a bad transition,
the name key of an unreachable state) without re-walking the tree. It never raises on odd input:
anything that is not shaped as ASL expects is simply left out, and the lint rules say why.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum

from asl_lsp.spec.states import PROCESSOR_FIELDS, TERMINAL_TYPES
from asl_lsp.syntax.nodes import (
    ArrayNode,
    BoolNode,
    Node,
    ObjectNode,
    Span,
    StringNode,
    pointer_string,
)

Pointer = tuple[str | int, ...]

JSONPATH = "JSONPath"
JSONATA = "JSONata"


class TransitionKind(str, Enum):
    START_AT = "StartAt"
    NEXT = "Next"
    DEFAULT = "Default"
    CHOICE = "Choice"
    CATCH = "Catch"


class ScopeKind(str, Enum):
    ROOT = "root"
    BRANCH = "branch"
    PROCESSOR = "processor"


@dataclass(eq=False)
class Transition:
    """An edge to ``target`` written at ``node`` (a string node: the value of Next, Default,
    ...)."""

    kind: TransitionKind
    target: str
    node: StringNode
    pointer: Pointer
    scope: Scope
    source: State | None  # None for StartAt

    @property
    def span(self) -> Span:
        return self.node.span


@dataclass(eq=False)
class State:
    """One state. ``node`` is None when the state's body is not an object."""

    name: str
    key: StringNode
    node: ObjectNode | None
    scope: Scope
    pointer: Pointer
    query_language: str
    transitions: list[Transition] = field(default_factory=list)
    children: list[Scope] = field(default_factory=list)

    @property
    def type(self) -> str | None:
        node = self.field("Type")
        return node.value if isinstance(node, StringNode) else None

    def field(self, name: str) -> Node | None:
        return self.node.get(name) if self.node is not None else None

    def has(self, name: str) -> bool:
        return self.node is not None and name in self.node

    @property
    def is_end(self) -> bool:
        end = self.field("End")
        return isinstance(end, BoolNode) and end.value

    @property
    def is_terminal(self) -> bool:
        """Ends an execution path: Succeed, Fail, or ``End: true``."""
        return self.type in TERMINAL_TYPES or self.is_end

    @property
    def next_transition(self) -> Transition | None:
        return next((t for t in self.transitions if t.kind is TransitionKind.NEXT), None)

    @property
    def pointer_text(self) -> str:
        return pointer_string(self.pointer)

    @property
    def depth(self) -> int:
        """0 for top-level states, 1 inside a branch or item processor, and so on."""
        depth = 0
        parent = self.scope.parent
        while parent is not None:
            depth += 1
            parent = parent.scope.parent
        return depth


@dataclass(eq=False)
class Scope:
    """A set of states with its own StartAt: the machine itself, a Parallel branch or a Map
    processor."""

    kind: ScopeKind
    node: ObjectNode
    pointer: Pointer
    parent: State | None
    query_language: str
    start_at: StringNode | None = None
    states_node: ObjectNode | None = None
    states: dict[str, State] = field(default_factory=dict)  # last duplicate wins, as JSON does
    state_list: list[State] = field(default_factory=list)  # source order, duplicates included
    start_transition: Transition | None = None

    def transitions(self) -> Iterator[Transition]:
        if self.start_transition is not None:
            yield self.start_transition
        for state in self.state_list:
            yield from state.transitions

    def successors(self, state: State) -> list[str]:
        return [t.target for t in state.transitions if t.target in self.states]

    def reachable(self) -> set[str]:
        """States reachable from StartAt through any transition of this scope."""
        start = self.start_at.value if self.start_at is not None else None
        if start is None or start not in self.states:
            return set()
        seen = {start}
        stack = [start]
        while stack:
            current = self.states[stack.pop()]
            for target in self.successors(current):
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        return seen

    def with_incoming(self) -> set[str]:
        """States that some transition of this scope (StartAt included) names."""
        return {t.target for t in self.transitions() if t.target in self.states}

    def can_reach_terminal(self) -> set[str]:
        """States from which some path reaches a terminal state (reverse search from terminals)."""
        predecessors: dict[str, set[str]] = {name: set() for name in self.states}
        for state in self.states.values():
            for target in self.successors(state):
                predecessors[target].add(state.name)
        done = {name for name, state in self.states.items() if state.is_terminal}
        stack = list(done)
        while stack:
            for prev in predecessors[stack.pop()]:
                if prev not in done:
                    done.add(prev)
                    stack.append(prev)
        return done

    @property
    def pointer_text(self) -> str:
        return pointer_string(self.pointer)


@dataclass(eq=False)
class StateMachine:
    """A whole definition: the root scope and every nested scope, in document order."""

    node: ObjectNode
    pointer: Pointer
    query_language: str
    root: Scope
    scopes: list[Scope]

    def all_states(self) -> Iterator[State]:
        for scope in self.scopes:
            yield from scope.state_list

    def all_transitions(self) -> Iterator[Transition]:
        for scope in self.scopes:
            yield from scope.transitions()

    def states_named(self, name: str) -> list[State]:
        return [s for s in self.all_states() if s.name == name]

    def state_at(self, offset: int) -> State | None:
        """The innermost state whose key or body contains ``offset``.

        A descent through the scopes that contain ``offset``, with a binary search over each
        scope's states (in source order, so sibling spans are sorted and never overlap): the
        cost depends on the nesting depth, not on the number of states.
        """
        best: State | None = None
        scopes = [self.root]
        while scopes:
            state = _state_in(scopes[0], offset)
            if state is None:
                return best
            best = state
            scopes = [c for c in state.children if c.node.span.start <= offset <= c.node.span.end]
        return best

    def scope_at(self, offset: int) -> Scope:
        """The innermost scope containing ``offset`` (the root when none is closer)."""
        best = self.root
        for scope in self.scopes:
            if scope.node.span.start <= offset <= scope.node.span.end and (
                scope.node.span.start >= best.node.span.start
            ):
                best = scope
        return best


def _state_end(state: State) -> int:
    return state.node.span.end if state.node is not None else state.key.span.end


def _state_in(scope: Scope, offset: int) -> State | None:
    """The state of ``scope`` whose key or body contains ``offset`` (the later one where two
    touch)."""
    states = scope.state_list
    index = bisect_right(states, offset, key=lambda s: s.key.span.start) - 1
    if index < 0 or _state_end(states[index]) < offset:
        return None
    return states[index]


def build_state_machine(root: ObjectNode, pointer: Pointer = ()) -> StateMachine:
    """Build the model of the definition object ``root`` found at ``pointer`` in its document."""
    language = _language(root, JSONPATH)
    machine_scope = Scope(ScopeKind.ROOT, root, pointer, None, language)
    scopes: list[Scope] = []
    # Breadth-first over scopes keeps document order per level and avoids recursion on deep input.
    queue = [machine_scope]
    while queue:
        scope = queue.pop(0)
        scopes.append(scope)
        queue.extend(_fill_scope(scope, language))
    scopes.sort(key=lambda s: s.node.span.start)
    return StateMachine(root, pointer, language, machine_scope, scopes)


def _language(node: ObjectNode | None, default: str) -> str:
    value = node.get("QueryLanguage") if node is not None else None
    if isinstance(value, StringNode) and value.value in (JSONPATH, JSONATA):
        return value.value
    return default


def _fill_scope(scope: Scope, machine_language: str) -> list[Scope]:
    """Read StartAt and States of ``scope``; return the nested scopes found in its states."""
    node = scope.node
    start = node.get("StartAt")
    if isinstance(start, StringNode):
        scope.start_at = start
        scope.start_transition = Transition(
            TransitionKind.START_AT, start.value, start, (*scope.pointer, "StartAt"), scope, None
        )
    states_node = node.get("States")
    if not isinstance(states_node, ObjectNode):
        return []
    scope.states_node = states_node
    nested: list[Scope] = []
    for member in states_node.members:
        body = member.value if isinstance(member.value, ObjectNode) else None
        state_pointer = (*scope.pointer, "States", member.key.value)
        state = State(
            name=member.key.value,
            key=member.key,
            node=body,
            scope=scope,
            pointer=state_pointer,
            query_language=_language(body, machine_language),
        )
        scope.states[state.name] = state
        scope.state_list.append(state)
        if body is not None:
            state.transitions = _transitions(state, body, scope)
            state.children = _child_scopes(state, body, machine_language)
            nested.extend(state.children)
    return nested


# Where transitions are written in a state: (kind, list field or None, key of the target).
_TRANSITION_FIELDS = (
    (TransitionKind.NEXT, None, "Next"),
    (TransitionKind.DEFAULT, None, "Default"),
    (TransitionKind.CHOICE, "Choices", "Next"),
    (TransitionKind.CATCH, "Catch", "Next"),
)


def _transitions(state: State, body: ObjectNode, scope: Scope) -> list[Transition]:
    """Every StringNode target of Next, Default, Choices[].Next and Catch[].Next, in that order.

    Only these places hold transitions: a ``Next`` key inside Parameters, Arguments or Result
    is data.
    """
    found: list[Transition] = []
    for kind, list_field, key in _TRANSITION_FIELDS:
        holders: list[tuple[ObjectNode, Pointer]] = []
        if list_field is None:
            holders.append((body, state.pointer))
        else:
            items = body.get(list_field)
            if isinstance(items, ArrayNode):
                holders.extend(
                    (item, (*state.pointer, list_field, index))
                    for index, item in enumerate(items.items)
                    if isinstance(item, ObjectNode)
                )
        for holder, pointer in holders:
            target = holder.get(key)
            if isinstance(target, StringNode):
                found.append(Transition(kind, target.value, target, (*pointer, key), scope, state))
    return found


def _child_scopes(state: State, body: ObjectNode, machine_language: str) -> list[Scope]:
    children: list[Scope] = []
    branches = body.get("Branches")
    if isinstance(branches, ArrayNode):
        for index, branch in enumerate(branches.items):
            if isinstance(branch, ObjectNode):
                children.append(
                    Scope(
                        ScopeKind.BRANCH,
                        branch,
                        (*state.pointer, "Branches", index),
                        state,
                        _language(branch, machine_language),
                    )
                )
    for key in PROCESSOR_FIELDS:
        processor = body.get(key)
        if isinstance(processor, ObjectNode):
            children.append(
                Scope(
                    ScopeKind.PROCESSOR,
                    processor,
                    (*state.pointer, key),
                    state,
                    machine_language,
                )
            )
    return children
