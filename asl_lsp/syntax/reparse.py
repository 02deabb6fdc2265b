"""The next version of a definition from the previous one, re-reading only the edited state.

While a definition is typed, nearly every edit falls inside the body of one state. When the text
before and after that state is unchanged, and the state's new text is on its own one complete,
clean object, the rest of the document parses exactly as before: a JSON value's extent never
depends on what surrounds it, and neither does a YAML block mapping's once its lines are read with
their indentation (anchors excepted, so a body with an ``&`` is not re-read alone). So the edited
state is parsed alone, the states before it are kept as they are, and those after it are moved by
the length of the edit: on a 5,000-state definition that is a fraction of a full parse. A moved
body's members are moved only when something first reads them (``syntax/moving.py``): until
the next edit replaces the version, most bodies are only looked up by their text and span. Anything
else (a template, a previous version with syntax errors, an edit that reaches outside one state's
body, a body that no longer parses cleanly on its own) is left to the full parse, so the result is
always the tree a full parse would build; ``tests/syntax/test_syntax_reparse.py`` checks that on
fuzzed edit sequences.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from asl_lsp.syntax.fast_json import read_json
from asl_lsp.syntax.json_depth import MAX_DEPTH
from asl_lsp.syntax.moving import moved, moved_member_lazily
from asl_lsp.syntax.nodes import ArrayNode, Member, Node, ObjectNode, entries_around
from asl_lsp.syntax.result import StateEdit
from asl_lsp.syntax.yaml_events import MAX_DEPTH as YAML_MAX_DEPTH
from asl_lsp.syntax.yaml_loader import parse_yaml

Syntax = Literal["json", "yaml"]

# Containers around a top-level state's body: the definition object, States and the body itself.
_STATE_DEPTH = 3
# How deep the text around a state may let it go: the JSON parser's exact limit, and the YAML
# loader's with a level to spare (a body that deep is parsed in full either way).
_DEPTH_LIMITS = {"json": MAX_DEPTH - _STATE_DEPTH, "yaml": YAML_MAX_DEPTH - _STATE_DEPTH - 1}
# Texts are compared in blocks of this many characters before the differing block is searched.
_BLOCK = 1 << 16


class Reparsed(NamedTuple):
    """The tree of the edited text (which parses cleanly) and how it differs from the
    previous one."""

    root: ObjectNode
    edit: StateEdit


def reparse_state(
    previous_root: ObjectNode,
    previous_text: str,
    text: str,
    syntax: Syntax = "json",
    region: tuple[int, int, int] | None = None,
) -> Reparsed | None:
    """The parse of ``text``, an edit of ``previous_text`` whose clean parse is
    ``previous_root``, built by re-reading only the edited top-level state; None when that is not
    possible and the whole text must be parsed. ``region`` is their
    :func:`changed_region`, when the caller has it."""
    start, old_end, new_end = region or changed_region(previous_text, text)
    states_member = previous_root.member("States")
    if states_member is None or not isinstance(states_member.value, ObjectNode):
        return None
    states = states_member.value
    index, member = _member_around(states, start, old_end)
    if member is None:
        return None
    body = member.value
    assert isinstance(body, ObjectNode)
    # A YAML block mapping ends where a line less indented begins: its last line break must stay.
    block = syntax == "yaml" and previous_text[body.start : body.start + 1] != "{"
    if block and old_end > previous_text.rfind("\n", body.start, body.end):
        return None
    delta = new_end - old_end
    new_body = _parse_body(text, body, body.end + delta, syntax)
    if new_body is None:
        return None
    members = states.members
    moved_states = ObjectNode(
        (
            *members[:index],
            Member(member.key, new_body, member.start, new_body.end),
            *(moved_member_lazily(m, delta) for m in members[index + 1 :]),
        ),
        states.start,
        states.end + delta,
        states.tag,
    )
    root_members = previous_root.members
    position = next(i for i, m in enumerate(root_members) if m is states_member)
    root = ObjectNode(
        (
            *root_members[:position],
            Member(states_member.key, moved_states, states_member.start, moved_states.end),
            *(moved_member_lazily(m, delta) for m in root_members[position + 1 :]),
        ),
        previous_root.start,
        previous_root.end + delta,
        previous_root.tag,
    )
    return Reparsed(root, StateEdit(index, delta))


def changed_region(previous: str, text: str) -> tuple[int, int, int]:
    """``(start, old_end, new_end)``: ``previous[start:old_end]`` became ``text[start:new_end]``
    and everything around it is the same."""
    limit = min(len(previous), len(text))
    start = _common_prefix(previous, text, limit)
    suffix = _common_suffix(previous, text, limit - start)
    return start, len(previous) - suffix, len(text) - suffix


def _common_prefix(a: str, b: str, limit: int) -> int:
    low = 0
    while low + _BLOCK <= limit and a[low : low + _BLOCK] == b[low : low + _BLOCK]:
        low += _BLOCK
    high = min(low + _BLOCK, limit)
    while low < high:  # the first difference is in [low, high]
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    """The length of the longest common suffix of ``a`` and ``b``, at most ``limit``."""
    length_a, length_b = len(a), len(b)
    low = 0
    while (
        low + _BLOCK <= limit
        and a[length_a - low - _BLOCK : length_a - low]
        == b[length_b - low - _BLOCK : length_b - low]
    ):
        low += _BLOCK
    high = min(low + _BLOCK, limit)
    while low < high:
        middle = (low + high + 1) // 2
        if a[length_a - middle : length_a - low] == b[length_b - middle : length_b - low]:
            low = middle
        else:
            high = middle - 1
    return low


def _member_around(states: ObjectNode, start: int, end: int) -> tuple[int, Member | None]:
    """The state whose body holds ``[start, end)`` strictly inside its braces."""
    for index in entries_around(states, start):
        member = states.members[index]
        body = member.value
        if isinstance(body, ObjectNode) and body.start < start and end < body.end:
            return index, member
    return -1, None


def _parse_body(text: str, body: ObjectNode, end: int, syntax: Syntax) -> ObjectNode | None:
    """The edited state body (``body`` in the previous version, ending at ``end`` in ``text``)
    parsed alone, when it is one clean object that a full parse would also read whole."""
    start = body.start
    if syntax == "yaml":
        if "&" in text[start:end]:
            return None  # an anchor may be named elsewhere in the document
        if text[start : start + 1] != "{":
            # A block mapping: its first line is read with its indentation, like the others.
            start = text.rfind("\n", 0, start) + 1
            if text[start : body.start].strip(" "):
                return None
    result = (read_json if syntax == "json" else parse_yaml)(text[start:end])
    parsed = result.root
    if (
        result.diagnostics
        or not isinstance(parsed, ObjectNode)
        or parsed.start != body.start - start
        or parsed.end != end - start
        or _depth(parsed) > _DEPTH_LIMITS[syntax]
    ):
        return None
    new_body = moved(parsed, start)
    assert isinstance(new_body, ObjectNode)
    return new_body


def _depth(node: Node) -> int:
    """How many containers deep ``node`` goes below itself."""
    deepest = 0
    stack: list[tuple[Node, int]] = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(current, ObjectNode):
            stack.extend(
                (m.value, depth + 1)
                for m in current.members
                if isinstance(m.value, (ObjectNode, ArrayNode))
            )
        elif isinstance(current, ArrayNode):
            stack.extend(
                (item, depth + 1)
                for item in current.items
                if isinstance(item, (ObjectNode, ArrayNode))
            )
    return deepest
