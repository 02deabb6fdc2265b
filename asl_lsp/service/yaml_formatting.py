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

import yaml

from asl_lsp.model.document import AslDocument

WIDTH = 2

# `key: |`, `key: >-`, `- |2` ... : a block scalar starts on the next line.
_BLOCK_SCALAR = re.compile(r"(?:^|[\s:])[|>][-+0-9]*\s*(?:#.*)?$")
_ITEM = re.compile(r"-(?:\s+|$)")


class _TaggedLoader(yaml.SafeLoader):
    """A safe loader that keeps local tags (CloudFormation's ``!Sub``, ``!GetAtt``...) as data,
    so a template's content can be compared before and after."""


def _tagged(loader: yaml.SafeLoader, tag: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return (tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return (tag, tuple(loader.construct_sequence(node, deep=True)))
    assert isinstance(node, yaml.MappingNode)
    return (tag, tuple(sorted(loader.construct_mapping(node, deep=True).items(), key=repr)))


_TaggedLoader.add_multi_constructor("!", _tagged)


def yaml_data(text: str) -> list[object]:
    """Every document of ``text``, loaded safely (a SafeLoader subclass), tags kept as data."""
    return list(yaml.load_all(text, Loader=_TaggedLoader))


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
    if any(d.code in ("ASL001", "ASL002") for d in source.diagnostics):
        return None
    formatted = reindent_yaml(source.text, max(width, 1))
    try:
        same = yaml_data(formatted) == yaml_data(source.text)
    except yaml.YAMLError:
        return None
    return formatted if same else None
