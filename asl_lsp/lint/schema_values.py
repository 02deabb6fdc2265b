"""Node tree -> plain data for schema validation, fast enough for a 5,000-state definition.

The schema never looks inside payload fields (Parameters, Result, Output, Assign, ...), so their
contents are replaced by an empty value of the same JSON type: validation gives the same answer
and most of a large definition is never copied. Nesting deeper than :data:`MAX_DEPTH` is cut off
(and reported by the caller) so neither Python nor the Rust validator can run out of stack.
"""

from __future__ import annotations

import sys

from asl_lsp.records import Frozen, set_field
from asl_lsp.syntax.fast_json import PLAIN_MAX_DEPTH
from asl_lsp.syntax.nodes import (
    ArrayNode,
    BoolNode,
    JsonValue,
    Member,
    Node,
    NumberNode,
    ObjectNode,
    StringNode,
)

MAX_DEPTH = 200
# Fields whose value the schema checks only for its JSON type (or not at all).
OPAQUE_FIELDS = frozenset(
    {
        "Parameters",
        "ResultSelector",
        "Result",
        "Output",
        "Assign",
        "Arguments",
        "ItemSelector",
        "BatchInput",
        "Items",
    }
)
_FLOAT_MAX = sys.float_info.max


# How deep a top-level state's body sits: in the definition object, inside States.
STATE_BODY_DEPTH = 2
# The plain data a fast tree keeps nests well within what is cut off here.
assert PLAIN_MAX_DEPTH + STATE_BODY_DEPTH < MAX_DEPTH


def schema_value(root: ObjectNode) -> tuple[JsonValue, list[tuple[str | int, ...]]]:
    """The whole definition as data to validate, and the paths of subtrees dropped for nesting
    too deeply: what :func:`top_level_value` and :func:`state_body_value` make in parts (the
    linter validates the parts; tests check that the parts give the same findings)."""
    cut: list[bool] = []
    value = _object(root, 0, cut, states_map=False)
    return value, deep_paths(root) if cut else []


def definition_value(root: ObjectNode) -> tuple[JsonValue, list[tuple[str | int, ...]]]:
    """:func:`schema_value`, or, for a definition read by the JSON fast path, its data as
    ``json.loads`` read it, validated as it is (see :func:`state_body_value`), with nothing cut
    off: the conversion of the whole definition saved."""
    plain = root._plain
    if plain is not None:
        return plain, []
    return schema_value(root)


def state_body_value(body: ObjectNode) -> tuple[dict[str, JsonValue], bool]:
    """What :func:`schema_value` makes of a top-level state's body, and whether nesting was cut
    off in it (its paths come from :func:`deep_paths` over the whole definition).

    A body read by the JSON fast path comes with its data as ``json.loads`` read it
    (``ObjectNode._plain``), which is validated as it is: it holds only finite numbers and nests
    within :data:`MAX_DEPTH` (``PLAIN_MAX_DEPTH`` in ``syntax/fast_json.py``), and the payload
    fields are left whole, where the schema checks only their type. That is the body's
    conversion saved (about 16 ms of the 5,000-state benchmark's lint).
    """
    plain = body._plain
    if plain is not None:
        return plain, False
    cut: list[bool] = []
    return _object(body, STATE_BODY_DEPTH, cut, states_map=False), bool(cut)


# A top-level state: its name, its body and its position among the members of States.
StateBody = tuple[StringNode, ObjectNode, int]


class TopLevel(Frozen):
    """The definition without its state bodies, and the bodies left out. (Written out rather
    than made by ``dataclasses``: see ``asl_lsp.records``.)"""

    _fields = ("value", "too_deep", "bodies")
    __slots__ = _fields
    value: dict[str, JsonValue]
    too_deep: bool  # nesting was cut off (its paths come from deep_paths)
    # The top-level states whose body is an object, in document order.
    bodies: list[StateBody]

    def __init__(
        self, value: dict[str, JsonValue], too_deep: bool, bodies: list[StateBody]
    ) -> None:
        set_field(self, "value", value)
        set_field(self, "too_deep", too_deep)
        set_field(self, "bodies", bodies)


def top_level_value(root: ObjectNode) -> TopLevel:
    """:func:`schema_value` without the top-level state bodies, each validated on its own.

    Leaving a state out of ``States`` loses no error: the schema checks each entry of a
    States map on its own. Only the last entry of a name is left out (the one a JSON reader
    keeps); a body it hides is still converted, as :func:`schema_value` converts it too (nesting
    cut off in it is reported all the same).
    """
    cut: list[bool] = []
    bodies: list[StateBody] = []
    states = root.get("States")
    out: dict[str, JsonValue] = {}
    for member in root.members:
        if isinstance(states, ObjectNode) and member.value is states:
            out[member.key.value] = _states_without_bodies(states, cut, bodies)
        else:
            out.update(_object(_single(member), 0, cut, states_map=False))
    return TopLevel(out, bool(cut), bodies)


