"""What finished token the cursor is on: a key, a value or an array item, with its path.

Hover and semantic features read complete text, so unlike :mod:`.cursor` this walks the tree
only. Iterative, so deeply nested documents cost no recursion.
"""

from __future__ import annotations

from dataclasses import dataclass

from asl_lsp.model.document import AslDocument, Definition
from asl_lsp.syntax.nodes import ArrayNode, Member, Node, ObjectNode

Pointer = tuple[str | int, ...]


@dataclass(frozen=True)
class Located:
    definition: Definition
    container: Pointer  # path of the object holding ``member`` (or of the array's owner object)
    member: Member | None  # the key/value pair (for an array item: the pair owning the array)
    on_key: bool
    node: Node  # the key node, the scalar value, or the array item under the cursor


def locate(document: AslDocument, offset: int) -> Located | None:
    definition = document.definition_at(offset)
    if definition is None:
        return None
    path: list[str | int] = []
    node: Node = definition.source.root
    owner: Member | None = None
    while True:
        if isinstance(node, ObjectNode):
            nxt: Node | None = None
            for member in node.members:
                if member.key.start <= offset <= member.key.end:
                    return Located(definition, tuple(path), member, True, member.key)
                value = member.value
                if value is not None and value.start <= offset <= value.end:
                    if isinstance(value, (ObjectNode, ArrayNode)):
                        path.append(member.key.value)
                        owner = member
                        nxt = value
                        break
                    return Located(definition, tuple(path), member, False, value)
            if nxt is None:
                return None
            node = nxt
        elif isinstance(node, ArrayNode):
            nxt = None
            for index, item in enumerate(node.items):
                if item.start <= offset <= item.end:
                    if isinstance(item, (ObjectNode, ArrayNode)):
                        path.append(index)
                        nxt = item
                        break
                    return Located(definition, tuple(path[:-1]), owner, False, item)
            if nxt is None:
                return None
            node = nxt
        else:
            return None
