"""The document outline: states nested under their Parallel branches and Map item processors."""

from __future__ import annotations

from dataclasses import dataclass, field

from asl_lsp.model.document import AslDocument
from asl_lsp.model.machine import Scope, ScopeKind, State
from asl_lsp.syntax.nodes import Span


@dataclass
class OutlineItem:
    name: str
    detail: str
    kind: str  # a state type, "branch", "processor" or "machine"
    span: Span  # the whole construct
    selection: Span  # the name
    children: list[OutlineItem] = field(default_factory=list)


def outline(document: AslDocument) -> list[OutlineItem]:
    items: list[OutlineItem] = []
    for definition in document.definitions:
        states = _scope_items(definition.machine.root)
        if definition.name is not None:
            root = definition.source.root
            items.append(
                OutlineItem(
                    definition.name, "state machine", "machine", root.span, root.span, states
                )
            )
        else:
            items.extend(states)
    return items


def _scope_items(scope: Scope) -> list[OutlineItem]:
    return [_state_item(state) for state in scope.state_list]


def _state_item(state: State) -> OutlineItem:
    span = Span(state.key.start, state.node.end if state.node else state.key.end)
    state_type = state.type or "state"
    children: list[OutlineItem] = []
    for index, child in enumerate(state.children):
        label = f"Branch {index + 1}" if child.kind is ScopeKind.BRANCH else "ItemProcessor"
        children.append(
            OutlineItem(
                label,
                child.kind.value,
                child.kind.value,
                child.node.span,
                child.start_at.span if child.start_at is not None else child.node.span,
                _scope_items(child),
            )
        )
    return OutlineItem(state.name, state_type, state_type, span, state.key.span, children)
