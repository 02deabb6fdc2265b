"""The fast path for valid JSON: values from ``json.loads``, spans from a few ``str.find`` calls.

Nearly every text the linter and the editor read is valid JSON, and for valid JSON the tolerant
parser (``json_parser.py``) spends its time finding tokens with regular expressions and deciding
what each one is. Here ``json.loads`` (C) reads the values first, and the nodes are then built
from them: the values say what comes next (a key of known length, a string of known length, an
object...), so each token is found where the one before it ends with one ``str.find``, and only a
string holding an escape (longer in the text than its value) or a number (whose spelling is kept)
is measured. The tree is the one the tolerant parser builds, node for node and offset for offset.

The fast path refuses (and the tolerant parser reads) every text for which the tolerant parser
would report anything: syntax errors (``json.loads`` refuses them all: comments, trailing commas,
bad numbers, escapes or literals, control characters, extra text...), duplicate keys, NaN and
Infinity, integers too long to convert, escapes of lone surrogates, and nesting deeper than
:data:`~asl_lsp.syntax.json_depth.MAX_DEPTH`. So the diagnostics are unchanged.

Why the nodes are built at once rather than when first read: a clean lint reads every object of a
definition (the model every state, the schema check and the field index everything but a few
payloads), and building one object apart from the others first needs the end of each object under
it, which costs another scan of its text; on the 5,000-state benchmark a lazy tree fully read took
about 1.8 times as long as this one (see ``docs/architecture.md``).
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable
from typing import Any, Final

from asl_lsp.gcpause import gc_paused
from asl_lsp.syntax.json_depth import MAX_DEPTH
from asl_lsp.syntax.nodes import (
    ArrayNode,
    BoolNode,
    JsonValue,
    Member,
    Node,
    NullNode,
    NumberNode,
    ObjectNode,
    StringNode,
)
from asl_lsp.syntax.result import ParseResult

# Whether read_json tries the fast path first (tests turn it off to compare the two paths).
ENABLED = True
# Every object of a fast tree keeps its plain data (``ObjectNode._plain``, what ``json.loads``
# read) when the text nests at most this deep and all its numbers are finite (``1e999`` reads as
# an infinity), so that data never nests deeper than this and a reader of it (the schema check)
# need not look for either.
PLAIN_MAX_DEPTH: Final = 128
_INFINITIES: Final = (float("inf"), float("-inf"))

_WS: Callable[[str, int], re.Match[str]] = re.compile(r"[ \t\n\r]*").match  # type: ignore[assignment]
_NUMBER = r"(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
# A number after its key (the colon and whitespace before it), and an array item (after the comma).
_NUMBER_AFTER_KEY: Callable[[str, int], re.Match[str]] = re.compile(  # type: ignore[assignment]
    r"[ \t\n\r]*:[ \t\n\r]*" + _NUMBER
).match
_NUMBER_ITEM: Callable[[str, int], re.Match[str]] = re.compile(  # type: ignore[assignment]
    r"[ \t\n\r,]*" + _NUMBER
).match
# An escape that may be half a surrogate pair; and every escape in turn, whose group 1 is set for
# a lone half (one not paired as the tolerant parser pairs them).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]").search
_ESCAPES = re.compile(
    r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    r"|(u[dD][89a-fA-F][0-9a-fA-F]{2})|u[0-9a-fA-F]{4}|.)",
    re.DOTALL,
).finditer


class _Refused(Exception):
    """Something the tolerant parser reports: a duplicate key, NaN or Infinity, deep nesting."""


def _checked_object(pairs: list[tuple[str, JsonValue]]) -> dict[str, JsonValue]:
    value = dict(pairs)
    if len(value) != len(pairs):
        raise _Refused  # a duplicate key
    return value


def _refuse_constant(name: str) -> float:
    raise _Refused  # NaN, Infinity, -Infinity


_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_checked_object, parse_constant=_refuse_constant
)
# Not in the type stubs: the scanner of one string token (C when the accelerator is there), and
# the C scanner of a value (None without the accelerator).
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_C_SCANNER: Final = getattr(json.scanner, "c_make_scanner", None)


def read_json(text: str) -> ParseResult:
    """What :func:`~asl_lsp.syntax.json_parser.parse_json` gives for ``text``, from the fast path
    when the text is clean JSON; never raises."""
    if ENABLED:
        with gc_paused():
            result = parse_json_fast(text)
        if result is not None:
            return result
    # Imported here: the tolerant parser loads only for a text json.loads refuses (a run over
    # valid definitions never needs it).
    from asl_lsp.syntax.json_parser import parse_json

    return parse_json(text)


def parse_json_fast(text: str) -> ParseResult | None:
    """The tree of ``text`` when it is valid JSON that the tolerant parser reads without a
    diagnostic; None otherwise (the tolerant parser then reads it).

    Needs ``json``'s C scanner, whose grammar is exactly JSON's (the pure-Python one reads
    non-ASCII digits in numbers).
    """
    if _C_SCANNER is None:
        return None
    try:
        value = _DECODER.decode(text)
    except (ValueError, RecursionError, _Refused):
        # ValueError: a syntax error, or an integer too long to convert; RecursionError: nesting
        # deeper than the interpreter allows.
        return None
    if "\\" in text and _SURROGATE_ESCAPE(text) and _has_lone_surrogate(text):
        return None
    builder = _Builder(text)
    start = _WS(text, 0).end()
    try:
        if isinstance(value, dict):
            root: Node = builder.object(value, start, 1)
        elif isinstance(value, list):
            root = builder.array(value, start, 1)
        else:
            root = builder.scalar(value, start)
    except (_Refused, RecursionError):
        # Nesting deeper than the tolerant parser reads, or than the interpreter's stack allows
        # from where this was called.
        return None
    if builder.deepest > PLAIN_MAX_DEPTH or not builder.finite:
        _forget_plain(root)
    return ParseResult(root, ())


def _forget_plain(root: Node) -> None:
    """Drop the plain data of every object under ``root`` (a document too deep for it, or with
    an infinite number)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ObjectNode):
            node._plain = None
            stack.extend(m.value for m in node.members if m.value is not None)
        elif isinstance(node, ArrayNode):
            stack.extend(node.items)


