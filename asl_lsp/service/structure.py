"""Folding ranges and selection ranges, read off the syntax tree."""

from __future__ import annotations

from dataclasses import dataclass

from asl_lsp.model.document import AslDocument
from asl_lsp.syntax.nodes import ArrayNode, Member, Node, ObjectNode, Span


@dataclass(frozen=True)
class Fold:
    start_line: int  # 0-based
    end_line: int


def folding_ranges(document: AslDocument) -> list[Fold]:
    """Every object or array that spans more than one line."""
    root = document.source.root
    lines = document.source.lines
    folds: list[Fold] = []
    stack: list[Node | None] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, (ObjectNode, ArrayNode)):
            start, _ = lines.line_col(node.span.start)
            end, _ = lines.line_col(max(node.span.start, node.span.end - 1))
            if end > start:
                # Keep the closing bracket visible, as editors do for JSON.
                folds.append(Fold(start, end - 1 if document.source.format == "json" else end))
            if isinstance(node, ObjectNode):
                stack.extend(m.value for m in node.members)
            else:
                stack.extend(node.items)
    folds = [f for f in folds if f.end_line > f.start_line]
    return sorted(folds, key=lambda f: (f.start_line, f.end_line))


def selection_chain(document: AslDocument, offset: int) -> list[Span]:
    """Spans around ``offset`` from the innermost token outwards (value, member, object, ...)."""
    chain: list[Span] = []
    node: Node | None = document.source.root
    while node is not None and node.span.contains(offset):
        chain.append(node.span)
        child: Node | None = None
        if isinstance(node, ObjectNode):
            member = _member_at(node, offset)
            if member is not None:
                chain.append(member.span)
                if member.key.span.contains(offset):
                    chain.append(member.key.span)
                    break
                child = member.value
        elif isinstance(node, ArrayNode):
            child = next((item for item in node.items if item.span.contains(offset)), None)
        node = child
    # De-duplicate and order innermost first.
    unique: list[Span] = []
    for span in reversed(chain):
        if not unique or unique[-1] != span:
            unique.append(span)
    return unique


def _member_at(node: ObjectNode, offset: int) -> Member | None:
    for member in node.members:
        if member.span.contains(offset):
            return member
    return None
