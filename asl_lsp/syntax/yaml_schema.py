"""YAML 1.2 core-schema meaning of a scalar, decided by us rather than by PyYAML's resolver.

PyYAML implements YAML 1.1, where ``Yes``/``No``/``On``/``Off`` are booleans and ``2024-01-01`` is
a date; a state machine written in YAML must mean what its author sees, so the loader asks PyYAML
for no implicit types and applies the core schema here: only ``true``/``false`` (in their three
spellings) are booleans, only ``null``/``~``/empty are null, numbers are decimal/octal ``0o``/hex
``0x`` integers and decimal floats (with ``.inf``/``.nan``); everything else is a string.
"""

from __future__ import annotations

import re
from typing import Final

from asl_lsp.numbers import decimal_integer, is_huge_integer
from asl_lsp.syntax.nodes import BoolNode, Node, NullNode, NumberNode, Span, StringNode

STR_TAG: Final = "tag:yaml.org,2002:str"

STANDARD_TAGS: Final = frozenset(
    {
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:seq",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
    }
)

_NULL_RE = re.compile(r"null|Null|NULL|~|")
_BOOL: Final = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_INT_RE = re.compile(r"[-+]?[0-9]+")
_OCT_RE = re.compile(r"0o[0-7]+")
_HEX_RE = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF_RE = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN_RE = re.compile(r"\.(?:nan|NaN|NAN)")

MAYBE_TYPED: Final = frozenset("0123456789+-.~nNtTfF")
"""First characters of every plain scalar that may resolve to something other than a string
(and of the empty scalar, which is null): anything else is a string without a regex."""


def plain_scalar(value: str, start: int, end: int) -> Node:
    """Core-schema resolution of a plain (unquoted, untagged) scalar."""
    if value and value[0] not in MAYBE_TYPED:
        return StringNode(value, start, end)
    if _NULL_RE.fullmatch(value):
        return NullNode(start, end)
    if value in _BOOL:
        return BoolNode(_BOOL[value], start, end)
    if _INT_RE.fullmatch(value):
        return NumberNode(decimal_integer(value), start, end, value)
    if _OCT_RE.fullmatch(value):
        return NumberNode(int(value[2:], 8), start, end, value)
    if _HEX_RE.fullmatch(value):
        return NumberNode(int(value[2:], 16), start, end, value)
    if _FLOAT_RE.fullmatch(value) and value not in ("+", "-", "."):
        return NumberNode(float(value), start, end, value)
    if _INF_RE.fullmatch(value):
        infinity = float("-inf") if value.startswith("-") else float("inf")
        return NumberNode(infinity, start, end, value)
    if _NAN_RE.fullmatch(value):
        return NumberNode(float("nan"), start, end, value)
    return StringNode(value, start, end)


def explicit_scalar(value: str, tag: str, span: Span) -> Node:
    """A scalar with an explicit standard tag (``!!int 5``); a value that does not fit its tag
    stays a string."""
    resolved = plain_scalar(value, span.start, span.end)
    if tag.endswith(":str"):
        return StringNode(value, span.start, span.end)
    if tag.endswith(":null") and isinstance(resolved, NullNode):
        return resolved
    if tag.endswith(":bool") and isinstance(resolved, BoolNode):
        return resolved
    if tag.endswith((":int", ":float")) and isinstance(resolved, NumberNode):
        return resolved
    return StringNode(value, span.start, span.end)


def is_huge_plain_integer(value: str) -> bool:
    """A plain integer with more digits than Python converts (it becomes an infinity)."""
    return is_huge_integer(value) and _INT_RE.fullmatch(value) is not None
