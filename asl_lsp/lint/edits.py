"""Text edits for quick fixes that keep the user's formatting, in JSON and in YAML alike.

A fix must touch only the text it changes: key order, indentation, quoting and comments elsewhere
stay as they were, and the result must still parse. The helpers read the layout from the text
itself (a ``{`` opens a JSON object or a YAML flow mapping, anything else is a YAML block
mapping), so they work the same in ``.asl.json``, ``.asl.yaml`` and definitions inside templates.
Each returns None when the text around a node is not what it expects (for example a definition
embedded in a template string, whose nodes do not map one-to-one onto the text): no fix is better
than a wrong one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable

from asl_lsp.diagnostic import TextEdit
from asl_lsp.lint.context import LintContext
from asl_lsp.syntax.nodes import (
    ArrayNode,
    BoolNode,
    JsonValue,
    Member,
    Node,
    NullNode,
    ObjectNode,
    Span,
    StringNode,
)

_PLAIN_SAFE = re.compile(r"[A-Za-z_][A-Za-z0-9_\-.]*\Z")
# YAML 1.1 words a plain scalar would turn into booleans or null.
_YAML_RESERVED = frozenset(
    w
    for word in ("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~")
    for w in (word, word.capitalize(), word.upper())
)


def apply_edits(text: str, edits: Iterable[TextEdit]) -> str:
    """Apply non-overlapping edits (tests and callers that preview a fix)."""
    result = text
    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end), reverse=True):
        result = result[: edit.span.start] + edit.new_text + result[edit.span.end :]
    return result


def _newline(text: str, near: int) -> str:
    """The line break used at ``near`` (looking at one line only: callers run per finding)."""
    found = text.find("\n", near)
    if found < 0:
        found = text.rfind("\n", 0, near)
    return "\r\n" if found > 0 and text[found - 1] == "\r" else "\n"


def _is_flow(text: str, node: Node) -> bool:
    """JSON objects/arrays and YAML flow collections start with their bracket."""
    return text[node.span.start : node.span.start + 1] in ("{", "[")


def _line_start(text: str, offset: int) -> int:
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def _trimmed_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over trailing whitespace (YAML block nodes end where the next token
    starts)."""
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _node_end(text: str, node: Node) -> int:
    return _trimmed_end(text, node.span.start, node.span.end)


def _member_end(text: str, member: Member) -> int:
    if member.value is not None:
        return _node_end(text, member.value)
    return member.key.end


def _quote_style(text: str, node: StringNode) -> str:
    first = text[node.span.start : node.span.start + 1]
    return first if first in ('"', "'") else ""


def _plain_ok(value: str) -> bool:
    return _PLAIN_SAFE.match(value) is not None and value not in _YAML_RESERVED


def render_string(value: str, style: str, yaml: bool) -> str:
    """``value`` spelled as a scalar: ``style`` is the original quote (``"``, ``'`` or plain)."""
    if not yaml or style == '"':
        return json.dumps(value, ensure_ascii=False)
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    return value if _plain_ok(value) else json.dumps(value, ensure_ascii=False)


def _spelled_as(text: str, node: StringNode) -> bool:
    """The node's span holds its own spelling (false inside strings embedded in other strings)."""
    raw = text[node.span.start : node.span.end]
    if not raw:
        return False
    style = _quote_style(text, node)
    if style == '"':
        try:
            return bool(json.loads(raw) == node.value)
        except ValueError:
            return raw.endswith('"')
    if style == "'":
        return raw.endswith("'") and raw[1:-1].replace("''", "'") == node.value
    return raw == node.value


def consistent(text: str, node: Node) -> bool:
    """The node's span holds its own text (a quick sanity check before editing around it)."""
    if isinstance(node, StringNode):
        return _spelled_as(text, node)
    if isinstance(node, ObjectNode):
        opener = text[node.span.start : node.span.start + 1]
        if not node.members:
            return opener == "{"
        return _spelled_as(text, node.members[0].key)
    if isinstance(node, ArrayNode):
        if not node.items:
            return text[node.span.start : node.span.start + 1] == "["
        return consistent(text, node.items[0])
    raw = text[node.span.start : node.span.end].strip()
    if isinstance(node, BoolNode):
        return raw.lower() in ("true", "false", "yes", "no", "on", "off", "y", "n")
    if isinstance(node, NullNode):
        return raw in ("null", "Null", "NULL", "~", "")
    return bool(raw) and raw[0] not in "\"'{[" and raw[-1] not in "\"'"


def replace_string(text: str, node: StringNode, new_value: str) -> TextEdit | None:
    """Replace a string value (or key) keeping its quoting style."""
    if not _spelled_as(text, node):
        return None
    # JSON only has double-quoted strings, which render the same in YAML.
    return TextEdit(node.span, render_string(new_value, _quote_style(text, node), True))


def rename_key(text: str, member: Member, new_key: str) -> TextEdit | None:
    """Rename the key of ``member``."""
    return replace_string(text, member.key, new_key)


def replace_value(text: str, node: Node, new_text: str) -> TextEdit | None:
    """Replace a scalar value with literal text valid in both syntaxes (``true``, ``5``)."""
    if isinstance(node, (ObjectNode, ArrayNode)) or not consistent(text, node):
        return None
    return TextEdit(node.span, new_text)


def _render_key(key: str, yaml_block: bool) -> str:
    if yaml_block and _plain_ok(key):
        return key
    return json.dumps(key, ensure_ascii=False)


