"""Semantic tokens: state names (declarations and references) and variables, in text order.

Editors colour a state's name the same wherever it appears, which makes a misspelt ``Next`` stand
out before the diagnostic arrives. Spans exclude quotes and stay on one line (a requirement of the
protocol's token encoding).
"""

from __future__ import annotations

from dataclasses import dataclass

from asl_lsp.model.document import AslDocument
from asl_lsp.service.symbols_at import variable_assignments, variable_reads
from asl_lsp.syntax.nodes import Span, StringNode

STATE = "state"
VARIABLE = "variable"


@dataclass(frozen=True, slots=True)
class Token:
    span: Span
    kind: str  # STATE or VARIABLE
    declaration: bool


def _inner(text: str, node: StringNode) -> Span:
    start, end = node.span.start, node.span.end
    if end - start >= 2 and text[start] in "\"'" and text[end - 1] == text[start]:
        return Span(start + 1, end - 1)
    return node.span


def semantic_tokens(document: AslDocument) -> list[Token]:
    text = document.text
    tokens: list[Token] = []
    for definition in document.definitions:
        machine = definition.machine
        for state in machine.all_states():
            tokens.append(Token(_inner(text, state.key), STATE, True))
        for transition in machine.all_transitions():
            tokens.append(Token(_inner(text, transition.node), STATE, False))
        tokens.extend(Token(span, VARIABLE, True) for _, span in variable_assignments(definition))
        tokens.extend(
            Token(span, VARIABLE, False) for _, span in variable_reads(document, definition)
        )
    tokens.sort(key=lambda t: t.span.start)
    # Drop overlaps and multi-line spans: the encoding allows neither.
    result: list[Token] = []
    last_end = -1
    for token in tokens:
        if token.span.start < last_end or token.span.end <= token.span.start:
            continue
        if "\n" in text[token.span.start : token.span.end]:
            continue
        result.append(token)
        last_end = token.span.end
    return result
