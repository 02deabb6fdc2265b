"""Hover: what the thing under the cursor means, as Markdown.

Field documentation comes from the same field table as completion; a state reference shows its
target (type, comment, where it goes next); functions show their signatures; a variable lists the
places that assign it; error names, state types and Resource ARNs explain themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from asl_lsp.model.document import AslDocument, Definition
from asl_lsp.service.completion import STATES_FIELDS, state_summary
from asl_lsp.service.locate import Located, locate
from asl_lsp.service.symbols_at import StateSymbol, VariableSymbol, symbol_at, variable_assignments
from asl_lsp.spec.contexts import context_at
from asl_lsp.spec.errors import STATES_ERRORS
from asl_lsp.spec.fields import FieldSpec, fields_for
from asl_lsp.spec.states import state_type_spec
from asl_lsp.syntax.nodes import Span, StringNode

# Words inside a string value that hover can explain.
_WORD = re.compile(r"\$\$(?:\.\w+)*|\$[\w]+(?:\.\w+)*|States\.\w+")


@dataclass(frozen=True)
class HoverInfo:
    markdown: str
    span: Span


def hover(document: AslDocument, offset: int) -> HoverInfo | None:
    symbol = symbol_at(document, offset)
    if isinstance(symbol, StateSymbol) and symbol.transition is not None:
        return HoverInfo(_reference(symbol), symbol.span)
    if isinstance(symbol, VariableSymbol):
        return HoverInfo(_variable(document, symbol), symbol.span)
    located = locate(document, offset)
    if located is None:
        return None
    if isinstance(symbol, StateSymbol):
        target = symbol.target
        if target is not None:
            return HoverInfo(state_summary(target), symbol.span)
    if located.on_key:
        spec = _field(located)
        return HoverInfo(spec.markdown, located.node.span) if spec is not None else None
    return _value_hover(document, located, offset)


def _reference(symbol: StateSymbol) -> str:
    target = symbol.target
    if target is None:
        return f"No state named `{symbol.name}` in this scope."
    return state_summary(target)


def _variable(document: AslDocument, symbol: VariableSymbol) -> str:
    lines = [f"**${symbol.name}** (variable)"]
    sites = [span for name, span in variable_assignments(symbol.definition) if name == symbol.name]
    if not sites:
        lines.append("Not assigned anywhere in this state machine.")
    else:
        machine = symbol.definition.machine
        bullets = []
        for span in sites:
            line = document.source.lines.line_col(span.start)[0] + 1
            state = machine.state_at(span.start)
            where = f"state `{state.name}`" if state is not None else "the state machine"
            bullets.append(f"- assigned in {where} (line {line})")
        lines.append("\n".join(bullets))
    return "\n\n".join(lines)


def _field(located: Located) -> FieldSpec | None:
    if located.member is None:
        return None
    context = context_at(located.definition.source.root, located.container)
    field_context = context.field_context
    if field_context is None:
        return None
    return fields_for(field_context).get(located.member.key.value)


def _value_hover(document: AslDocument, located: Located, offset: int) -> HoverInfo | None:
    node = located.node
    key = located.member.key.value if located.member is not None else None
    if isinstance(node, StringNode):
        word = _word_at(document, node, offset)
        if word is not None:
            text = _word_doc(located.definition, word[0])
            if text is not None:
                return HoverInfo(text, word[1])
        special = _special_value(located, key, node.value)
        if special is not None:
            return HoverInfo(special, node.span)
    spec = _field(located)
    return HoverInfo(spec.markdown, node.span) if spec is not None else None


def _special_value(located: Located, key: str | None, value: str) -> str | None:
    if key == "Type":
        context = context_at(located.definition.source.root, located.container)
        if context.kind == "state":
            spec = state_type_spec(value)
            return spec.markdown if spec is not None else None
    if key == "Resource":
        return _resource(value)
    if key in ("ErrorEquals", "Error"):
        error = STATES_ERRORS.get(value)
        return error.markdown if error is not None else None
    return None


def _resource(value: str) -> str | None:
    # Imported here: large tables load on the first request that needs them.
    from asl_lsp.spec.resources import classify_resource

    info = classify_resource(value)
    if info is None:
        return None
    if info.integration is not None:
        title = f"**{info.integration.title}** ({info.integration.service}:{info.action})"
    elif info.kind == "aws-sdk":
        title = f"**AWS SDK integration** ({info.service}:{info.action})"
    else:
        title = f"**{info.kind}** resource"
    lines = [title, f"Integration pattern: `{info.pattern}`."]
    if info.problem:
        lines.append(f"*Problem:* {info.problem}")
    if info.docs:
        lines.append(f"[AWS documentation]({info.docs})")
    return "\n\n".join(lines)


def _word_at(document: AslDocument, node: StringNode, offset: int) -> tuple[str, Span] | None:
    raw = document.text[node.span.start : node.span.end]
    for match in _WORD.finditer(raw):
        start = node.span.start + match.start()
        end = node.span.start + match.end()
        if start <= offset <= end:
            return match.group(0), Span(start, end)
    return None


def _word_doc(definition: Definition, word: str) -> str | None:
    """Docs of the longest known prefix of a dotted word (``$states.result.Item`` → result)."""
    while word:
        found = _exact_doc(word)
        if found is not None:
            return found
        head, dot, _ = word.rpartition(".")
        if not dot or head in ("$", "$$"):
            return None
        word = head
    return None


def _exact_doc(word: str) -> str | None:
    # Imported here: large tables load on the first request that needs them.
    from asl_lsp.expr.context_object import CONTEXT_PATHS
    from asl_lsp.expr.jsonata import JSONATA_FUNCTIONS
    from asl_lsp.spec.intrinsics import INTRINSICS

    if word.startswith("States."):
        spec = INTRINSICS.get(word)
        if spec is not None:
            return f"```\n{spec.signature}\n```\n\n{spec.doc}"
        return None
    if word in JSONATA_FUNCTIONS:
        function = JSONATA_FUNCTIONS[word]
        return f"```\n{function.signature}\n```\n\n{function.doc}"
    if word.startswith("$states.context"):
        word = "$$" + word[len("$states.context") :]
    for name, doc in STATES_FIELDS:
        if word == name:
            return f"**{name}**\n\n{doc}"
    paths = dict(CONTEXT_PATHS)
    if word in paths:
        return f"**{word}** (context object)\n\n{paths[word]}"
    return None