def _render_value(value: JsonValue, yaml_block: bool) -> str:
    if yaml_block and isinstance(value, str) and _plain_ok(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _simple_block_keys(text: str, obj: ObjectNode) -> bool:
    """Every key of a YAML block mapping starts its line (after indentation or a "- " item dash).

    Explicit keys (``? key``) and keys after other content lay out differently; the helpers do
    not edit around them.
    """
    for member in obj.members:
        before = text[_line_start(text, member.key.start) : member.key.start].strip()
        if before not in ("", "-"):
            return False
    return True


def insert_member(text: str, obj: ObjectNode, key: str, value: JsonValue) -> TextEdit | None:
    """Add ``key: value`` as the last member of ``obj``, laid out like its other members."""
    if not consistent(text, obj):
        return None
    if _is_flow(text, obj):
        return _insert_flow_member(text, obj, key, value)
    if not obj.members or not _simple_block_keys(text, obj):
        return None
    first = obj.members[0].key
    indent_start = _line_start(text, first.span.start)
    indent = text[indent_start : first.span.start]
    if indent.strip():
        # The mapping starts on a sequence item line ("- Key: v"): indent past the dash.
        indent = " " * len(indent)
    end = _member_end(text, obj.members[-1])
    line = f"{_render_key(key, True)}: {_render_value(value, True)}"
    return TextEdit(Span(end, end), _newline(text, end) + indent + line)


def _insert_flow_member(text: str, obj: ObjectNode, key: str, value: JsonValue) -> TextEdit | None:
    line = f"{_render_key(key, False)}: {_render_value(value, False)}"
    if not obj.members:
        close = text.rfind("}", obj.span.start, obj.span.end)
        if close < 0:
            return None
        return TextEdit(Span(obj.span.start + 1, close), line)
    last = obj.members[-1]
    end = _member_end(text, last)
    last_line = _line_start(text, last.key.start)
    if last_line > obj.span.start:
        indent = text[last_line : last.key.start]
        if indent.strip():
            indent = " " * len(indent)
        separator = "," + _newline(text, end) + indent
    else:
        separator = ", "
    return TextEdit(Span(end, end), separator + line)


def remove_member(
    text: str, obj: ObjectNode, member: Member, index: int | None = None
) -> TextEdit | None:
    """Delete ``member`` from ``obj`` with its comma (JSON, flow) or its lines (YAML block).
    ``index`` is the member's position when the caller knows it (saves a scan per removal)."""
    remover = member_remover(text, obj)
    return remover(member, index) if remover is not None else None


MemberRemover = Callable[[Member, int | None], TextEdit | None]


def member_remover(text: str, obj: ObjectNode) -> MemberRemover | None:
    """A function that deletes one member of ``obj`` as :func:`remove_member` does; None when
    ``obj`` is laid out in a way the helpers do not edit.

    The checks on ``obj`` itself (its spelling, flow or block layout, every key starting its line)
    run once here, so removing each of n members costs O(1) instead of O(n).
    """
    if not consistent(text, obj):
        return None
    members = obj.members
    flow = _is_flow(text, obj)
    if not flow and not _simple_block_keys(text, obj):
        return None

    def remove(member: Member, index: int | None = None) -> TextEdit | None:
        if index is None:
            index = next((i for i, m in enumerate(members) if m is member), -1)
        if not 0 <= index < len(members) or members[index] is not member:
            return None
        if flow:
            if index + 1 < len(members):
                return TextEdit(Span(member.key.start, members[index + 1].key.start), "")
            if index > 0:
                start = _member_end(text, members[index - 1])
                return TextEdit(Span(start, _member_end(text, member)), "")
            return TextEdit(Span(member.key.start, _member_end(text, member)), "")
        if len(members) == 1:
            return TextEdit(Span(member.key.start, _member_end(text, member)), "{}")
        start = _line_start(text, member.key.start)
        if text[start : member.key.start].strip():
            # "- Key: value" opens a sequence item: keep the dash, pull the next key up.
            if index + 1 < len(members):
                return TextEdit(Span(member.key.start, members[index + 1].key.start), "")
            return None
        end = _member_end(text, member)
        newline = text.find("\n", end)
        stop = len(text) if newline < 0 else newline + 1
        if text[end:stop].strip() and not text[end:stop].strip().startswith("#"):
            return None  # something else shares the line: leave it alone
        return TextEdit(Span(start, stop), "")

    return remove


def move_item_last(text: str, array: ArrayNode, index: int) -> TextEdit | None:
    """Move ``array.items[index]`` to the end, keeping every separator where it was."""
    items = array.items
    if not 0 <= index < len(items) - 1 or not all(consistent(text, item) for item in items):
        return None
    starts = [item.span.start for item in items]
    ends = [_node_end(text, item) for item in items]
    pieces = [text[s:e] for s, e in zip(starts, ends, strict=True)]
    separators = [text[ends[k] : starts[k + 1]] for k in range(len(items) - 1)]
    order = [*range(index + 1, len(items)), index]
    out = [pieces[order[0]]]
    for position, item_index in enumerate(order[1:]):
        out.append(separators[index + position])
        out.append(pieces[item_index])
    return TextEdit(Span(starts[index], ends[-1]), "".join(out))


def structural_fixes_allowed(ctx: LintContext) -> bool:
    """Fixes that add, remove or move members need a document without syntax errors: in broken
    text the nodes' extents are guesses, and an edit there can make the parse worse. Replacing
    one complete string by another is always safe."""
    cached = ctx.cache.get("structural-fixes")
    if isinstance(cached, bool):
        return cached
    allowed = not any(d.code == "ASL001" for d in ctx.document.source.diagnostics)
    ctx.cache["structural-fixes"] = allowed
    return allowed
