"""Document formatting for JSON: a stable 2-space layout that keeps key order and number spelling.

Formatting is refused (no edit) while the document has syntax errors or duplicate keys, because
re-printing would silently drop what the user wrote.
"""

from __future__ import annotations

import json

from asl_lsp.model.document import AslDocument
from asl_lsp.syntax.nodes import (
    ArrayNode,
    BoolNode,
    Node,
    NullNode,
    NumberNode,
    ObjectNode,
    StringNode,
)

INDENT = "  "


def format_json(document: AslDocument, indent: str = INDENT) -> str | None:
    """The formatted text, or None when the document cannot be formatted safely."""
    source = document.source
    if source.format != "json" or source.root is None:
        return None
    if any(d.code in ("ASL001", "ASL002") for d in source.diagnostics):
        return None
    out: list[str] = []
    _emit(source.root, 0, out, indent, source.text)
    return "".join(out) + "\n"


def _scalar(node: Node, text: str) -> str:
    if isinstance(node, StringNode):
        raw = text[node.span.start : node.span.end]
        return raw if raw.startswith('"') else json.dumps(node.value, ensure_ascii=False)
    if isinstance(node, NumberNode):
        return node.raw or json.dumps(node.value)
    if isinstance(node, BoolNode):
        return "true" if node.value else "false"
    if isinstance(node, NullNode):
        return "null"
    raise TypeError(type(node).__name__)


def _emit(node: Node, depth: int, out: list[str], indent: str, text: str) -> None:
    if isinstance(node, ObjectNode):
        if not node.members:
            out.append("{}")
            return
        out.append("{\n")
        for index, member in enumerate(node.members):
            out.append(indent * (depth + 1))
            out.append(_scalar(member.key, text))
            out.append(": ")
            if member.value is None:
                out.append("null")
            else:
                _emit(member.value, depth + 1, out, indent, text)
            out.append(",\n" if index < len(node.members) - 1 else "\n")
        out.append(indent * depth + "}")
    elif isinstance(node, ArrayNode):
        if not node.items:
            out.append("[]")
            return
        if all(isinstance(i, (StringNode, NumberNode, BoolNode, NullNode)) for i in node.items):
            inline = "[" + ", ".join(_scalar(i, text) for i in node.items) + "]"
            if len(inline) <= 80:
                out.append(inline)
                return
        out.append("[\n")
        for index, item in enumerate(node.items):
            out.append(indent * (depth + 1))
            _emit(item, depth + 1, out, indent, text)
            out.append(",\n" if index < len(node.items) - 1 else "\n")
        out.append(indent * depth + "]")
    else:
        out.append(_scalar(node, text))
