"""Go to definition, find references and document highlights for state names and variables."""

from __future__ import annotations

from dataclasses import dataclass

from asl_lsp.model.document import AslDocument
from asl_lsp.service.symbols_at import (
    StateSymbol,
    VariableSymbol,
    state_references,
    symbol_at,
    variable_assignments,
    variable_reads,
)
from asl_lsp.syntax.nodes import Span


@dataclass(frozen=True)
class Location:
    span: Span
    is_write: bool = False  # a declaration (state key, Assign key) rather than a use


def definition(document: AslDocument, offset: int) -> list[Location]:
    """Where the symbol at ``offset`` is declared: a state's key, or a variable's Assign keys."""
    symbol = symbol_at(document, offset)
    if isinstance(symbol, StateSymbol):
        target = symbol.target
        return [Location(target.key.span, True)] if target is not None else []
    if isinstance(symbol, VariableSymbol):
        return [
            Location(span, True)
            for name, span in variable_assignments(symbol.definition)
            if name == symbol.name
        ]
    return []


def references(
    document: AslDocument, offset: int, include_declaration: bool = True
) -> list[Location]:
    symbol = symbol_at(document, offset)
    found: list[Location] = []
    if isinstance(symbol, StateSymbol):
        target = symbol.target
        if include_declaration and target is not None:
            found.append(Location(target.key.span, True))
        found.extend(Location(t.node.span) for t in state_references(symbol))
    elif isinstance(symbol, VariableSymbol):
        if include_declaration:
            found.extend(
                Location(span, True)
                for name, span in variable_assignments(symbol.definition)
                if name == symbol.name
            )
        found.extend(
            Location(span)
            for name, span in variable_reads(document, symbol.definition)
            if name == symbol.name
        )
    return sorted(found, key=lambda loc: loc.span.start)


def highlights(document: AslDocument, offset: int) -> list[Location]:
    """Every occurrence of the symbol at ``offset``, declarations marked as writes."""
    return references(document, offset, include_declaration=True)
