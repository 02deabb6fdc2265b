"""Every node of a parsed tree, for tests that check a property of each one."""

from __future__ import annotations

from asl_lsp.syntax.nodes import ArrayNode, Node, ObjectNode


def all_nodes(root: Node | None) -> list[Node]:
    """The nodes under ``root`` (itself included), object keys too; iterative, so a deeply nested
    tree does not hit the recursion limit."""
    out: list[Node] = []
    stack: list[Node | None] = [root]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        out.append(node)
        if isinstance(node, ObjectNode):
            for member in node.members:
                out.append(member.key)
                stack.append(member.value)
        elif isinstance(node, ArrayNode):
            stack.extend(node.items)
    return out
