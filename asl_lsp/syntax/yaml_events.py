"""Our node tree straight from PyYAML's event stream, in one pass.

PyYAML's composer would first build its own node graph, asking the Python-level resolver about
every scalar, and a second walk would then convert that graph; on a 100,000-state definition
that costs more than the parsing itself. Here each parser event (which carries its marks, so its
offsets) becomes our node at once: a scalar is resolved by the core schema
(:mod:`asl_lsp.syntax.yaml_schema`), a collection is built when its end event arrives.

What the composer checked is checked here: an undefined alias, an anchor defined twice in one
document. Aliased collections are shared, not copied, and the size they expand to is bounded by
:data:`MAX_ALIAS_EXPANSION` (an alias bomb or an alias inside its own anchor refuses the tree).
Keys are strings exactly as written; a collection used as a key is reported and its member
dropped. Only the first document is built; later ones are still read to the end, so an error
anywhere in the text is reported as the parser words it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import yaml

from asl_lsp.diagnostic import Diagnostic
from asl_lsp.numbers import MAX_INT_DIGITS
from asl_lsp.records import Frozen, Record
from asl_lsp.syntax.nodes import (
    ArrayNode,
    Member,
    Node,
    NullNode,
    ObjectNode,
    Span,
    StringNode,
    pointer_string,
)
from asl_lsp.syntax.result import duplicate_keys, huge_integer, syntax_error
from asl_lsp.syntax.yaml_schema import (
    MAYBE_TYPED,
    STANDARD_TAGS,
    explicit_scalar,
    is_huge_plain_integer,
    plain_scalar,
)
from asl_lsp.syntax.yaml_tags import tagged_scalar, wrap

MAX_ALIAS_EXPANSION: Final = 10_000
MAX_DEPTH: Final = 2_000
"""Collections nested deeper than this refuse the tree. libyaml already stops at 1,000 levels of
block and 1,000 of flow collections; this bounds the pure-Python parser, which has no limit."""

_SELF_ALIAS: Final = "a YAML alias refers to a node that contains it"
_TOO_MANY: Final = "YAML aliases expand to too many nodes"
_TOO_DEEP: Final = "YAML nested too deeply"


class Refused(Exception):
    """The text is valid YAML but no tree is built for it (alias bomb, self-containing alias,
    nesting too deep)."""


class ComposeError(Exception):
    """What PyYAML's composer would reject: an undefined alias, an anchor defined twice."""

    def __init__(self, undefined_alias: bool, name: str, at: int) -> None:
        super().__init__(name)
        self.undefined_alias = undefined_alias
        self.name = name
        self.at = at


# These classes are written out rather than made by ``dataclasses`` (see ``asl_lsp.records``).
class Built(Record):
    """The first document's tree, where the second document starts, and the findings."""

    _fields = ("root", "documents", "second_document_at", "diagnostics")
    __slots__ = _fields
    root: Node | None
    documents: int
    second_document_at: int
    diagnostics: list[Diagnostic]

    def __init__(
        self,
        root: Node | None = None,
        documents: int = 0,
        second_document_at: int = 0,
        diagnostics: list[Diagnostic] | None = None,
    ) -> None:
        self.root = root
        self.documents = documents
        self.second_document_at = second_document_at
        self.diagnostics = [] if diagnostics is None else diagnostics


class _BadKey(Frozen):
    """A collection (or an alias to one) written where a mapping key goes."""

    _fields = ("span",)
    __slots__ = _fields
    span: Span

    def __init__(self, span: Span) -> None:
        object.__setattr__(self, "span", span)


class _Frame:
    """An open collection: what its parent was doing, saved while its children arrive."""

    __slots__ = (
        "anchor",
        "bad_keys",
        "is_map",
        "items",
        "key",
        "key_start",
        "quiet",
        "size",
        "start",
        "step",
        "tag",
    )

    def __init__(self, is_map: bool, start: int, event: Any, step: str | int, quiet: bool) -> None:
        self.is_map = is_map
        self.start = start
        self.tag: str | None = event.tag
        self.anchor: str | None = event.anchor
        self.step = step
        self.quiet = quiet
        self.items: list[Any] = []
        # Saved here while a child collection is open.
        self.key: Any = None
        self.key_start = 0
        self.size = 1
        self.bad_keys: list[Span] | None = None


