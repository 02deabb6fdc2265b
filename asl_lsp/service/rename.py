"""Rename a state: its key and every reference in its scope, in one edit, or a clear refusal."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from asl_lsp.diagnostic import TextEdit
from asl_lsp.model.document import AslDocument
from asl_lsp.model.naming import state_name_problem
from asl_lsp.service.symbols_at import StateSymbol, state_references, symbol_at
from asl_lsp.syntax.nodes import Span, StringNode

# A YAML plain scalar that stays a string with the same text (no indicators, no reserved words).
_YAML_PLAIN_SAFE = re.compile(r"^[A-Za-z_][A-Za-z0-9 _.\-()]*(?<! )$")
_YAML_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})


class RenameError(Exception):
    """Why a rename is refused; the message is shown to the user as is."""


@dataclass(frozen=True)
class RenameTarget:
    span: Span  # the name under the cursor, without quotes
    placeholder: str


def prepare_rename(document: AslDocument, offset: int) -> RenameTarget:
    symbol = symbol_at(document, offset)
    if not isinstance(symbol, StateSymbol):
        raise RenameError("only state names can be renamed here")
    if symbol.target is None:
        raise RenameError(f"there is no state named {symbol.name!r} in this scope to rename")
    return RenameTarget(_inner_span(document.text, symbol.span, symbol.name), symbol.name)


def rename_state(document: AslDocument, offset: int, new_name: str) -> list[TextEdit]:
    symbol = symbol_at(document, offset)
    if not isinstance(symbol, StateSymbol) or symbol.target is None:
        raise RenameError("place the cursor on a state name or a reference to one")
    if new_name == symbol.name:
        return []
    problem = state_name_problem(new_name)
    if problem is not None:
        raise RenameError(f"cannot rename to {new_name!r}: {problem}")
    if symbol.definition.machine.states_named(new_name):
        raise RenameError(
            f"cannot rename to {new_name!r}: a state of that name exists already "
            "(state names must be unique in the whole state machine)"
        )
    yaml = document.source.format == "yaml"
    target = symbol.target
    nodes: list[StringNode] = [target.key, *(t.node for t in state_references(symbol))]
    return [TextEdit(node.span, _spelling(document.text, node, new_name, yaml)) for node in nodes]


def _inner_span(text: str, span: Span, value: str) -> Span:
    raw = text[span.start : span.end]
    if len(raw) >= 2 and raw[0] in "\"'" and raw[-1] == raw[0]:
        return Span(span.start + 1, span.end - 1)
    return span


def _spelling(text: str, node: StringNode, name: str, yaml: bool) -> str:
    """The new name written in the style of the old one (quoted JSON, or YAML plain/quoted)."""
    quoted = json.dumps(name, ensure_ascii=False)
    if not yaml:
        return quoted
    raw = text[node.span.start : node.span.end]
    if raw[:1] in "\"'":
        if raw[0] == "'":
            return "'" + name.replace("'", "''") + "'"
        return quoted
    if _YAML_PLAIN_SAFE.match(name) and name.lower() not in _YAML_RESERVED:
        return name
    return quoted
