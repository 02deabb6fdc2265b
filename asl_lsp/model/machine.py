"""The state-machine model: scopes, states and transitions over the syntax tree.

Built once per parsed definition and never mutated. It keeps a reference to every node it was
built from, so features can point at exact source spans (the ``Next`` value of a bad transition,
the name key of an unreachable state) without re-walking the tree. It never raises on odd input:
anything that is not shaped as ASL expects is simply left out, and the lint rules say why.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterator
from enum import Enum
from typing import TypeVar

from asl_lsp.records import Record
from asl_lsp.spec.states import PROCESSOR_FIELDS, TERMINAL_TYPES
from asl_lsp.syntax.nodes import (
    ArrayNode,
    BoolNode,
    Member,
    Node,
    ObjectNode,
    Span,
    StringNode,
    pointer_string,
)

Pointer = tuple[str | int, ...]
_Owner = TypeVar("_Owner")

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


# The list field holding the objects whose ``Next`` a transition of this kind is written in.
_LIST_FIELDS = {TransitionKind.CHOICE: "Choices", TransitionKind.CATCH: "Catch"}


def _alive(reference: weakref.ReferenceType[_Owner]) -> _Owner:
    """The object a back-link names; the model is owned top-down, so it lives as long as the
    machine does."""
    owner = reference()
    if owner is None:
        raise ReferenceError("the state machine this part belongs to is no longer in use")
    return owner


class Transition:
    """An edge to ``target`` written at ``node`` (a string node: the value of Next, Default,
    ...). ``index`` is the position of the Choice rule or catcher holding it (-1 otherwise).

    It links back to the state it is written in, or, for a StartAt, to the scope that starts
    there; the scope of a state's transition is :meth:`StateMachine.scope_of` its source.
    """

    __slots__ = ("_scope", "_source", "index", "kind", "node", "target")

    def __init__(
        self,
        kind: TransitionKind,
        target: str,
        node: StringNode,
        source: State | Scope,  # the Scope for StartAt
        index: int = -1,
    ) -> None:
        self.kind = kind
        self.target = target
        self.node = node
        if isinstance(source, Scope):
            self._scope: weakref.ReferenceType[Scope] | None = weakref.ref(source)
            self._source: weakref.ReferenceType[State] | None = None
        else:
            self._scope = None
            self._source = weakref.ref(source)
        self.index = index

    def __repr__(self) -> str:
        return f"Transition({self.kind.value}, {self.target!r}, index={self.index})"

    @property
    def source(self) -> State | None:
        """The state the transition is written in; None for a StartAt."""
        return _alive(self._source) if self._source is not None else None

    @property
    def started_scope(self) -> Scope | None:
        """The scope whose StartAt this is; None for a state's transition."""
        return _alive(self._scope) if self._scope is not None else None

    @property
    def span(self) -> Span:
        return self.node.span

    @property
    def pointer(self) -> Pointer:
        # Computed on demand: only reported transitions need one.
        source = self.source
        if source is None:
            started = self.started_scope
            return (*(started.pointer if started is not None else ()), "StartAt")
        list_field = _LIST_FIELDS.get(self.kind)
        if list_field is None:
            return (*source.pointer, self.kind.value)
        return (*source.pointer, list_field, self.index, "Next")


