"""The model of a definition re-read after an edit inside one top-level state, carried over from
the previous version's model instead of built again (:func:`machine_after_edit`), and the states
an edit moved, whose transitions and nested scopes are copied only when read (:class:`MovedState`).
"""

from __future__ import annotations

import threading
from collections import deque

from asl_lsp.filled_slot import FilledOnRead
from asl_lsp.model.machine import (
    JSONPATH,
    Scope,
    ScopeKind,
    State,
    StateMachine,
    Transition,
    TransitionKind,
    add_state,
    build_state_machine,
    fill_scope,
    member_state,
    nested_scopes,
    node_language,
    read_head,
    scope_start,
)
from asl_lsp.syntax.moving import MovedObjectNode, moved_string
from asl_lsp.syntax.nodes import Member, ObjectNode, StringNode
from asl_lsp.syntax.result import StateEdit


def machine_after_edit(previous: StateMachine, root: ObjectNode, edit: StateEdit) -> StateMachine:
    """The model of the definition ``root``, re-read from ``previous``'s after an edit inside one
    top-level state (see :class:`StateEdit`): what :func:`build_state_machine` builds, at the cost
    of the edited state and of one small object per state after it.

    The states before the edited one are ``previous``'s own, shared with everything nested in
    them (their nodes did not change, and they link to nothing of a version). Each state after it
    is a :class:`MovedState`: its own key and moved body, its facts taken over, and its
    transitions and nested scopes copied from the previous version's state only when something
    reads them (a finding, a request), so an edit that nothing else reads past costs no copy of
    the states after it. A definition whose top level no longer matches ``previous`` (another
    query language, another number of states) is built from scratch.
    """
    language = node_language(root, JSONPATH)
    states_node = root.get("States")
    old_root = previous.root
    if (
        previous.pointer
        or language != previous.query_language
        or not isinstance(states_node, ObjectNode)
        or len(states_node.members) != len(old_root.state_list)
    ):
        return build_state_machine(root)
    machine_scope = Scope(ScopeKind.ROOT, root, (), None, language)
    read_head(machine_scope)
    scopes = [machine_scope]
    unread: list[State] = []
    fresh: deque[Scope] = deque()
    members = states_node.members
    for position, (member, old) in enumerate(zip(members, old_root.state_list, strict=True)):
        if position == edit.position:
            state = member_state(member, machine_scope, language)
            fresh.extend(state.children)
        elif position < edit.position and _unchanged(member, old):
            state = old
            if state.unmoved() is state:
                scopes.extend(nested_scopes(state))
            else:
                unread.append(state)
        else:
            shift = edit.delta if position > edit.position else 0
            body = member.value if isinstance(member.value, ObjectNode) else None
            state = MovedState(old, member.key, body, shift)
            if state.unmoved().children:
                unread.append(state)
        add_state(machine_scope, state)
    while fresh:
        scope = fresh.popleft()
        scopes.append(scope)
        fresh.extend(fill_scope(scope, language))
    scopes.sort(key=scope_start)
    return StateMachine(root, (), language, machine_scope, scopes, tuple(unread))


def _unchanged(member: Member, state: State) -> bool:
    """Whether ``state`` was read from ``member`` itself (a member the edit left in place)."""
    body = member.value
    return member.key is state.key and (
        body is state.node if isinstance(body, ObjectNode) else state.node is None
    )


# Taken while a moved state copies its transitions and nested scopes: two threads reading one
# state (the lint and a hover) must see the same copies.
_copying = threading.Lock()


class MovedState(State):
    """A state of the machine's own scope, ``shift`` characters from where ``previous`` (its state
    in an earlier version) is, with its key and body in place and its transitions and nested
    scopes copied from ``previous`` when first read.

    After an edit in the middle of a 20,000-state definition, copying the facts of the 10,000
    states after it was more than half of what the edit cost, though the lint reads them only by
    value (names, targets, types, which :meth:`unmoved` answers) and a request reads one or two.
    A state moved again before anything read it copies from its first ``previous`` by both
    edits, so no chain of versions builds up.
    """

    __slots__ = ("_previous", "_shift")
    _previous: State | None  # None once the transitions and nested scopes are copied
    _shift: int

    def __init__(self, previous: State, key: StringNode, body: ObjectNode | None, shift: int):
        if isinstance(previous, MovedState):
            earlier = previous._previous  # read once: another thread may be copying it
            if earlier is not None:
                shift += previous._shift
                previous = earlier
        super().__init__(
            previous.name,
            key,
            body,
            None,
            previous.scope_pointer,
            previous.query_language,
            previous.type,
            previous.is_end,
            previous.is_terminal,
        )
        self._shift = shift
        self._previous = previous

    def unmoved(self) -> State:
        previous = self._previous
        return self if previous is None else previous

    transitions = FilledOnRead[tuple[Transition, ...]](State, "transitions")
    children = FilledOnRead[tuple[Scope, ...]](State, "children")

    def fill_pending(self) -> None:
        if self._previous is not None:
            self._copy_previous()

    def _copy_previous(self) -> None:
        with _copying:
            previous = self._previous
            if previous is None:
                return  # another thread copied it
            copies: deque[tuple[Scope, Scope, int]] = deque()
            _copy_parts(previous, self, self._shift, copies)
            while copies:
                scope, old_scope, shift = copies.popleft()
                _copy_scope(scope, old_scope, shift, copies)
            self._previous = None


def _copy_parts(
    old: State, state: State, shift: int, copies: deque[tuple[Scope, Scope, int]]
) -> None:
    """Give ``state`` ``old``'s transitions and nested scopes, ``shift`` characters later; the
    nested scopes are queued on ``copies`` to fill."""
    state.transitions = tuple(
        Transition(t.kind, t.target, _shifted(t.node, shift), state, t.index)
        for t in old.transitions
    )
    children: list[Scope] = []
    for child in old.children:
        node = MovedObjectNode(child.node, shift) if shift else child.node
        copy = Scope(child.kind, node, child.pointer, state, child.query_language)
        copies.append((copy, child, shift))
        children.append(copy)
    state.children = tuple(children)


def _copy_scope(
    scope: Scope, old: Scope, shift: int, copies: deque[tuple[Scope, Scope, int]]
) -> None:
    """Fill ``scope`` with ``old``'s states, ``shift`` characters later in the text."""
    if old.start_at is not None:
        start = _shifted(old.start_at, shift)
        scope.start_at = start
        scope.start_transition = Transition(TransitionKind.START_AT, start.value, start, scope)
    scope.targets = old.targets  # the same names: the model is never changed once built
    states_node = old.states_node
    if states_node is None:
        return
    if shift:
        # The keys and bodies of the states are those of the moved States object (one state
        # per member, in order), as in a model built from the tree.
        states_node = MovedObjectNode(states_node, shift)
    scope.states_node = states_node
    states = scope.states
    state_list = scope.state_list
    for member, state in zip(states_node.members, old.state_list, strict=True):
        body = member.value if isinstance(member.value, ObjectNode) else None
        copy = State(
            state.name,
            member.key,
            body,
            scope,
            state.scope_pointer,
            state.query_language,
            state.type,
            state.is_end,
            state.is_terminal,
        )
        _copy_parts(state, copy, shift, copies)
        states[copy.name] = copy  # the last duplicate wins, as in JSON
        state_list.append(copy)


def _shifted(node: StringNode, shift: int) -> StringNode:
    return moved_string(node, shift) if shift else node
