"""Graph analyses over a state machine's scopes: where a path can end, and which variables are
certainly assigned when a state runs.

Both are linear (or close to it) in the number of states and transitions, so they stay cheap on
definitions with thousands of states; results are cached in ``LintContext.cache``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from asl_lsp.expr.jsonata import jsonata_body, referenced_variables
from asl_lsp.expr.variables import referenced_variables_in_path
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.fields import field_index
from asl_lsp.lint.locate import value_offset_to_span
from asl_lsp.model.machine import Scope, State, TransitionKind
from asl_lsp.records import Record
from asl_lsp.spec.states import STATE_TYPES, TERMINAL_TYPES
from asl_lsp.syntax.nodes import ArrayNode, Node, ObjectNode, Span, StringNode

# A quick test before the exact scan: "$" followed by a name start ("$$" and "$." never read one).
_MAY_READ_VARIABLE = re.compile(r"\$[^\W\d]")


def may_exit(state: State, states: dict[str, State]) -> bool:
    """The state ends a path, or is broken in a way another rule reports (no Next, a target that
    does not exist, an unknown type): either way no endless loop should be claimed through it."""
    state = state.unmoved()  # read by value
    kind = state.type
    if kind is None or kind in TERMINAL_TYPES or kind not in STATE_TYPES:
        return True  # no body, no Type, Succeed, Fail, or an unknown type
    transitions = state.transitions
    if kind == "Choice":
        if not isinstance(state.field("Choices"), ArrayNode):
            return True
    elif state.is_end or not transitions or transitions[0].kind is not TransitionKind.NEXT:
        return True  # End: true, or no Next (missing-transition reports it)
    if len(transitions) == 1:  # the common case, without a generator
        return transitions[0].target not in states
    return any(transition.target not in states for transition in transitions)


def stuck_states(scope: Scope) -> list[State]:
    """States reachable from StartAt from which no path reaches an exit: endless loops.

    Linear: one pass marks the states that can exit, then (only when some are left) a reverse
    search from them. States are visited in reverse source order, so a definition written
    forward (each state before the ones it goes to) is decided by the pass alone.
    """
    states = scope.states
    duplicates = len(states) != len(scope.state_list)
    done: set[str] = set()
    undecided: list[State] = []
    for state in reversed(scope.state_list):
        name = state.name
        if duplicates and states[name] is not state:
            continue  # an earlier duplicate: the last one is the state
        for transition in state.unmoved().transitions:
            if transition.target in done:
                done.add(name)
                break
        else:
            if may_exit(state, states):
                done.add(name)
            else:
                undecided.append(state)
    if not undecided:
        return []
    predecessors: dict[str, list[str]] = {}
    for state in undecided:
        for transition in state.unmoved().transitions:
            predecessors.setdefault(transition.target, []).append(state.name)
    stack = [name for name in predecessors if name in done]
    while stack:
        for previous in predecessors.get(stack.pop(), ()):
            if previous not in done:
                done.add(previous)
                stack.append(previous)
    if all(state.name in done for state in undecided):
        return []
    reachable = scope.reachable()
    return [
        s
        for s in scope.state_list
        if s.name in reachable and s.name not in done and states.get(s.name) is s
    ]


# --------------------------------------------------------------------------- variables


class VariableRead(NamedTuple):
    name: str
    span: Span
    node: StringNode


class VariableFlow(Record):
    """``reads`` per state, and ``assigned_in`` per reachable state: the variables set on every
    path from the machine's start to the state (None marks a state no analysis reached).

    Written out rather than made by ``dataclasses`` (see ``asl_lsp.records``)."""

    _fields = ("reads", "assigned_in", "assigned_anywhere")
    __slots__ = _fields
    reads: dict[int, list[VariableRead]]
    assigned_in: dict[int, frozenset[str]]
    assigned_anywhere: set[str]

    def __init__(
        self,
        reads: dict[int, list[VariableRead]] | None = None,
        assigned_in: dict[int, frozenset[str]] | None = None,
        assigned_anywhere: set[str] | None = None,
    ) -> None:
        self.reads = {} if reads is None else reads
        self.assigned_in = {} if assigned_in is None else assigned_in
        self.assigned_anywhere = set() if assigned_anywhere is None else assigned_anywhere


def assigned_names(node: Node | None) -> frozenset[str]:
    """The variable names an ``Assign`` object sets (``name.$`` sets ``name``)."""
    if not isinstance(node, ObjectNode):
        return frozenset()
    names = set()
    for member in node.members:
        key = member.key.value
        names.add(key[:-2] if key.endswith(".$") else key)
    return frozenset(names)


def variable_flow(ctx: LintContext) -> VariableFlow:
    cached = ctx.cache.get("variable-flow")
    if isinstance(cached, VariableFlow):
        return cached
    flow = VariableFlow()
    if ctx.variable_reads is not False:
        flow.reads = collect_reads(ctx)
    if flow.reads:  # nothing to check: skip the data-flow analysis
        for scope in ctx.machine.scopes:
            _analyse_scope(scope, flow)
    ctx.cache["variable-flow"] = flow
    return flow


def collect_reads(ctx: LintContext) -> dict[int, list[VariableRead]]:
    """The variables each state the context selects reads, by ``id`` of the state."""
    text = ctx.text
    index = field_index(ctx)
    reads: dict[int, list[VariableRead]] = {}

    def add(state: State, node: StringNode, name: str, start: int, end: int) -> None:
        span = value_offset_to_span(node, text, start, end)
        reads.setdefault(id(state), []).append(VariableRead(name, span, node))

    for path in index.path_fields:
        if _MAY_READ_VARIABLE.search(path.node.value):
            for name, offset in referenced_variables_in_path(path.node.value):
                add(path.state, path.node, name, offset - 1, offset + len(name))
    for item in index.dollar_members:
        value = item.member.value
        if isinstance(value, StringNode) and _MAY_READ_VARIABLE.search(value.value):
            for name, offset in referenced_variables_in_path(value.value):
                add(item.state, value, name, offset - 1, offset + len(name))
    for jsonata in index.jsonata_strings:
        body = jsonata_body(jsonata.node.value)
        if body is None or "$" not in body[0]:
            continue
        expression, base = body
        for name, offset in referenced_variables(expression):
            add(jsonata.state, jsonata.node, name, base + offset, base + offset + 1 + len(name))
    return reads


def _edges(state: State) -> list[tuple[str, frozenset[str]]]:
    """Outgoing transitions with the variables each one assigns."""
    body = state.node
    if body is None:
        return []
    own = assigned_names(body.get("Assign"))
    edges: list[tuple[str, frozenset[str]]] = []
    for transition in state.transitions:
        assigned = own
        if transition.kind is TransitionKind.CHOICE or transition.kind is TransitionKind.CATCH:
            container = body.get("Choices" if transition.kind is TransitionKind.CHOICE else "Catch")
            position = transition.pointer[-2]
            item = (
                container.items[position]
                if isinstance(container, ArrayNode)
                and isinstance(position, int)
                and position < len(container.items)
                else None
            )
            inner = (
                assigned_names(item.get("Assign")) if isinstance(item, ObjectNode) else frozenset()
            )
            # A catcher replaces the state's own Assign; for a matched rule we also count the
            # state's Assign, which can only hide findings, never invent one.
            assigned = inner if transition.kind is TransitionKind.CATCH else own | inner
        edges.append((transition.target, assigned))
    return edges


def _scope_entry(scope: Scope, flow: VariableFlow) -> frozenset[str] | None:
    parent = scope.parent
    if parent is None:
        return frozenset()
    outer = flow.assigned_in.get(id(parent))
    if outer is None:
        return None
    config = scope.node.get("ProcessorConfig")
    mode = config.get("Mode") if isinstance(config, ObjectNode) else None
    if isinstance(mode, StringNode) and mode.value == "DISTRIBUTED":
        return frozenset()  # child executions do not see the parent's variables
    return outer


def _analyse_scope(scope: Scope, flow: VariableFlow) -> None:
    """Forward must-be-assigned analysis: intersection at joins, so loops never invent a finding."""
    for state in scope.state_list:
        if state.node is not None:
            for name in assigned_names(state.node.get("Assign")):
                flow.assigned_anywhere.add(name)
            for key in ("Choices", "Catch"):
                items = state.node.get(key)
                if isinstance(items, ArrayNode):
                    for item in items.items:
                        if isinstance(item, ObjectNode):
                            flow.assigned_anywhere.update(assigned_names(item.get("Assign")))
    entry = _scope_entry(scope, flow)
    start = scope.start_at.value if scope.start_at is not None else None
    if entry is None or start is None or start not in scope.states:
        return
    states = scope.states
    assigned: dict[str, frozenset[str]] = {start: entry}
    work = [start]
    edges_of: dict[str, list[tuple[str, frozenset[str]]]] = {}
    while work:
        name = work.pop()
        current = assigned[name]
        edges = edges_of.get(name)
        if edges is None:
            edges = edges_of[name] = _edges(states[name])
        for target, names in edges:
            if target not in states:
                continue
            incoming = current | names if names else current
            old = assigned.get(target)
            if old is None:
                assigned[target] = incoming
                work.append(target)
            elif not old <= incoming:
                assigned[target] = old & incoming
                work.append(target)
    for name, names in assigned.items():
        flow.assigned_in[id(states[name])] = names