class State:
    """One state, with the facts every feature asks about read once when the model is built.

    ``node`` is None when the state's body is not an object (then it has no type, transitions
    or children). ``type`` is None when Type is missing or not a string.

    A state of a nested scope links back to it (:attr:`owner`); a state of the machine's own
    scope links to nothing of its version, so that a version re-read after an edit shares the
    states before the edited one, with everything nested in them, instead of copying them
    (``model/after_edit.py``). :meth:`StateMachine.scope_of` gives any state's scope.
    """

    __slots__ = (
        "__weakref__",
        "_owner",
        "children",
        "is_end",
        "is_terminal",
        "key",
        "name",
        "node",
        "query_language",
        "scope_pointer",
        "transitions",
        "type",
    )

    def __init__(
        self,
        name: str,
        key: StringNode,
        node: ObjectNode | None,
        owner: Scope | None,  # None in the machine's own scope
        scope_pointer: Pointer,
        query_language: str,
        type: str | None = None,
        is_end: bool = False,  # "End": true
        is_terminal: bool = False,  # ends an execution path: Succeed, Fail, or End: true
        transitions: tuple[Transition, ...] = (),
        children: tuple[Scope, ...] = (),
    ) -> None:
        self.name = name
        self.key = key
        self.node = node
        self._owner = weakref.ref(owner) if owner is not None else None
        self.scope_pointer = scope_pointer
        self.query_language = query_language
        self.type = type
        self.is_end = is_end
        self.is_terminal = is_terminal
        self.transitions = transitions
        self.children = children

    def __repr__(self) -> str:
        return f"State({self.name!r}, type={self.type!r})"

    @property
    def owner(self) -> Scope | None:
        """The nested scope (a branch, a processor) the state is in; None for a state of the
        machine's own scope."""
        return _alive(self._owner) if self._owner is not None else None

    def unmoved(self) -> State:
        """A state equal to this one in all but its offsets, for what it holds rather than where:
        itself, or, for a state an edit moved and nothing has read yet, the state it was moved
        from (its transitions and nested scopes are that one's until then; see
        :class:`MovedState`)."""
        return self

    def field(self, name: str) -> Node | None:
        return self.node.get(name) if self.node is not None else None

    def has(self, name: str) -> bool:
        return self.node is not None and name in self.node

    @property
    def pointer(self) -> Pointer:
        # Computed on demand: a large definition would otherwise hold one tuple per state.
        return (*self.scope_pointer, "States", self.name)

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
        owner = self.owner
        while owner is not None:
            depth += 1
            parent = owner.parent
            owner = parent.owner if parent is not None else None
        return depth


class Scope:
    """A set of states with its own StartAt: the machine itself, a Parallel branch or a Map
    processor."""

    __slots__ = (
        "__weakref__",
        "_parent",
        "kind",
        "node",
        "pointer",
        "query_language",
        "start_at",
        "start_transition",
        "state_list",
        "states",
        "states_node",
        "targets",
    )

    def __init__(
        self,
        kind: ScopeKind,
        node: ObjectNode,
        pointer: Pointer,
        parent: State | None,
        query_language: str,
    ) -> None:
        self.kind = kind
        self.node = node
        self.pointer = pointer
        self._parent = weakref.ref(parent) if parent is not None else None
        self.query_language = query_language
        self.start_at: StringNode | None = None
        self.states_node: ObjectNode | None = None
        self.states: dict[str, State] = {}  # last duplicate wins, as JSON does
        self.state_list: list[State] = []  # source order, duplicates included
        self.start_transition: Transition | None = None
        # Every name some transition of this scope (StartAt included) goes to, existing or not.
        self.targets: set[str] = set()

    def __repr__(self) -> str:
        return f"Scope({self.kind.value}, {pointer_string(self.pointer)!r})"

    @property
    def parent(self) -> State | None:
        return _alive(self._parent) if self._parent is not None else None

    def transitions(self) -> Iterator[Transition]:
        if self.start_transition is not None:
            yield self.start_transition
        for state in self.state_list:
            yield from state.transitions

    def successors(self, state: State) -> list[str]:
        return [t.target for t in state.unmoved().transitions if t.target in self.states]

    def reachable(self) -> set[str]:
        """States reachable from StartAt through any transition of this scope."""
        states = self.states
        start = self.start_at.value if self.start_at is not None else None
        if start is None or start not in states:
            return set()
        seen = {start}
        stack = [start]
        while stack:
            for transition in states[stack.pop()].unmoved().transitions:
                target = transition.target
                if target not in seen and target in states:
                    seen.add(target)
                    stack.append(target)
        return seen

    def with_incoming(self) -> set[str]:
        """States that some transition of this scope (StartAt included) names."""
        return self.targets.intersection(self.states)

    def can_reach_terminal(self) -> set[str]:
        """States from which some path reaches a terminal state (reverse search from terminals)."""
        states = self.states
        predecessors: dict[str, list[str]] = {}
        for name, state in states.items():
            for transition in state.unmoved().transitions:
                predecessors.setdefault(transition.target, []).append(name)
        done = {name for name, state in states.items() if state.is_terminal}
        stack = list(done)
        while stack:
            for prev in predecessors.get(stack.pop(), ()):
                if prev not in done:
                    done.add(prev)
                    stack.append(prev)
        return done

    @property
    def pointer_text(self) -> str:
        return pointer_string(self.pointer)


