"""Document formatting for YAML: a stable re-indent that keeps everything else as written.

Only the leading whitespace of lines changes: each block level is indented by ``width`` spaces,
sequence items keep their place relative to their key, and comments, quoting, flow collections,
key order and block scalars stay as they are (a block scalar or a multi-line flow collection moves
with the line that opens it). The result must load to the same data as the original, or no
formatting is offered; so is a document with syntax errors or duplicate keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from asl_lsp.model.document import AslDocument
from asl_lsp.syntax.nodes import to_value
from asl_lsp.syntax.yaml_loader import parse_yaml

WIDTH = 2
# Syntax errors and duplicate keys: re-indenting could not be checked against the data.
_REFUSE = ("ASL001", "ASL002")

# `key: |`, `key: >-`, `- |2` ... : a block scalar starts on the next line.
_BLOCK_SCALAR = re.compile(r"(?:^|[\s:])[|>][-+0-9]*\s*(?:#.*)?$")
_ITEM = re.compile(r"-(?:\s+|$)")


def same_data(before: str, after: str) -> bool:
    """True when both texts parse without syntax errors to the same data (as the linter sees it:
    CloudFormation short-form tags included)."""
    results = [parse_yaml(text) for text in (before, after)]
    if any(r.root is None or any(d.code in _REFUSE for d in r.diagnostics) for r in results):
        return False
    return to_value(results[0].root) == to_value(results[1].root)


@dataclass
class _Level:
    original: int
    new: int


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _bracket_depth(text: str) -> int:
    """Open ``[``/``{`` minus closed ones, outside quotes and comments."""
    depth = 0
    quote: str | None = None
    previous = " "
    for ch in text:
        if quote is not None:
            if ch == quote:
                quote = None
        elif ch in "\"'" and previous in " \t[{,:-":
            quote = ch
        elif ch == "#" and previous in " \t":
            break
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        previous = ch
    return depth


def reindent_yaml(text: str, width: int = WIDTH) -> str:
    """``text`` with block levels indented by ``width`` spaces (no check that the data is kept)."""
    levels = [_Level(0, 0)]
    out: list[str] = []
    carried: tuple[int, int] | None = None  # (original indent, shift) of a block scalar / flow
    depth = 0
    for line in text.splitlines():
        stripped = line.strip()
        indent = _indent_of(line)
        if carried is not None:
            parent_indent, shift = carried
            inside_flow = depth > 0
            if inside_flow or not stripped or indent > parent_indent:
                out.append(" " * max(indent + shift, 0) + line.lstrip(" ") if stripped else "")
                if inside_flow:
                    depth += _bracket_depth(stripped)
                    if depth <= 0:
                        carried, depth = None, 0
                continue
            carried = None
        if not stripped:
            out.append("")
            continue
        if stripped.startswith("#"):
            # A comment moves with the block it sits in, without opening or closing one.
            home = next((lv for lv in reversed(levels) if lv.original <= indent), levels[0])
            out.append(" " * (home.new + indent - home.original) + stripped)
            continue
        if indent == 0 and (stripped.startswith(("---", "...", "%"))):
            levels = [_Level(0, 0)]
            out.append(line)
            continue
        while len(levels) > 1 and levels[-1].original > indent:
            levels.pop()
        if levels[-1].original < indent:
            levels.append(_Level(indent, levels[-1].new + width))
        new = levels[-1].new
        out.append(" " * new + stripped)
        # Content after "- " (possibly "- - ") is a level of its own, at its column.
        rest, column, new_column = stripped, indent, new
        while (item := _ITEM.match(rest)) is not None and item.end() < len(rest):
            column += item.end()
            new_column += item.end()
            rest = rest[item.end() :]
            levels.append(_Level(column, new_column))
        if _BLOCK_SCALAR.search(stripped):
            carried = (indent, new - indent)
        else:
            opened = _bracket_depth(stripped)
            if opened > 0:
                carried, depth = (indent, new - indent), opened
    return "\n".join(out) + "\n"


def format_yaml(document: AslDocument, width: int = WIDTH) -> str | None:
    """The re-indented text, or None when it cannot be formatted without changing the data."""
    source = document.source
    if source.format != "yaml" or source.root is None:
        return None
    if any(d.code in _REFUSE for d in source.diagnostics):
        return None
    formatted = reindent_yaml(source.text, max(width, 1))
    return formatted if same_data(source.text, formatted) else None