def _has_lone_surrogate(text: str) -> bool:
    """Whether an escape in ``text`` (valid JSON) is half a surrogate pair without the other half
    (the tolerant parser reports those; ``json.loads`` keeps them)."""
    return any(match.group(1) is not None for match in _ESCAPES(text))


class _Builder:
    """Builds the nodes of one valid JSON text from the values ``json.loads`` read from it.

    The values say what comes next (a key of known length, a string, an object...), so each
    token is found where the one before it ends with a ``str.find`` or two; only a string with
    an escape (its source is longer than its value) is measured by ``json``'s own scanner.
    """

    __slots__ = ("deepest", "escapes", "finite", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.deepest = 0  # how deep containers nest
        self.finite = True  # whether every number is finite
        # A string token ending before the first backslash from here has no escape, so it is
        # as long as its value plus the quotes.
        self.escapes = _next_backslash(text, 0)

    def object(self, values: dict[str, Any], start: int, depth: int) -> ObjectNode:
        """The object at ``start``, ``depth`` containers deep, whose members ``json.loads`` read
        as ``values``."""
        self._enter(depth)
        text = self.text
        members: list[Member] = []
        pos = start + 1
        for key, value in values.items():
            key_start = text.find('"', pos)
            key_end = self._token_end(key, key_start)
            node = self.value(value, key_end, depth + 1, _NUMBER_AFTER_KEY)
            members.append(Member(StringNode(key, key_start, key_end), node, key_start, node.end))
            pos = node.end
        built = ObjectNode(tuple(members), start, text.find("}", pos) + 1)
        built._plain = values
        return built

    def array(self, values: list[Any], start: int, depth: int) -> ArrayNode:
        """The array at ``start``, ``depth`` containers deep, whose items ``json.loads`` read as
        ``values``."""
        self._enter(depth)
        items: list[Node] = []
        pos = start + 1
        for value in values:
            node = self.value(value, pos, depth + 1, _NUMBER_ITEM)
            items.append(node)
            pos = node.end
        return ArrayNode(tuple(items), start, self.text.find("]", pos) + 1)

    def value(
        self,
        value: Any,
        pos: int,
        depth: int,
        number_at: Callable[[str, int], re.Match[str]],
    ) -> Node:
        """The node of ``value``, the first value at or after ``pos`` (after a key's colon, or
        an array's comma); ``number_at`` matches a number from ``pos``, its spelling in group 1."""
        text = self.text
        kind = type(value)
        if kind is str:
            start = text.find('"', pos)
            return StringNode(value, start, self._token_end(value, start))
        if kind is dict:
            return self.object(value, text.find("{", pos), depth)
        if kind is list:
            return self.array(value, text.find("[", pos), depth)
        if kind is bool:
            start = text.find("t" if value else "f", pos)
            return BoolNode(value, start, start + (4 if value else 5))
        if value is None:
            start = text.find("n", pos)
            return NullNode(start, start + 4)
        number = number_at(text, pos)
        if value in _INFINITIES:
            self.finite = False
        start, end = number.span(1)
        return NumberNode(value, start, end, number.group(1))

    def scalar(self, value: Any, start: int) -> Node:
        """A top-level scalar at ``start``."""
        return self.value(value, start, 1, _NUMBER_ITEM)

    def _enter(self, depth: int) -> None:
        """Note a container ``depth`` deep; refuse one nested deeper than the tolerant parser
        reads."""
        if depth > self.deepest:
            if depth > MAX_DEPTH:
                raise _Refused  # the tolerant parser skips what is nested deeper, and says so
            self.deepest = depth

    def _token_end(self, value: str, start: int) -> int:
        """The end of the string token at ``start`` whose value is ``value``: its length plus the
        quotes, unless an escape may lie in it (then it is scanned)."""
        end = start + len(value) + 2
        if end > self.escapes:
            end, self.escapes = _string_end(self.text, start)
        return end


def _next_backslash(text: str, start: int) -> int:
    found = text.find("\\", start)
    return found if found >= 0 else len(text) + 1


def _string_end(text: str, start: int) -> tuple[int, int]:
    """The end of the string token at ``start``, which may hold escapes, and where the next
    backslash after it is."""
    _, end = _scanstring(text, start + 1)
    return end, _next_backslash(text, end)