class StateMachine(Record, eq=False):
    """A whole definition: the root scope and every nested scope, in document order.

    Written out rather than made by ``dataclasses`` (see ``asl_lsp.records``); equal only to
    itself."""

    _fields = ("node", "pointer", "query_language", "root")
    __slots__ = (*_fields, "_built", "_unread", "_scopes", "_by_value")
    node: ObjectNode
    pointer: Pointer
    query_language: str
    root: Scope
    # The scopes known when the model was built; the moved states whose nested scopes are not
    # among them (read when first asked for); every scope in text order, once known.
    _built: list[Scope]
    _unread: tuple[State, ...]
    _scopes: list[Scope] | None
    _by_value: list[Scope] | None

    def __init__(
        self,
        node: ObjectNode,
        pointer: Pointer,
        query_language: str,
        root: Scope,
        scopes: list[Scope],
        unread: tuple[State, ...] = (),
    ) -> None:
        self.node = node
        self.pointer = pointer
        self.query_language = query_language
        self.root = root
        self._built = scopes
        self._unread = unread
        self._scopes = None if unread else scopes
        self._by_value = None

    @property
    def scopes(self) -> list[Scope]:
        """Every scope, the root first, in text order."""
        scopes = self._scopes
        if scopes is None:
            # Two threads may both get here: each builds the same list from the same scopes
            # (a moved state copies its nested scopes once, under a lock).
            scopes = self._with_unread(lambda state: state)
            scopes.sort(key=scope_start)
            self._scopes = scopes
        return scopes

    def scopes_by_value(self) -> list[Scope]:
        """Every scope, for what it holds rather than where (kinds, names, targets, values), in
        no particular order: the nested scopes of a moved state nothing has read yet are those of
        the state it was moved from (:meth:`State.unmoved`), so a check that finds nothing to
        report moves nothing. A check that does report reads :attr:`scopes`."""
        scopes = self._scopes
        if scopes is not None:
            return scopes
        by_value = self._by_value
        if by_value is None:
            by_value = self._by_value = self._with_unread(lambda state: state.unmoved())
        return by_value

    def _with_unread(self, read: Callable[[State], State]) -> list[Scope]:
        """The scopes known when the model was built and those nested in ``read`` of each
        moved state."""
        found = [*self._built]
        for state in self._unread:
            found.extend(nested_scopes(read(state)))
        return found

    def all_states(self) -> Iterator[State]:
        for scope in self.scopes:
            yield from scope.state_list

    def all_transitions(self) -> Iterator[Transition]:
        for scope in self.scopes:
            yield from scope.transitions()

    def scope_of(self, state: State) -> Scope:
        """The scope ``state`` is in (one of this machine's)."""
        owner = state.owner
        return owner if owner is not None else self.root

    def transition_scope(self, transition: Transition) -> Scope:
        """The scope ``transition`` belongs to: the one it starts, or its source's."""
        source = transition.source
        if source is not None:
            return self.scope_of(source)
        started = transition.started_scope
        return started if started is not None else self.root

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
            scopes = [c for c in state.children if c.node.start <= offset <= c.node.end]
        return best

    def scope_at(self, offset: int) -> Scope:
        """The innermost scope containing ``offset`` (the root when none is closer)."""
        best = self.root
        for scope in self.scopes:
            if scope.node.start <= offset <= scope.node.end and (
                scope.node.start >= best.node.start
            ):
                best = scope
        return best


