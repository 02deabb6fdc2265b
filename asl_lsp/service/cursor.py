"""Where the cursor is, in ASL terms: typing a key or a value, of which field, in which object.

Completion and hover need this while the text is half-typed, when the tree may be missing the very
token being typed. So the token and its role (key / value / array item) are read from the text of
the current line, and the enclosing object is found in the tolerant tree (JSON) or by indentation
(YAML, whose parser gives no tree for a line that has no colon yet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from asl_lsp.model.document import AslDocument, Definition
from asl_lsp.syntax.nodes import ArrayNode, Node, ObjectNode, Span, StringNode

Pointer = tuple[str | int, ...]

_UNTIL_DELIMITER = re.compile(r"[^\s,}\]]*")
_BARE = re.compile(r"[A-Za-z0-9_$.:\-{}%@\[\]*]*$")
_YAML_KEY_LINE = re.compile(r"^(\s*)(-\s+)?(?P<key>\"[^\"]*\"|'[^']*'|[^\s:#'\"][^:#]*?)\s*:(\s|$)")


class Role(str, Enum):
    KEY = "key"
    VALUE = "value"
    ITEM = "item"  # an element of an array value


@dataclass(frozen=True)
class Cursor:
    offset: int
    role: Role
    prefix: str  # what is typed of the current token, without its opening quote
    replace: Span  # the span a completion replaces (the whole token, quotes included)
    quoted: bool  # the token is (or starts as) a quoted string
    key: str | None  # for VALUE / ITEM: the field whose value is being typed
    container: Pointer | None  # path (inside the definition) of the object holding the key
    definition: Definition | None
    yaml: bool


def cursor_at(document: AslDocument, offset: int) -> Cursor | None:
    source = document.source
    offset = max(0, min(offset, len(source.text)))
    line0, col0 = source.lines.line_col(offset)
    line = source.lines.line_text(line0).rstrip("\r\n")
    line_start = offset - col0
    if source.format == "yaml":
        return _yaml_cursor(document, offset, line, line_start, line0)
    return _json_cursor(document, offset, line, line_start)


# -- JSON ----------------------------------------------------------------------------------------


def _string_start(prefix: str) -> int | None:
    """Index of the opening quote when the cursor is inside a string on this line."""
    inside: int | None = None
    escaped = False
    for index, char in enumerate(prefix):
        if escaped:
            escaped = False
        elif char == "\\" and inside is not None:
            escaped = True
        elif char == '"':
            inside = index if inside is None else None
    return inside


def _json_cursor(document: AslDocument, offset: int, line: str, line_start: int) -> Cursor:
    col = offset - line_start
    prefix_text = line[:col]
    quote = _string_start(prefix_text)
    if quote is not None:
        token_start = line_start + quote
        typed = prefix_text[quote + 1 :]
        rest = line[col:]
        close = _closing_quote(rest)
        if close is not None:
            token_end = offset + close + 1
        else:
            token_end = offset + len(_UNTIL_DELIMITER.match(rest).group(0))  # type: ignore[union-attr]
        quoted = True
    else:
        match = _BARE.search(prefix_text)
        typed = match.group(0) if match else ""
        token_start = offset - len(typed)
        token_end = offset + len(re.match(r"[A-Za-z0-9_$.\-]*", line[col:]).group(0))  # type: ignore[union-attr]
        quoted = False
    before = document.text[:token_start].rstrip()
    last = before[-1:] if before else ""
    definition = document.definition_at(offset)
    if last == ":":
        key = _key_before_colon(before)
        container = _container_path(document, definition, token_start)
        role = Role.VALUE
    elif last in ("[",) or (last == "," and _inside_array(document, token_start)):
        role = Role.ITEM
        key, container = _array_owner(document, definition, token_start)
    else:
        role = Role.KEY
        key = None
        container = _container_path(document, definition, token_start)
    return Cursor(
        offset,
        role,
        typed,
        Span(token_start, max(token_end, offset)),
        quoted,
        key,
        container,
        definition,
        False,
    )


def _closing_quote(rest: str) -> int | None:
    escaped = False
    for index, char in enumerate(rest):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            return index
    return None


def _key_before_colon(before: str) -> str | None:
    match = re.search(r'"((?:[^"\\]|\\.)*)"\s*:$', before)
    if match:
        return match.group(1)
    match = re.search(r"([A-Za-z0-9_.$\-]+)\s*:$", before)
    return match.group(1) if match else None


def _path_to(root: Node, offset: int) -> tuple[Pointer, list[Node]]:
    """Descend from ``root`` through the nodes whose span contains ``offset``."""
    path: list[str | int] = []
    nodes: list[Node] = [root]
    node: Node | None = root
    while node is not None:
        child: Node | None = None
        if isinstance(node, ObjectNode):
            for member in node.members:
                value = member.value
                if (
                    isinstance(value, (ObjectNode, ArrayNode))
                    and value.span.start < offset < value.span.end
                ):
                    path.append(member.key.value)
                    child = value
                    break
        elif isinstance(node, ArrayNode):
            for index, item in enumerate(node.items):
                if isinstance(item, (ObjectNode, ArrayNode)) and item.span.start < offset < item.span.end:
                    path.append(index)
                    child = item
                    break
        if child is None:
            break
        node = child
        nodes.append(child)
    return tuple(path), nodes


def _container_path(
    document: AslDocument, definition: Definition | None, offset: int
) -> Pointer | None:
    if definition is None:
        return None
    path, nodes = _path_to(definition.source.root, offset)
    # The innermost object: drop trailing array steps.
    while nodes and not isinstance(nodes[-1], ObjectNode):
        nodes.pop()
        path = path[:-1]
    return path


def _inside_array(document: AslDocument, offset: int) -> bool:
    definition = document.definition_at(offset)
    if definition is None:
        return False
    _, nodes = _path_to(definition.source.root, offset)
    return isinstance(nodes[-1], ArrayNode)


def _array_owner(
    document: AslDocument, definition: Definition | None, offset: int
) -> tuple[str | None, Pointer | None]:
    if definition is None:
        return None, None
    path, nodes = _path_to(definition.source.root, offset)
    if isinstance(nodes[-1], ArrayNode) and path and isinstance(path[-1], str):
        return path[-1], path[:-1]
    return None, path


# -- YAML ----------------------------------------------------------------------------------------


def _yaml_cursor(
    document: AslDocument, offset: int, line: str, line_start: int, line0: int
) -> Cursor:
    col = offset - line_start
    prefix_text = line[:col]
    definition = document.definition_at(offset) or (
        document.definitions[0] if document.definitions else None
    )
    key_match = _YAML_KEY_LINE.match(line)
    indent = len(line) - len(line.lstrip(" "))
    list_item = line.lstrip(" ").startswith("- ")
    if key_match and col >= key_match.end(0) - (1 if key_match.group(0).endswith((" ", "\t")) else 0):
        key = key_match.group("key").strip("\"'")
        value_start = key_match.end(0)
        typed = prefix_text[value_start:].lstrip()
        token_start = offset - len(typed)
        quoted = typed[:1] in ("'", '"')
        if quoted:
            typed = typed[1:]
        rest = line[col:]
        token_end = offset + len(rest.rstrip()) if rest.strip() else offset
        if typed.startswith("[") or "[" in prefix_text[value_start:]:
            inner = prefix_text.rfind("[")
            after = prefix_text[inner + 1 :].split(",")[-1].lstrip()
            token_start = offset - len(after)
            return Cursor(
                offset, Role.ITEM, after.strip("\"'"), Span(token_start, offset), after[:1] in "\"'",
                key, _yaml_container(document, definition, line0, indent, False), definition, True,
            )
        container = _yaml_container(document, definition, line0, indent + (2 if list_item else 0), True)
        return Cursor(
            offset, Role.VALUE, typed, Span(token_start, token_end), quoted, key, container,
            definition, True,
        )
    stripped = prefix_text.lstrip(" ")
    if list_item and not key_match and stripped.startswith("- "):
        typed = stripped[2:]
        parent_key, container = _yaml_parent_key(document, definition, line0, indent)
        # "- Retr" under a list of rules/retriers is a key of a new mapping item, but
        # under ErrorEquals it is a scalar item.
        if parent_key in ("ErrorEquals",):
            return Cursor(
                offset, Role.ITEM, typed.strip("\"'"), Span(offset - len(typed), offset),
                typed[:1] in "\"'", parent_key, container, definition, True,
            )
        item_path = (*container, parent_key) if container is not None and parent_key else None
        return Cursor(
            offset, Role.KEY, typed, Span(offset - len(typed), offset), False, None,
            (*item_path, _next_index(document, definition, item_path)) if item_path else None,
            definition, True,
        )
    typed = stripped
    container = _yaml_container(document, definition, line0, indent, True)
    return Cursor(
        offset, Role.KEY, typed, Span(offset - len(typed), offset + len(line[col:].rstrip())),
        False, None, container, definition, True,
    )


def _yaml_parent_key(
    document: AslDocument, definition: Definition | None, line0: int, indent: int
) -> tuple[str | None, Pointer | None]:
    lines = document.source.lines
    for previous in range(line0 - 1, -1, -1):
        text = lines.line_text(previous).rstrip("\r\n")
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        prev_indent = len(text) - len(text.lstrip(" "))
        if prev_indent < indent or (prev_indent == indent and not text.lstrip().startswith("- ")):
            match = _YAML_KEY_LINE.match(text)
            if match:
                key = match.group("key").strip("\"'")
                container = _yaml_container(
                    document, definition, previous, prev_indent + (2 if text.lstrip().startswith("- ") else 0), True
                )
                return key, container
            return None, None
    return None, None


def _next_index(document: AslDocument, definition: Definition | None, path: Pointer) -> int:
    if definition is None:
        return 0
    node: Node | None = definition.source.root
    for step in path:
        if isinstance(node, ObjectNode) and isinstance(step, str):
            node = node.get(step)
        elif isinstance(node, ArrayNode) and isinstance(step, int) and step < len(node.items):
            node = node.items[step]
        else:
            return 0
    return len(node.items) if isinstance(node, ArrayNode) else 0


def _yaml_container(
    document: AslDocument,
    definition: Definition | None,
    line0: int,
    indent: int,
    _unused: bool,
) -> Pointer | None:
    """The path of the mapping a key at ``indent`` on ``line0`` belongs to, from the lines above."""
    chain: list[tuple[int, str, bool]] = []  # (indent, key, is list item)
    lines = document.source.lines
    current = indent
    for previous in range(line0 - 1, -1, -1):
        text = lines.line_text(previous).rstrip("\r\n")
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        prev_indent = len(text) - len(text.lstrip(" "))
        is_item = text.lstrip().startswith("- ")
        key_indent = prev_indent + (2 if is_item else 0)
        if key_indent < current:
            match = _YAML_KEY_LINE.match(text)
            if match and key_indent < current and text.rstrip().endswith(":") or (
                match and key_indent < current
            ):
                if match is not None:
                    chain.append((key_indent, match.group("key").strip("\"'"), is_item))
            current = prev_indent if not is_item else prev_indent
            if prev_indent == 0 and not is_item:
                break
        elif is_item and key_indent == current:
            # A sibling key in the same list item mapping: the item marker is on this line.
            chain.append((key_indent, "", True))
            current = prev_indent
    return _resolve_yaml_chain(document, definition, list(reversed(chain)))


def _resolve_yaml_chain(
    document: AslDocument, definition: Definition | None, chain: list[tuple[int, str, bool]]
) -> Pointer | None:
    if definition is None:
        return None
    root = definition.source.root
    base_depth = len(definition.source.pointer)
    path: list[str | int] = []
    node: Node | None = document.source.root if base_depth else root
    steps: list[str | int] = []
    for _indent, key, is_item in chain:
        if key:
            steps.append(key)
        if is_item:
            steps.append(-1)
    # Walk the steps through the tree, resolving list items to the last item (the one being typed).
    node = document.source.root
    for step in steps:
        if step == -1:
            if isinstance(node, ArrayNode) and node.items:
                index = len(node.items) - 1
                path.append(index)
                node = node.items[index]
            else:
                path.append(0)
                node = None
        else:
            path.append(step)
            node = node.get(step) if isinstance(node, ObjectNode) else None
    pointer = tuple(path)
    base = definition.source.pointer
    if pointer[: len(base)] == base:
        return pointer[len(base) :]
    return pointer


def node_at_path(definition: Definition, path: Pointer) -> Node | None:
    node: Node | None = definition.source.root
    for step in path:
        if isinstance(node, ObjectNode) and isinstance(step, str):
            node = node.get(step)
        elif isinstance(node, ArrayNode) and isinstance(step, int) and 0 <= step < len(node.items):
            node = node.items[step]
        else:
            return None
    return node


def string_node_at(document: AslDocument, offset: int) -> StringNode | None:
    """The string value or key whose span contains ``offset`` (for hover)."""
    root = document.source.root
    stack: list[Node | None] = [root]
    while stack:
        node = stack.pop()
        if node is None or not node.span.contains(offset):
            continue
        if isinstance(node, StringNode):
            return node
        if isinstance(node, ObjectNode):
            for member in node.members:
                if member.key.span.contains(offset):
                    return member.key
                stack.append(member.value)
        elif isinstance(node, ArrayNode):
            stack.extend(node.items)
    return None
