"""Building node objects without their frozen-dataclass ``__init__``.

A frozen dataclass sets each field through ``object.__setattr__``, which is about twice as slow as
calling the slot descriptors directly; a 2 MB definition has some 400,000 nodes and spans, so the
parsers build the frequent ones here. The result is an ordinary, fully initialised node (the tests
compare such nodes with normally built ones). The import-time check below fails loudly if the
fields in ``nodes.py`` change, instead of leaving a slot unset.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from asl_lsp.syntax.nodes import ArrayNode, Member, NumberNode, ObjectNode, Span, StringNode

Setter = Callable[[Any, Any], None]

_EXPECTED_SLOTS: Final = {
    Span: ("start", "end"),
    StringNode: ("value", "span", "tag"),
    NumberNode: ("value", "span", "raw"),
    Member: ("key", "value", "span"),
    ObjectNode: ("members", "span", "tag", "_index"),
    ArrayNode: ("items", "span", "tag"),
}
for _cls, _slots in _EXPECTED_SLOTS.items():
    if tuple(getattr(_cls, "__slots__", ())) != _slots:
        raise ImportError(f"{_cls.__name__} fields changed: update asl_lsp.syntax.build")


def _setters(cls: type) -> tuple[Setter, ...]:
    return tuple(cls.__dict__[name].__set__ for name in _EXPECTED_SLOTS[cls])


new: Final = object.__new__
SPAN_START, SPAN_END = _setters(Span)
STRING_VALUE, STRING_SPAN, STRING_TAG = _setters(StringNode)
NUMBER_VALUE, NUMBER_SPAN, NUMBER_RAW = _setters(NumberNode)
MEMBER_KEY, MEMBER_VALUE, MEMBER_SPAN = _setters(Member)
OBJECT_MEMBERS, OBJECT_SPAN, OBJECT_TAG, OBJECT_INDEX = _setters(ObjectNode)
ARRAY_ITEMS, ARRAY_SPAN, ARRAY_TAG = _setters(ArrayNode)


def span(start: int, end: int) -> Span:
    node: Span = new(Span)
    SPAN_START(node, start)
    SPAN_END(node, end)
    return node


def string(value: str, at: Span, tag: str | None = None) -> StringNode:
    node: StringNode = new(StringNode)
    STRING_VALUE(node, value)
    STRING_SPAN(node, at)
    STRING_TAG(node, tag)
    return node


def member(key: StringNode, value: Any, at: Span) -> Member:
    node: Member = new(Member)
    MEMBER_KEY(node, key)
    MEMBER_VALUE(node, value)
    MEMBER_SPAN(node, at)
    return node


def object_node(members: tuple[Member, ...], at: Span, tag: str | None = None) -> ObjectNode:
    """An ObjectNode with the same key index its ``__post_init__`` builds (last duplicate wins)."""
    node: ObjectNode = new(ObjectNode)
    OBJECT_MEMBERS(node, members)
    OBJECT_SPAN(node, at)
    OBJECT_TAG(node, tag)
    OBJECT_INDEX(node, {m.key.value: m for m in members})
    return node


def array_node(items: tuple[Any, ...], at: Span, tag: str | None = None) -> ArrayNode:
    node: ArrayNode = new(ArrayNode)
    ARRAY_ITEMS(node, items)
    ARRAY_SPAN(node, at)
    ARRAY_TAG(node, tag)
    return node