def _states_without_bodies(
    states: ObjectNode, cut: list[bool], bodies: list[StateBody]
) -> dict[str, JsonValue]:
    out: dict[str, JsonValue] = {}
    last = states.member
    for position, member in enumerate(states.members):
        value = member.value
        name = member.key.value
        if isinstance(value, ObjectNode) and last(name) is member:
            out.pop(name, None)
            bodies.append((member.key, value, position))
        elif isinstance(value, (ObjectNode, ArrayNode)):
            out.update(_object(_single(member), 1, cut, states_map=True))
        else:
            out[name] = _scalar(value)
    return out


def _single(member: Member) -> ObjectNode:
    return ObjectNode((member,), member.start, member.end)


def _scalar(node: Node | None) -> JsonValue:
    if isinstance(node, NumberNode):
        value = node.value
        if isinstance(value, float) and value != value:  # NaN cannot come from JSON; be safe
            return 0
        # A JSON number beyond float range parses as +/-inf, which validators cannot compare.
        if isinstance(value, float) and abs(value) == float("inf"):
            return _FLOAT_MAX if value > 0 else -_FLOAT_MAX
        return value
    if isinstance(node, (StringNode, BoolNode)):
        return node.value
    return None


def _opaque(node: Node | None) -> JsonValue:
    if isinstance(node, ObjectNode):
        return {}
    if isinstance(node, ArrayNode):
        return []
    return _scalar(node)


def _object(
    node: ObjectNode, depth: int, cut: list[bool], *, states_map: bool
) -> dict[str, JsonValue]:
    # Runs once per object of the definition (every state body): types are compared directly
    # and nested objects converted without the detour through _nested.
    out: dict[str, JsonValue] = {}
    for member in node.members:
        key = member.key.value
        value = member.value
        kind = type(value)
        if kind is StringNode or kind is BoolNode:
            out[key] = value.value  # type: ignore[union-attr]
        elif isinstance(value, ObjectNode):  # a moved state's body too (syntax/moving.py)
            if not states_map and key in OPAQUE_FIELDS:
                out[key] = {}
            elif depth >= MAX_DEPTH:
                cut.append(True)
                out[key] = {}
            else:
                out[key] = _object(value, depth + 1, cut, states_map=key == "States")
        elif kind is ArrayNode:
            if not states_map and key in OPAQUE_FIELDS:
                out[key] = []
            else:
                out[key] = _nested(value, depth, cut, False)  # type: ignore[arg-type]
        else:
            out[key] = _scalar(value)
    return out


def _nested(
    node: ObjectNode | ArrayNode, depth: int, cut: list[bool], states_map: bool
) -> JsonValue:
    if depth >= MAX_DEPTH:
        cut.append(True)
        return _opaque(node)
    if isinstance(node, ObjectNode):
        return _object(node, depth + 1, cut, states_map=states_map)
    items: list[JsonValue] = []
    for item in node.items:
        if isinstance(item, (ObjectNode, ArrayNode)):
            items.append(_nested(item, depth + 1, cut, False))
        else:
            items.append(_scalar(item))
    return items


def deep_paths(root: ObjectNode) -> list[tuple[str | int, ...]]:
    """Paths of the containers the conversion cut off (the same walk, keeping paths)."""
    found: list[tuple[str | int, ...]] = []
    stack: list[tuple[Node, int, tuple[str | int, ...], bool]] = [(root, 0, (), False)]
    while stack:
        node, depth, path, states_map = stack.pop()
        if isinstance(node, ObjectNode):
            for member in node.members:
                value = member.value
                key = member.key.value
                if not isinstance(value, (ObjectNode, ArrayNode)):
                    continue
                if not states_map and key in OPAQUE_FIELDS:
                    continue
                if depth >= MAX_DEPTH:
                    found.append((*path, key))
                else:
                    stack.append((value, depth + 1, (*path, key), key == "States"))
        elif isinstance(node, ArrayNode):
            for index, item in enumerate(node.items):
                if not isinstance(item, (ObjectNode, ArrayNode)):
                    continue
                if depth >= MAX_DEPTH:
                    found.append((*path, index))
                else:
                    stack.append((item, depth + 1, (*path, index), False))
    return found
