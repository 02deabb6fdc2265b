"""Where the cursor is, in ASL terms: typing a key, a value or an array item, of which field, in
which object of which definition.

Completion needs this while the text is half-typed, when the tree may lack the very token being
typed or (YAML) be missing altogether. So the token and its role are read from the text of the
current line, and the enclosing object is found in a tree: the document's own when it parsed
cleanly, else the tree of a copy whose current token is cut out (see :mod:`.patching`), which
parses whenever the token being typed was the only problem. Offsets before the token are the same
in both texts, so every lookup below works on either.

In JSON the enclosing object is the innermost one whose span holds the token. In YAML spans do not
say which block a new line belongs to (a blank line at the end of a state lies inside every block
that ends there), so the line's indentation decides, walking down from the definition's root.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import Enum

from asl_lsp.model.document import AslDocument, Definition
from asl_lsp.service.patching import structure_document
from asl_lsp.syntax.nodes import (
    ArrayNode,
    Member,
    Node,
    ObjectNode,
    Span,
    StringNode,
    entries_around,
)

Pointer = tuple[str | int, ...]

# Keys whose arrays hold scalars: a "- x" line under them is an item, not a key of a new mapping.
SCALAR_LIST_KEYS = frozenset({"ErrorEquals"})

_JSON_BARE = re.compile(r"[A-Za-z0-9_$.\-+]*$")
_JSON_BARE_AFTER = re.compile(r"[A-Za-z0-9_$.\-+]*")
_YAML_KEY = re.compile(
    r"(?P<indent>[ \t]*)(?P<dash>(?:-[ \t]+)?)"
    r"(?P<key>\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^\s\"'#\-\[\]{},][^:#]*?|-[^\s:#][^:#]*?)"
    r"[ \t]*:(?:[ \t]+|$)"
)
_YAML_LINE_START = re.compile(r"(?P<indent>[ \t]*)(?P<dash>(?:-[ \t]+)?)")


class Role(str, Enum):
    KEY = "key"
    VALUE = "value"
    ITEM = "item"  # an element of an array value (ErrorEquals)


@dataclass(frozen=True)
class Cursor:
    offset: int
    role: Role
    prefix: str  # what is typed of the token before the cursor, without its opening quote
    replace: Span  # the span a completion replaces: the whole token, quotes included
    quote: str  # the token's opening quote ('"', "'") or ""
    key: str | None  # VALUE / ITEM: the field whose value is being typed
    container: Pointer | None  # path (inside the definition) of the object holding the key
    definition: Definition | None
    document: AslDocument  # the tree the structure was read from (maybe a patched copy)
    yaml: bool
    line_indent: str  # leading whitespace of the current line
    key_column: int  # column where the key of this line starts (after any "- ")
    has_colon: bool  # KEY: a ':' already follows the token, so only the name is inserted

    @property
    def token_text(self) -> str:
        return self.document.text[self.replace.start : self.offset]


@dataclass(frozen=True)
class _Token:
    role: Role | None  # None: decide from the tree (JSON ',' and YAML "- x" lines)
    start: int  # line-relative
    end: int
    prefix: str
    quote: str
    key: str | None
    has_colon: bool
    key_column: int
    dash_column: int | None


def cursor_at(document: AslDocument, offset: int) -> Cursor | None:
    """The cursor at code-point ``offset`` of ``document``; None outside any state machine."""
    source = document.source
    offset = max(0, min(offset, len(source.text)))
    line_start, line = source.lines.line_around(offset)
    col = offset - line_start
    yaml = source.format == "yaml"
    token = _yaml_token(line, col) if yaml else _json_token(document.text, line, col, line_start)
    replace = Span(line_start + token.start, line_start + token.end)
    structure = structure_document(document, replace, token.role is Role.KEY)
    definition = _definition_near(structure, line_start + token.start)
    if definition is None:
        return None
    role, key, container = (
        _yaml_structure(structure, definition, token, line_start)
        if yaml
        else _json_structure(structure, definition, token, line_start)
    )
    if container is None:
        return None
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    return Cursor(
        offset=offset,
        role=role,
        prefix=token.prefix,
        replace=replace,
        quote=token.quote,
        key=key,
        container=container,
        definition=definition,
        document=structure,
        yaml=yaml,
        line_indent=indent,
        key_column=token.key_column,
        has_colon=token.has_colon,
    )


def _definition_near(document: AslDocument, offset: int) -> Definition | None:
    found = document.definition_at(offset)
    if found is not None or not document.definitions:
        return found
    # A line typed just below a YAML definition lies after its last node: take the one above.
    before = [d for d in document.definitions if d.source.root.span.start <= offset]
    return before[-1] if before else None


# -- tokens --------------------------------------------------------------------------------------


def _open_quote(prefix: str, quotes: str) -> int | None:
    """Index of the opening quote when ``prefix`` ends inside a string on this line."""
    inside: int | None = None
    quote = ""
    index = 0
    while index < len(prefix):
        char = prefix[index]
        if inside is not None:
            if quote == '"' and char == "\\":
                index += 1
            elif char == quote:
                if quote == "'" and prefix[index + 1 : index + 2] == "'":
                    index += 1  # YAML's '' escape
                else:
                    inside = None
        elif char in quotes:
            inside, quote = index, char
        index += 1
    return inside


def _closing_quote(rest: str, quote: str) -> int | None:
    index = 0
    while index < len(rest):
        char = rest[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and rest[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None


def _json_token(text: str, line: str, col: int, line_start: int) -> _Token:
    prefix_text = line[:col]
    opening = _open_quote(prefix_text, '"')
    if opening is not None:
        start = opening
        typed = prefix_text[opening + 1 :]
        close = _closing_quote(line[col:], '"')
        end = col + close + 1 if close is not None else col + _bare_after(line[col:])
        quote = '"'
    else:
        match = _JSON_BARE.search(prefix_text)
        typed = match.group(0) if match else ""
        start = col - len(typed)
        end = col + _bare_after(line[col:])
        quote = ""
    rest = line[end:].lstrip()
    before = _last_significant(text, line_start + start)
    key_column = start
    if before == ":":
        key = _key_before_colon(text, line_start + start)
        return _Token(Role.VALUE, start, end, typed, quote, key, False, key_column, None)
    if before == "[":
        return _Token(Role.ITEM, start, end, typed, quote, None, False, key_column, None)
    role = Role.KEY if before in ("{", "") else None
    return _Token(role, start, end, typed, quote, None, rest.startswith(":"), key_column, None)


def _bare_after(rest: str) -> int:
    match = _JSON_BARE_AFTER.match(rest)
    return len(match.group(0)) if match else 0


def _last_significant(text: str, index: int) -> str:
    """The last non-whitespace character before ``index`` ("" at the start of the text)."""
    index -= 1
    while index >= 0 and text[index] in " \t\r\n":
        index -= 1
    return text[index] if index >= 0 else ""


def _key_before_colon(text: str, index: int) -> str | None:
    window = text[max(0, index - 400) : index].rstrip()
    match = re.search(r'"((?:[^"\\]|\\.)*)"\s*:$', window)
    if match is None:
        return None
    try:
        value = json.loads(f'"{match.group(1)}"')
    except ValueError:
        return match.group(1)
    return value if isinstance(value, str) else None


def _yaml_token(line: str, col: int) -> _Token:
    prefix_text = line[:col]
    key_match = _YAML_KEY.match(line)
    if key_match is not None and key_match.end() <= col:
        # Typing the value of "key: ..." on this line.
        key = _unquote_yaml(key_match.group("key"))
        value_start = key_match.end()
        key_column = key_match.start("key")
        dash_column = key_match.start("dash") if key_match.group("dash") else None
        value_typed = prefix_text[value_start:]
        if value_typed.lstrip().startswith("["):
            bracket = prefix_text.rfind("[")
            comma = prefix_text.rfind(",")
            start = max(bracket, comma) + 1
            while start < col and line[start] in " \t":
                start += 1
            return _item_token(line, col, start, key, key_column, dash_column, "],")
        start = value_start
        while start < col and line[start] in " \t":
            start += 1
        return _scalar_token(line, col, start, Role.VALUE, key, key_column, dash_column)
    head = _YAML_LINE_START.match(line)
    assert head is not None
    dash_column = head.start("dash") if head.group("dash") else None
    start = head.end()
    if start > col:  # cursor inside the indentation: a key typed at the cursor column
        return _Token(Role.KEY, col, col, "", "", None, False, col, None)
    rest_line = line[start:]
    colon = re.search(r":(?:\s|$)", rest_line)
    token = _scalar_token(
        line, col, start, None if dash_column is not None else Role.KEY, None, start, dash_column
    )
    if colon is not None and start + colon.start() >= col:
        # Editing a key that already has its colon: replace only the key.
        end = start + colon.start()
        return _Token(
            token.role, token.start, end, token.prefix, token.quote, None, True, start, dash_column
        )
    return token


def _scalar_token(
    line: str,
    col: int,
    start: int,
    role: Role | None,
    key: str | None,
    key_column: int,
    dash_column: int | None,
) -> _Token:
    quote = line[start] if start < len(line) and line[start] in "\"'" else ""
    if quote:
        close = _closing_quote(line[start + 1 :], quote)
        end = start + 1 + close + 1 if close is not None and start + 1 + close >= col else len(line)
        if close is None:
            end = len(line.rstrip())
        typed = line[start + 1 : col]
    else:
        comment = line.find(" #", start)
        end = len(line[: comment if comment >= 0 else len(line)].rstrip())
        typed = line[start:col]
    return _Token(role, start, max(end, col), typed, quote, key, False, key_column, dash_column)


def _item_token(
    line: str, col: int, start: int, key: str, key_column: int, dash_column: int | None, stops: str
) -> _Token:
    quote = line[start] if start < len(line) and line[start] in "\"'" else ""
    end = col
    while end < len(line) and line[end] not in stops:
        end += 1
    while end > col and line[end - 1] in " \t":
        end -= 1
    typed = line[start + (1 if quote else 0) : col]
    return _Token(Role.ITEM, start, end, typed, quote, key, False, key_column, dash_column)


def _unquote_yaml(key: str) -> str:
    if len(key) >= 2 and key[0] == key[-1] == "'":
        return key[1:-1].replace("''", "'")
    if len(key) >= 2 and key[0] == key[-1] == '"':
        return key[1:-1]
    return key.strip()


# -- JSON structure ------------------------------------------------------------------------------


def _json_structure(
    document: AslDocument, definition: Definition, token: _Token, line_start: int
) -> tuple[Role, str | None, Pointer | None]:
    offset = line_start + token.start
    path, nodes = _path_to(document.text, definition.source.root, offset)
    innermost = nodes[-1]
    role = token.role
    if role is None:
        role = Role.ITEM if isinstance(innermost, ArrayNode) else Role.KEY
    if role is Role.ITEM:
        if isinstance(innermost, ArrayNode) and path and isinstance(path[-1], str):
            return role, path[-1], path[:-1]
        return role, None, None
    container = _object_path(path, nodes)
    return role, token.key, container


def _object_path(path: Pointer, nodes: list[Node]) -> Pointer | None:
    while nodes and not isinstance(nodes[-1], ObjectNode):
        nodes = nodes[:-1]
        path = path[:-1]
    return path if nodes else None


def _inside(text: str, node: Node, offset: int) -> bool:
    span = node.span
    if span.start < offset < span.end:
        return True
    # An unclosed object (the user is typing in it) ends where the text or the line does.
    return (
        offset == span.end
        and span.end > span.start
        and text[span.end - 1 : span.end]
        not in (
            "}",
            "]",
        )
    )


def _path_to(text: str, root: Node, offset: int) -> tuple[Pointer, list[Node]]:
    """Descend from ``root`` through the objects and arrays holding ``offset``."""
    path: list[str | int] = []
    nodes: list[Node] = [root]
    node: Node = root
    while isinstance(node, (ObjectNode, ArrayNode)):
        child: Node | None = None
        for index in entries_around(node, offset):
            step: str | int
            if isinstance(node, ObjectNode):
                step, value = node.members[index].key.value, node.members[index].value
            else:
                step, value = index, node.items[index]
            if isinstance(value, (ObjectNode, ArrayNode)) and _inside(text, value, offset):
                path.append(step)
                child = value
                break
        if child is None:
            break
        node = child
        nodes.append(child)
    return tuple(path), nodes


# -- YAML structure ------------------------------------------------------------------------------


def _yaml_structure(
    document: AslDocument, definition: Definition, token: _Token, line_start: int
) -> tuple[Role, str | None, Pointer | None]:
    lines = document.source.lines

    def column(node: Node) -> int:
        return lines.line_col(node.span.start)[1]

    key_column = token.key_column
    dash = token.dash_column
    path: list[str | int] = []
    node: Node | None = definition.source.root
    while True:
        if isinstance(node, ObjectNode):
            own = column(node.members[0].key) if node.members else key_column
            if key_column <= own and dash is None:
                break
            member = _last_before(node.members, line_start)
            if member is None:
                break
            value = member.value
            if (
                isinstance(value, (ObjectNode, ArrayNode))
                and value.span.start <= line_start + key_column
                and (isinstance(value, ArrayNode) or column(value) <= key_column)
            ):
                path.append(member.key.value)
                node = value
                continue
            if (
                (value is None or not isinstance(value, (ObjectNode, ArrayNode)))
                and (key_column > column(member.key))
                and member.key.start < line_start
            ):
                path.append(member.key.value)  # the first key under a key with no value yet
                node = None
            break
        if isinstance(node, ArrayNode):
            dash_column = column(node)
            if dash is not None and dash == dash_column:
                index = next(
                    (i for i, item in enumerate(node.items) if item.span.start >= line_start),
                    len(node.items),
                )
                path.append(index)
                node = node.items[index] if index < len(node.items) else None
                dash = None  # consumed: deeper keys on this line belong to this item
                if not isinstance(node, ObjectNode):
                    break
                continue
            items = [(i, item) for i, item in enumerate(node.items) if item.span.start < line_start]
            if not items:
                break
            index, item = items[-1]
            if isinstance(item, ObjectNode) and column(item) <= key_column:
                path.append(index)
                node = item
                continue
            break
        break
    return _yaml_role(definition, token, tuple(path), line_start)


def _yaml_role(
    definition: Definition, token: _Token, path: Pointer, line_start: int
) -> tuple[Role, str | None, Pointer | None]:
    if token.role is Role.VALUE:
        return Role.VALUE, token.key, path
    if token.role is Role.ITEM:
        return Role.ITEM, token.key, path
    if token.role is Role.KEY:
        return Role.KEY, None, path
    # A "- x" line: an item of a scalar list, or the first key of a new mapping item.
    if len(path) >= 2 and isinstance(path[-1], int) and isinstance(path[-2], str):
        owner = node_at_path(definition, path[:-1])
        scalar_items = isinstance(owner, ArrayNode) and any(
            isinstance(item, StringNode) and item.span.start < line_start for item in owner.items
        )
        if path[-2] in SCALAR_LIST_KEYS or scalar_items:
            return Role.ITEM, path[-2], path[:-2]
    return Role.KEY, None, path


def _last_before(members: tuple[Member, ...], limit: int) -> Member | None:
    """The last member (in source order) whose key starts before ``limit``."""
    found = None
    for member in members:
        if member.key.start < limit:
            found = member
        else:
            break
    return found


# -- lookups -------------------------------------------------------------------------------------


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
