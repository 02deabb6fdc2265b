"""The syntax tree shared by the JSON parser, the YAML loader and every feature above them.

Both front ends (our tolerant JSON parser, and the YAML loader reading libyaml's parser events)
produce these nodes, so the model, the linter and the editor features never need to know which
syntax a document was written in.
Offsets are code-point offsets into the document text (``str`` indices), half-open ``[start, end)``.
Nodes are immutable; a document is parsed once per text version.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence

from asl_lsp.records import Frozen, Record, set_field

# Runtime unions (not only annotations): "X | Y" needs Python 3.10, which the package requires.
JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


class Span(Frozen):
    """A half-open range of code-point offsets ``[start, end)`` into the document text."""

    _fields = ("start", "end")
    __slots__ = _fields
    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        set_field(self, "start", start)
        set_field(self, "end", end)

    def contains(self, offset: int) -> bool:
        """True when ``offset`` lies inside the span or touches its end (a cursor after a token)."""
        return self.start <= offset <= self.end


# Nodes keep their offsets as two plain integers and are built by their ordinary constructors: a
# 2 MB definition has some 300,000 nodes, and a separate span object per node doubled the objects
# to allocate (and for the collector to walk). They are not frozen, because a frozen record sets
# each field through ``object.__setattr__`` at three times the cost; nothing ever assigns to a node
# after the parser has built it. ``span`` gives the offsets as a :class:`Span`. Like every value
# class ``asl lint`` loads, they are written out rather than made by ``dataclasses`` (see
# :mod:`asl_lsp.records`): equal by fields, not hashable.


class Located(Record):
    """What every node and member has: where it is in the document text."""

    __slots__ = ()
    start: int
    end: int

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


class StringNode(Located):
    """A string scalar. The offsets include the quotes in JSON; ``value`` is the decoded text.

    ``tag`` holds a YAML tag that is kept for templates (for example ``!Sub``); it is None for JSON.
    """

    _fields = ("value", "start", "end", "tag")
    __slots__ = _fields
    value: str
    tag: str | None

    def __init__(self, value: str, start: int, end: int, tag: str | None = None) -> None:
        self.value = value
        self.start = start
        self.end = end
        self.tag = tag


class NumberNode(Located):
    """A number; ``raw`` keeps the source spelling (``1.0`` and ``1`` differ for some rules)."""

    _fields = ("value", "start", "end", "raw")
    __slots__ = _fields
    value: int | float
    raw: str

    def __init__(self, value: int | float, start: int, end: int, raw: str = "") -> None:
        self.value = value
        self.start = start
        self.end = end
        self.raw = raw


class BoolNode(Located):
    _fields = ("value", "start", "end")
    __slots__ = _fields
    value: bool

    def __init__(self, value: bool, start: int, end: int) -> None:
        self.value = value
        self.start = start
        self.end = end


class NullNode(Located):
    _fields = ("start", "end")
    __slots__ = _fields

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end


class Member(Located):
    """One ``key: value`` pair; ``value`` is None while the user is still typing (``"Next":``)."""

    _fields = ("key", "value", "start", "end")
    __slots__ = _fields
    key: StringNode
    value: Node | None

    def __init__(self, key: StringNode, value: Node | None, start: int, end: int) -> None:
        self.key = key
        self.value = value
        self.start = start
        self.end = end


class ObjectNode(Located):
    """An object/mapping. Duplicate keys are kept in ``members`` (in source order);
    :meth:`get` returns the last one, as JSON parsers and AWS do."""

    _fields = ("members", "start", "end", "tag")
    __slots__ = (*_fields, "_index", "_plain")
    members: tuple[Member, ...]
    tag: str | None
    _index: dict[str, Member]
    # The object as plain data (what ``to_value`` gives), when the parser had it at hand: the
    # JSON fast path keeps what ``json.loads`` read (``syntax/fast_json.py`` says what it holds),
    # so the schema check need not convert the nodes back. None otherwise.
    _plain: dict[str, JsonValue] | None

    def __init__(
        self, members: tuple[Member, ...], start: int, end: int, tag: str | None = None
    ) -> None:
        self.members = members
        self.start = start
        self.end = end
        self.tag = tag
        self._plain = None
        self._index = {member.key.value: member for member in members}

    def __eq__(self, other: object) -> bool:
        # By content, whatever kind of ObjectNode either side is: a subtree an edit moved
        # (``syntax/moving.py``) equals the one a parse of the new text builds.
        if not isinstance(other, ObjectNode):
            return NotImplemented
        return (self.members, self.start, self.end, self.tag) == (
            other.members,
            other.start,
            other.end,
            other.tag,
        )

    def member(self, key: str) -> Member | None:
        return self._index.get(key)

    def get(self, key: str) -> Node | None:
        member = self._index.get(key)
        return member.value if member is not None else None

    def keys(self) -> list[str]:
        return [m.key.value for m in self.members]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members)

    def __len__(self) -> int:
        return len(self.members)


class ArrayNode(Located):
    _fields = ("items", "start", "end", "tag")
    __slots__ = _fields
    items: tuple[Node, ...]
    tag: str | None

    def __init__(
        self, items: tuple[Node, ...], start: int, end: int, tag: str | None = None
    ) -> None:
        self.items = items
        self.start = start
        self.end = end
        self.tag = tag

    def __iter__(self) -> Iterator[Node]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


Node = ObjectNode | ArrayNode | StringNode | NumberNode | BoolNode | NullNode
Scalar = StringNode | NumberNode | BoolNode | NullNode


def to_value(node: Node | None) -> JsonValue:
    """Convert a node tree to plain Python data (the last duplicate key wins; a missing value is
    None).

    Iterative, so 10,000 levels of nesting never hit Python's recursion limit.
    """
    if node is None:
        return None
    if isinstance(node, (StringNode, NumberNode, BoolNode)):
        return node.value
    if isinstance(node, NullNode):
        return None
    root: list[JsonValue] = []
    # Each stack entry: (node, container to fill, key or None for list append)
    stack: list[tuple[Node | None, list[JsonValue] | dict[str, JsonValue], str | None]] = [
        (node, root, None)
    ]
    while stack:
        current, container, key = stack.pop()
        value: JsonValue
        children: list[tuple[Node | None, list[JsonValue] | dict[str, JsonValue], str | None]]
        if isinstance(current, ObjectNode):
            obj: dict[str, JsonValue] = {}
            value = obj
            children = [(m.value, obj, m.key.value) for m in current.members]
            # Pre-fill keys in source order so dict order matches the text; the last duplicate wins.
            for m in current.members:
                obj[m.key.value] = None
        elif isinstance(current, ArrayNode):
            arr: list[JsonValue] = [None] * len(current.items)
            value = arr
            children = []
            for index, item in enumerate(current.items):
                children.append((item, arr, str(index)))
        elif current is None or isinstance(current, NullNode):
            value = None
            children = []
        else:
            value = current.value
            children = []
        if isinstance(container, dict):
            assert key is not None
            container[key] = value
        elif key is None:
            container.append(value)
        else:
            container[int(key)] = value
        # Push in reverse so duplicates later in source order are written last.
        stack.extend(reversed(children))
    return root[0]


def entries_around(node: ObjectNode | ArrayNode, offset: int) -> range:
    """The indices of the members or items of ``node`` that can hold ``offset``, in source order.

    Members and items are in source order with disjoint spans, so only the last one starting at
    or before the offset, or the one before it (a YAML block value ends where the next entry
    starts), can hold it: a binary search instead of a scan of thousands of states.
    """
    if isinstance(node, ObjectNode):
        found = bisect_right(node.members, offset, key=_member_start)
    else:
        found = bisect_right(node.items, offset, key=_item_start)
    return range(max(found - 2, 0), found)


def _member_start(member: Member) -> int:
    return member.key.start


def _item_start(item: Node) -> int:
    return item.start


def child_at(node: Node, step: str | int) -> Node | None:
    """One step of a JSON-pointer walk: an object key or an array index."""
    if isinstance(node, ObjectNode) and isinstance(step, str):
        return node.get(step)
    if isinstance(node, ArrayNode):
        try:
            index = int(step)
        except ValueError:
            return None
        if 0 <= index < len(node.items):
            return node.items[index]
    return None


def node_at_pointer(root: Node, path: Sequence[str | int]) -> Node | None:
    """Follow a path of keys/indices from ``root``; None when a step does not exist."""
    current: Node | None = root
    for step in path:
        if current is None:
            return None
        current = child_at(current, step)
    return current


def pointer_string(path: list[str | int] | tuple[str | int, ...]) -> str:
    """RFC 6901 JSON pointer text for a path (``/States/A~1B/Next``)."""
    return "".join(map(pointer_token, path))


def pointer_token(step: str | int) -> str:
    """One step of a JSON pointer, with its ``/`` (``A/B`` -> ``/A~1B``).

    ``pointer_string(parent) + pointer_token(step)`` is the pointer of the child: a caller that
    points at many children of one parent (every state of a States object) formats the parent's
    pointer once, not a whole path per child.
    """
    return "/" + str(step).replace("~", "~0").replace("/", "~1")