def build_tree(get_event: Callable[[], Any], text: str) -> Built:
    """Consume the whole event stream of ``text``; build the first document's nodes.

    Raises the parser's :class:`yaml.YAMLError` for broken text, :class:`ComposeError` for what
    the composer rejects and :class:`Refused` for a tree that is not built (only once the rest
    of the text has been read without error, so a syntax error is always what gets reported)."""
    built = Built()
    diagnostics = built.diagnostics
    scalar_event = yaml.ScalarEvent
    mapping_start = yaml.MappingStartEvent
    mapping_end = yaml.MappingEndEvent
    sequence_end = yaml.SequenceEndEvent
    collection_start = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    alias_event = yaml.AliasEvent
    document_start = yaml.DocumentStartEvent
    document_end = yaml.DocumentEndEvent
    stream_end = yaml.StreamEndEvent
    string_cls, member_cls, object_cls = StringNode, Member, ObjectNode
    maybe_typed = MAYBE_TYPED
    max_digits = MAX_INT_DIGITS

    # Anchor name -> its scalar event (converted again at every alias, as the composer's shared
    # scalar node was), an open _Frame, or (node, size) of a finished collection.
    anchors: dict[str, Any] = {}
    expanded = 0
    # The open collections above the current one; the current one's state lives in locals.
    # With no collection open (frame is None) values go to the document level.
    stack: list[_Frame] = []
    frame: _Frame | None = None
    document: list[Node] = []
    is_map = False
    items: list[Any] = document
    key: Any = None
    key_start = 0
    size = 0
    quiet = False
    value: Any
    try:
        while True:
            event = get_event()
            cls = type(event)
            if cls is scalar_event:
                start = event.start_mark.index
                end = event.end_mark.index
                anchor = event.anchor
                if anchor is not None:
                    if anchor in anchors:
                        raise ComposeError(False, anchor, start)
                    anchors[anchor] = event
                v = event.value
                if is_map and key is None:
                    key = string_cls(v, start, end)
                    key_start = start
                    continue
                tag = event.tag
                if tag is None or tag == "!":
                    if event.style or (v and v[0] not in maybe_typed):
                        value = string_cls(v, start, end)
                    else:
                        if len(v) > max_digits and not quiet and is_huge_plain_integer(v):
                            diagnostics.append(huge_integer(v, Span(start, end)))
                        value = plain_scalar(v, start, end)
                else:
                    value = _tagged(text, v, tag, Span(start, end), diagnostics, quiet)
                vsize = 1
                vend = end
            elif cls is mapping_end or cls is sequence_end:
                assert frame is not None
                vend = event.end_mark.index
                if is_map and frame.tag is None and frame.bad_keys is None:
                    # The common case inline: a plain mapping without key problems.
                    members = tuple(items)
                    value = object_cls(members, frame.start, vend)
                    if len(value._index) != len(members) and not quiet:
                        diagnostics.extend(duplicate_keys(members, _path(stack, frame)))
                else:
                    value = _finish(text, frame, stack, items, vend, quiet, diagnostics)
                vsize = size
                if frame.anchor is not None:
                    anchors[frame.anchor] = (value, vsize)
                if stack:
                    frame = stack.pop()
                    is_map, items, key = frame.is_map, frame.items, frame.key
                    key_start, size, quiet = frame.key_start, frame.size, frame.quiet
                else:
                    frame = None
                    is_map, items, key, size, quiet = False, document, None, 0, False
            elif cls in collection_start:
                start = event.start_mark.index
                if frame is None:
                    frame = _Frame(cls is mapping_start, start, event, "", False)
                else:
                    if len(stack) + 2 > MAX_DEPTH:
                        raise Refused(_TOO_DEEP)
                    frame.items, frame.key, frame.key_start = items, key, key_start
                    frame.size = size
                    stack.append(frame)
                    if not is_map:
                        frame = _Frame(cls is mapping_start, start, event, len(items), quiet)
                    elif type(key) is string_cls:
                        frame = _Frame(cls is mapping_start, start, event, key.value, quiet)
                    else:
                        # A collection written as a key is built (an alias may name an anchor
                        # in it) but, like the composer's key nodes, never reported on.
                        frame = _Frame(cls is mapping_start, start, event, "?", True)
                anchor = frame.anchor
                if anchor is not None:
                    if anchor in anchors:
                        raise ComposeError(False, anchor, start)
                    anchors[anchor] = frame
                is_map, items, key, size, quiet = frame.is_map, frame.items, None, 1, frame.quiet
                continue
            elif cls is alias_event:
                start = event.start_mark.index
                name = event.anchor
                target: Any = anchors.get(name)
                if target is None:
                    raise ComposeError(True, name, start)
                if type(target) is scalar_event:
                    sp = _span_of(target)
                    if is_map and key is None:
                        key = StringNode(target.value, sp.start, sp.end)
                        key_start = sp.start
                        continue
                    value = _scalar(text, target, sp, diagnostics, quiet)
                    vsize = 1
                elif type(target) is _Frame:
                    if not quiet:
                        raise Refused(_SELF_ALIAS)
                    value = NullNode(start, event.end_mark.index)
                    vsize = 1
                else:
                    value, vsize = target
                    if not quiet:
                        expanded += vsize
                        if expanded > MAX_ALIAS_EXPANSION:
                            raise Refused(_TOO_MANY)
                vend = value.end
            elif cls is document_start:
                built.documents += 1
                continue
            elif cls is document_end:
                built.root = document[0] if document else None
                # Later documents are read for errors only.
                check_remaining(get_event, built, set(), 0)
                return built
            elif cls is stream_end:
                return built
            else:  # the stream start
                continue
            # Hand the finished value to the open collection.
            size += vsize
            if not is_map:
                items.append(value)
            elif key is None:
                key = _BadKey(value.span)
                size -= vsize
            elif type(key) is _BadKey:
                assert frame is not None
                if frame.bad_keys is None:
                    frame.bad_keys = []
                frame.bad_keys.append(key.span)
                key = None
            else:
                items.append(member_cls(key, value, key_start, vend))
                key = None
    except Refused:
        open_collections = len(stack) + (frame is not None)
        check_remaining(get_event, built, set(anchors), open_collections)
        raise