def scope_start(scope: Scope) -> int:
    """Where ``scope`` starts: scopes are kept in text order by it."""
    return scope.node.start


def _state_end(state: State) -> int:
    return state.node.end if state.node is not None else state.key.end


def _state_in(scope: Scope, offset: int) -> State | None:
    """The state of ``scope`` whose key or body contains ``offset`` (the later one where two
    touch)."""
    states = scope.state_list
    index = bisect_right(states, offset, key=lambda s: s.key.start) - 1
    if index < 0 or _state_end(states[index]) < offset:
        return None
    return states[index]


def build_state_machine(root: ObjectNode, pointer: Pointer = ()) -> StateMachine:
    """Build the model of the definition object ``root`` found at ``pointer`` in its document."""
    language = node_language(root, JSONPATH)
    machine_scope = Scope(ScopeKind.ROOT, root, pointer, None, language)
    scopes: list[Scope] = []
    # Breadth-first over scopes keeps document order per level and avoids recursion on deep input.
    queue = deque([machine_scope])
    while queue:
        scope = queue.popleft()
        scopes.append(scope)
        queue.extend(fill_scope(scope, language))
    scopes.sort(key=scope_start)
    return StateMachine(root, pointer, language, machine_scope, scopes)


def node_language(node: ObjectNode | None, default: str) -> str:
    """The QueryLanguage ``node`` sets, else ``default``."""
    value = node.get("QueryLanguage") if node is not None else None
    return _language_of(value, default)


def _language_of(value: Node | None, default: str) -> str:
    if isinstance(value, StringNode) and value.value in (JSONPATH, JSONATA):
        return value.value
    return default


# Fields of the rarer states (Choice rules, catchers, nested scopes), read only when present.
_NESTING_FIELDS = frozenset({"Branches", *PROCESSOR_FIELDS})
_RICH_FIELDS = frozenset({"Default", "Choices", "Catch", *_NESTING_FIELDS})


def fill_scope(scope: Scope, machine_language: str) -> list[Scope]:
    """Read StartAt and States of ``scope``; return the nested scopes found in its states."""
    states_node = read_head(scope)
    if states_node is None:
        return []
    nested: list[Scope] = []
    for member in states_node.members:
        state = member_state(member, scope, machine_language)
        add_state(scope, state)
        if state.children:
            nested.extend(state.children)
    return nested


def read_head(scope: Scope) -> ObjectNode | None:
    """Read the StartAt of ``scope``; its States object, when it is one."""
    node = scope.node
    start = node.get("StartAt")
    if isinstance(start, StringNode):
        scope.start_at = start
        scope.start_transition = Transition(TransitionKind.START_AT, start.value, start, scope)
        scope.targets.add(start.value)
    states_node = node.get("States")
    if not isinstance(states_node, ObjectNode):
        return None
    scope.states_node = states_node
    return states_node


def _owner(scope: Scope) -> Scope | None:
    """What a state of ``scope`` links back to: nothing in the machine's own scope."""
    return None if scope.kind is ScopeKind.ROOT else scope


def member_state(member: Member, scope: Scope, machine_language: str) -> State:
    """The state a member of the States object of ``scope`` defines, read from its body."""
    body = member.value
    if not isinstance(body, ObjectNode):
        key = member.key
        return State(key.value, key, None, _owner(scope), scope.pointer, machine_language)
    return _read_state(member.key.value, member.key, body, scope, machine_language)


