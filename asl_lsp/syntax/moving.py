"""Nodes moved by an edit: the states after an edited one, ``delta`` characters later.

An edit moves every state after it, and until the next edit replaces the version most of them are
only looked up by their text and span (the lint memos, the model carried over): a moved object's
members are therefore moved when something first reads them (:class:`MovedObjectNode`), not all
up front. Only the edited version's re-read (``syntax/reparse.py``) and the model carried over
(``model/after_edit.py``) make moved nodes.
"""

from __future__ import annotations

import threading
from typing import Any

from asl_lsp.filled_slot import FilledOnRead
from asl_lsp.syntax.nodes import (
    ArrayNode,
    BoolNode,
    Member,
    Node,
    NullNode,
    NumberNode,
    ObjectNode,
    StringNode,
)


def moved(node: Node, delta: int) -> Node:
    """A copy of ``node`` and everything under it, ``delta`` characters later in the text.

    One call per level of nesting, which the parser bounds at :data:`MAX_DEPTH`.
    """
    kind = type(node)
    if kind is StringNode:
        assert isinstance(node, StringNode)
        return moved_string(node, delta)
    if isinstance(node, ObjectNode):  # a MovedObjectNode too
        members: list[Member] = []
        for member in node.members:  # inline: a level of nesting is one level of recursion
            key, value = member.key, member.value
            members.append(
                Member(
                    moved_string(key, delta),
                    moved(value, delta) if value is not None else None,
                    member.start + delta,
                    member.end + delta,
                )
            )
        copy = ObjectNode(tuple(members), node.start + delta, node.end + delta, node.tag)
        copy._plain = node._plain  # the same data wherever it is
        return copy
    if kind is ArrayNode:
        assert isinstance(node, ArrayNode)
        items: list[Node] = []
        for item in node.items:
            items.append(moved(item, delta))
        return ArrayNode(tuple(items), node.start + delta, node.end + delta, node.tag)
    if kind is NumberNode:
        assert isinstance(node, NumberNode)
        return NumberNode(node.value, node.start + delta, node.end + delta, node.raw)
    if kind is BoolNode:
        assert isinstance(node, BoolNode)
        return BoolNode(node.value, node.start + delta, node.end + delta)
    assert isinstance(node, NullNode)
    return NullNode(node.start + delta, node.end + delta)


def moved_string(node: StringNode, delta: int) -> StringNode:
    """``node`` ``delta`` characters later in the text (a key, a transition's target)."""
    return StringNode(node.value, node.start + delta, node.end + delta, node.tag)


def moved_member_lazily(member: Member, delta: int) -> Member:
    """``member`` ``delta`` characters later in the text; an object under it is moved when first
    read (:class:`MovedObjectNode`)."""
    key, value = member.key, member.value
    return Member(
        moved_string(key, delta),
        moved_lazily(value, delta) if value is not None else None,
        member.start + delta,
        member.end + delta,
    )


def moved_lazily(node: Node, delta: int) -> Node:
    """``node`` ``delta`` characters later in the text: a scalar at once, an array item by item,
    an object when something first reads its members."""
    if isinstance(node, ObjectNode):
        return MovedObjectNode(node, delta)
    if isinstance(node, ArrayNode):
        return ArrayNode(
            tuple(moved_lazily(item, delta) for item in node.items),
            node.start + delta,
            node.end + delta,
            node.tag,
        )
    return moved(node, delta)


# Taken while a node moves its members: two threads reading one node (the lint and a hover) must
# see the same member objects.
_moving = threading.RLock()


class MovedObjectNode(ObjectNode):
    """An object ``delta`` characters later in the text than ``original``, with its members
    moved when something first reads them, and then kept.

    Its offsets are known at once; moving a member moves its key and scalars, and leaves each
    object under it to move in its turn. Looking up one member (:meth:`member`, :meth:`get`)
    moves that member alone: a rule that reads one field of every state of a kind (a Map's
    Label, a Choice's Choices) does not move their bodies whole. An object moved again before
    anything read it moves its original by both edits, so no chain of versions builds up. It
    equals, and pickles as, the ObjectNode a parse of the new text builds.
    """

    __slots__ = ("_delta", "_looked_up", "_original")
    _delta: int
    _original: ObjectNode | None  # None once the members are moved
    # Members moved one by one, by key, before all of them (None until the first lookup: most
    # moved objects are never looked into).
    _looked_up: dict[str, Member] | None

    def __init__(self, original: ObjectNode, delta: int) -> None:
        if isinstance(original, MovedObjectNode):
            earlier = original
            pending = earlier._original  # read once: another thread may be moving its members
            if pending is not None:
                delta += earlier._delta
                original = pending
        self._original = original
        self._delta = delta
        self._looked_up = None
        self.start = original.start + delta
        self.end = original.end + delta
        self.tag = original.tag
        self._plain = original._plain  # the same data wherever it is

    members = FilledOnRead[tuple[Member, ...]](ObjectNode, "members")
    _index = FilledOnRead[dict[str, Member]](ObjectNode, "_index")

    def fill_pending(self) -> None:
        if self._original is not None:
            self._move_members()

    def member(self, key: str) -> Member | None:
        if self._original is None:
            return ObjectNode.member(self, key)
        with _moving:
            original = self._original
            if original is None:
                return ObjectNode.member(self, key)  # another thread moved them all
            if self._looked_up is None:
                self._looked_up = {}
            looked_up = self._looked_up.get(key)
            if looked_up is None:
                found = original.member(key)
                if found is None:
                    return None
                looked_up = self._looked_up[key] = moved_member_lazily(found, self._delta)
            return looked_up

    def get(self, key: str) -> Node | None:
        member = self.member(key)
        return member.value if member is not None else None

    def __contains__(self, key: object) -> bool:
        original = self._original
        return key in (original if original is not None else self._index)

    def __len__(self) -> int:
        original = self._original
        return len(original if original is not None else self.members)

    def _move_members(self) -> None:
        with _moving:
            original = self._original
            if original is None:
                return  # another thread moved them
            delta = self._delta
            looked_up = self._looked_up or {}
            # A member looked up before is kept, so whoever holds it holds the member of this
            # node (``member`` gives the last of duplicated keys).
            members = tuple(
                looked_up[member.key.value]
                if member.key.value in looked_up and original.member(member.key.value) is member
                else moved_member_lazily(member, delta)
                for member in original.members
            )
            self.members = members
            self._index = {member.key.value: member for member in members}
            self._original = None
            self._looked_up = None

    def __reduce__(self) -> tuple[type[ObjectNode], tuple[Any, ...]]:
        return ObjectNode, (self.members, self.start, self.end, self.tag)