def _finish(
    text: str,
    frame: _Frame,
    stack: list[_Frame],
    items: list[Any],
    end: int,
    quiet: bool,
    diagnostics: list[Diagnostic],
) -> Node:
    """The node of a collection whose end event arrived; its key problems are reported."""
    at = Span(frame.start, end)
    node: Node
    if frame.is_map:
        members = tuple(items)
        node = ObjectNode(members, frame.start, end)
        duplicated = len(node._index) != len(members)
        if not quiet and (frame.bad_keys is not None or duplicated):
            path = _path(stack, frame)
            for bad in frame.bad_keys or ():
                diagnostics.append(syntax_error("mapping keys must be plain strings", bad, path))
            if duplicated:
                diagnostics.extend(duplicate_keys(members, path))
    else:
        node = ArrayNode(tuple(items), frame.start, end)
    tag = frame.tag
    if tag is not None and tag != "!":
        node = wrap(text, tag, node, at)
    return node


def _path(stack: list[_Frame], frame: _Frame) -> str:
    """JSON pointer of the collection ``frame``; ``stack`` holds the open ones around it, the
    document's root collection first (it has no step)."""
    if not stack:
        return ""
    return pointer_string([*(f.step for f in stack[1:]), frame.step])


def _span_of(event: Any) -> Span:
    """Where an event's text is (an event's marks are always set by the parser)."""
    return Span(event.start_mark.index, event.end_mark.index)


def _scalar(text: str, event: Any, span: Span, diagnostics: list[Diagnostic], quiet: bool) -> Node:
    """A scalar value off the hot path (the root, an alias to a scalar)."""
    tag = event.tag
    value: str = event.value
    if tag is None or tag == "!":
        if event.style:
            return StringNode(value, span.start, span.end)
        if not quiet and is_huge_plain_integer(value):
            diagnostics.append(huge_integer(value, span))
        return plain_scalar(value, span.start, span.end)
    return _tagged(text, value, tag, span, diagnostics, quiet)


def _tagged(
    text: str, value: str, tag: str, span: Span, diagnostics: list[Diagnostic], quiet: bool
) -> Node:
    """A scalar with an explicit tag: a core-schema one, or any other (CloudFormation's)."""
    if tag in STANDARD_TAGS:
        if not quiet and is_huge_plain_integer(value):
            diagnostics.append(huge_integer(value, span))
        return explicit_scalar(value, tag, span)
    return tagged_scalar(text, value, tag, span)


def check_remaining(
    get_event: Callable[[], Any], built: Built, anchors: set[str], depth: int
) -> None:
    """Read the rest of the events for what the composer would reject there, counting
    documents into ``built``; ``anchors`` and ``depth`` are those of the document being read
    (none between documents)."""
    await_root = False
    while True:
        event = get_event()
        cls = type(event)
        if cls is yaml.StreamEndEvent:
            return
        if cls is yaml.DocumentStartEvent:
            built.documents += 1
            anchors = set()
            await_root = built.documents == 2
            continue
        if cls is yaml.DocumentEndEvent or cls is yaml.StreamStartEvent:
            continue
        start = event.start_mark.index
        if await_root:
            built.second_document_at = start
            await_root = False
        if cls is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise ComposeError(True, event.anchor, start)
            continue
        if cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            depth -= 1
            continue
        anchor = event.anchor
        if anchor is not None:
            if anchor in anchors:
                raise ComposeError(False, anchor, start)
            anchors.add(anchor)
        if cls is not yaml.ScalarEvent:
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(_TOO_DEEP)