def add_state(scope: Scope, state: State) -> None:
    """Add ``state``, and the names its transitions go to, to ``scope``."""
    for transition in state.unmoved().transitions:  # by value: a moved state is not copied
        scope.targets.add(transition.target)
    scope.states[state.name] = state  # the last duplicate wins, as in JSON
    scope.state_list.append(state)


def nested_scopes(state: State) -> Iterator[Scope]:
    """Every scope nested in ``state``, at any depth (not in text order)."""
    pending = list(state.children)
    while pending:
        scope = pending.pop()
        yield scope
        for inner in scope.state_list:
            pending.extend(inner.children)


def _read_state(
    name: str, key: StringNode, body: ObjectNode, scope: Scope, machine_language: str
) -> State:
    """A state and its facts, from one pass over the members of its body.

    Runs once per state of every definition: one dictionary lookup per member instead of a
    lookup per field the model knows (the last duplicate member wins, as in JSON).
    """
    type_node = end = next_node = language = None
    branching = nesting = False  # has transitions besides Next; has nested scopes
    for member in body.members:
        field_name = member.key.value
        if field_name == "Type":
            type_node = member.value
        elif field_name == "Next":
            next_node = member.value
        elif field_name == "End":
            end = member.value
        elif field_name == "QueryLanguage":
            language = member.value
        elif field_name in _RICH_FIELDS:
            if field_name in _NESTING_FIELDS:
                nesting = True
            else:
                branching = True
    kind = type_node.value if isinstance(type_node, StringNode) else None
    is_end = isinstance(end, BoolNode) and end.value
    state = State(
        name,
        key,
        body,
        _owner(scope),
        scope.pointer,
        machine_language if language is None else _language_of(language, machine_language),
        kind,
        is_end,
        is_end or kind in TERMINAL_TYPES,
    )
    if branching:
        state.transitions = _transitions(state, body, next_node)
    elif isinstance(next_node, StringNode):  # the common case: at most a Next
        state.transitions = (Transition(TransitionKind.NEXT, next_node.value, next_node, state),)
    if nesting:
        state.children = _child_scopes(state, body, machine_language)
    return state


def _transitions(state: State, body: ObjectNode, next_node: Node | None) -> tuple[Transition, ...]:
    """Every StringNode target of Next, Default, Choices[].Next and Catch[].Next, in that order.

    Only these places hold transitions: a ``Next`` key inside Parameters, Arguments or Result
    is data.
    """
    transitions: list[Transition] = []
    for kind, target in (
        (TransitionKind.NEXT, next_node),
        (TransitionKind.DEFAULT, body.get("Default")),
    ):
        if isinstance(target, StringNode):
            transitions.append(Transition(kind, target.value, target, state))
    for kind, list_field in ((TransitionKind.CHOICE, "Choices"), (TransitionKind.CATCH, "Catch")):
        items = body.get(list_field)
        if not isinstance(items, ArrayNode):
            continue
        for index, item in enumerate(items.items):
            if isinstance(item, ObjectNode):
                target = item.get("Next")
                if isinstance(target, StringNode):
                    transitions.append(Transition(kind, target.value, target, state, index))
    return tuple(transitions)


def _child_scopes(state: State, body: ObjectNode, machine_language: str) -> tuple[Scope, ...]:
    children: list[Scope] = []
    pointer = state.pointer
    branches = body.get("Branches")
    if isinstance(branches, ArrayNode):
        for index, branch in enumerate(branches.items):
            if isinstance(branch, ObjectNode):
                children.append(
                    Scope(
                        ScopeKind.BRANCH,
                        branch,
                        (*pointer, "Branches", index),
                        state,
                        node_language(branch, machine_language),
                    )
                )
    for key in PROCESSOR_FIELDS:
        processor = body.get(key)
        if isinstance(processor, ObjectNode):
            children.append(
                Scope(ScopeKind.PROCESSOR, processor, (*pointer, key), state, machine_language)
            )
    return tuple(children)
