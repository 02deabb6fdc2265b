"""Mapping offsets in a decoded string back to the source text it was written in.

A state machine embedded in a template as ``DefinitionString`` is parsed from the decoded string;
its diagnostics must still point into the template. An :class:`OffsetMap` records which runs of the
decoded string come verbatim from the source (exact) and which come from escapes or substitutions
(approximate), and moves node spans and diagnostics across.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from asl_lsp.diagnostic import Diagnostic, Related
from asl_lsp.records import replace
from asl_lsp.syntax.escapes import JSON_ESCAPES, surrogate_pair
from asl_lsp.syntax.nodes import (
    ArrayNode,
    BoolNode,
    Member,
    Node,
    NullNode,
    NumberNode,
    ObjectNode,
    Span,
    StringNode,
)

_JSON_STRING_PART = re.compile(
    r"[^\\]+|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.?",
)


class OffsetMap:
    """Piecewise map from decoded-string offsets to source offsets.

    Segments are ``(decoded_start, decoded_len, source_start, source_len)``; a segment whose lengths
    are equal is exact (character for character); otherwise every offset inside it maps to the
    segment's whole source range (an escape, a placeholder).
    """

    def __init__(self, fallback: Span) -> None:
        self.fallback = fallback
        self.segments: list[tuple[int, int, int, int]] = []
        self._starts: list[int] = []
        self.decoded_len = 0

    def add(self, decoded_len: int, source_start: int, source_len: int) -> None:
        self.segments.append((self.decoded_len, decoded_len, source_start, source_len))
        self._starts.append(self.decoded_len)
        self.decoded_len += decoded_len

    def _segment(self, offset: int) -> tuple[int, int, int, int] | None:
        if not self.segments:
            return None
        index = bisect_right(self._starts, offset) - 1
        return self.segments[max(index, 0)]

    def start(self, offset: int) -> int:
        seg = self._segment(offset)
        if seg is None:
            return self.fallback.start
        d_start, d_len, s_start, s_len = seg
        if d_len == s_len:
            return s_start + min(max(offset - d_start, 0), s_len)
        return s_start if offset <= d_start else s_start + s_len

    def end(self, offset: int) -> int:
        if offset <= 0 or not self.segments:
            return self.start(offset)
        seg = self._segment(offset - 1)
        assert seg is not None
        d_start, d_len, s_start, s_len = seg
        if d_len == s_len:
            return s_start + min(offset - d_start, s_len)
        return s_start + s_len

    def span(self, span: Span) -> Span:
        start = self.start(span.start)
        return Span(start, max(start, self.end(span.end)))


class Unmapped(OffsetMap):
    """Everything maps to one span (the string node's) when the decoding cannot be followed."""

    def start(self, offset: int) -> int:
        return self.fallback.start

    def end(self, offset: int) -> int:
        return self.fallback.end


def json_string_map(text: str, node: StringNode) -> OffsetMap:
    """Map a JSON string token (``node.span`` includes the quotes) through its escapes."""
    span = node.span
    if text[span.start : span.start + 1] != '"' or text[span.end - 1 : span.end] != '"':
        return Unmapped(span)
    offsets = OffsetMap(span)
    decoded: list[str] = []
    pos = span.start + 1
    end = span.end - 1
    for m in _JSON_STRING_PART.finditer(text, pos, end):
        part = m.group()
        if part[0] != "\\":
            offsets.add(len(part), m.start(), len(part))
            decoded.append(part)
            continue
        if part[1:2] == "u" and len(part) == 12:
            char = surrogate_pair(int(part[2:6], 16), int(part[8:12], 16))
        elif part[1:2] == "u" and len(part) == 6:
            char = chr(int(part[2:6], 16))
        else:
            char = JSON_ESCAPES.get(part[1:2], part[1:2])
        offsets.add(len(char), m.start(), len(part))
        decoded.append(char)
    if "".join(decoded) != node.value:
        return Unmapped(span)
    return offsets


def aligned_map(text: str, node: StringNode) -> OffsetMap:
    """Map a YAML scalar by finding each decoded line in the source (block and flow scalars
    written without escapes or folding); anything else maps to the node's span."""
    span = node.span
    offsets = OffsetMap(span)
    cursor = span.start
    lines = node.value.split("\n")
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        if line:
            found = text.find(line, cursor, span.end)
            if found < 0 or text[cursor:found].strip(" \t\r\n|>+-0123456789\"'") != "":
                return Unmapped(span)
            offsets.add(len(line), found, len(line))
            cursor = found + len(line)
        if not last:
            newline = text.find("\n", cursor, span.end + 1)
            if newline < 0 or text[cursor:newline].strip(" \t\r") != "":
                return Unmapped(span)
            offsets.add(1, newline, 1)
            cursor = newline + 1
    return offsets


def shift_tree(root: Node, offsets: OffsetMap) -> Node:
    """A copy of ``root`` with every span mapped through ``offsets`` (iterative)."""
    mapped: dict[int, Node] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if not ready and isinstance(node, (ObjectNode, ArrayNode)):
            stack.append((node, True))
            if isinstance(node, ObjectNode):
                stack.extend((m.value, False) for m in node.members if m.value is not None)
            else:
                stack.extend((item, False) for item in node.items)
            continue
        at = offsets.span(node.span)
        if isinstance(node, ObjectNode):
            members = tuple(
                Member(
                    StringNode(m.key.value, *_bounds(offsets, m.key.span), m.key.tag),
                    mapped[id(m.value)] if m.value is not None else None,
                    *_bounds(offsets, m.span),
                )
                for m in node.members
            )
            mapped[id(node)] = ObjectNode(members, at.start, at.end, node.tag)
        elif isinstance(node, ArrayNode):
            items = tuple(mapped[id(item)] for item in node.items)
            mapped[id(node)] = ArrayNode(items, at.start, at.end, node.tag)
        elif isinstance(node, StringNode):
            mapped[id(node)] = StringNode(node.value, at.start, at.end, node.tag)
        elif isinstance(node, NumberNode):
            mapped[id(node)] = NumberNode(node.value, at.start, at.end, node.raw)
        elif isinstance(node, BoolNode):
            mapped[id(node)] = BoolNode(node.value, at.start, at.end)
        else:
            mapped[id(node)] = NullNode(at.start, at.end)
    return mapped[id(root)]


def _bounds(offsets: OffsetMap, span: Span) -> tuple[int, int]:
    mapped = offsets.span(span)
    return mapped.start, mapped.end


def shift_diagnostic(diagnostic: Diagnostic, offsets: OffsetMap) -> Diagnostic:
    related = tuple(Related(offsets.span(r.span), r.message) for r in diagnostic.related)
    return replace(diagnostic, span=offsets.span(diagnostic.span), related=related)
