"""Where a finding goes: spans inside string values and JSON pointers of nodes, found on demand.

Rules keep only nodes while they scan; a pointer is computed only for the few nodes that are
reported, by descending from the state's object along span containment. That keeps a clean
5,000-state definition from paying for pointers it never prints.
"""

from __future__ import annotations

from asl_lsp.model.machine import Pointer, State
from asl_lsp.syntax.nodes import ArrayNode, Node, ObjectNode, Span, StringNode


def value_offset_to_span(node: StringNode, text: str, start: int, end: int) -> Span:
    """The document span of ``node.value[start:end]``.

    Exact when the source spells the value verbatim (a JSON string without escapes, a YAML plain or
    simply quoted scalar); otherwise the whole string's span, which is still the right value.
    """
    span = node.span
    value = node.value
    start = max(0, min(start, len(value)))
    end = max(start, min(end, len(value)))
    raw = text[span.start : span.end]
    quoted = raw[:1] in ('"', "'")
    if quoted and raw[1 : 1 + len(value)] == value and raw[1 + len(value) :] == raw[0]:
        base = span.start + 1
    elif raw == value:
        base = span.start
    else:
        return span
    if end == start:
        end = min(start + 1, len(value)) if value else start
    return Span(base + start, base + end)


def first_key_span(node: Node) -> Span:
    """A short span that stands for a whole object: its first key (or its opening character)."""
    if isinstance(node, ObjectNode) and node.members:
        return node.members[0].key.span
    return Span(node.span.start, min(node.span.start + 1, node.span.end))


def pointer_of(state: State, target: Node | StringNode) -> Pointer:
    """The absolute JSON pointer of ``target`` inside ``state`` (a key node yields its member)."""
    pointer: list[str | int] = list(state.pointer)
    current: Node | None = state.node
    goal = target.span
    while current is not None and current.span != goal:
        following: Node | None = None
        if isinstance(current, ObjectNode):
            for member in current.members:
                if member.key.span == goal:
                    pointer.append(member.key.value)
                    return tuple(pointer)
                value = member.value
                inside = value is not None and value.start <= goal.start
                if inside and value is not None and goal.end <= value.end:
                    pointer.append(member.key.value)
                    following = value
                    break
        elif isinstance(current, ArrayNode):
            for index, item in enumerate(current.items):
                if item.start <= goal.start and goal.end <= item.end:
                    pointer.append(index)
                    following = item
                    break
        current = following
    return tuple(pointer)
