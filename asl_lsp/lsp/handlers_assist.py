"""Completion, hover and semantic tokens: adapters over ``asl_lsp.service``.

What the client can take decides the shape: snippets only when it supports them (else the same
text with every placeholder at its default), Markdown or plain documentation, deprecation tags.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from asl_lsp.lsp.positions import PositionMapper
from asl_lsp.lsp.safety import safe
from asl_lsp.model.document import AslDocument
from asl_lsp.service.completion import Completion, Entry, complete
from asl_lsp.service.hover import hover
from asl_lsp.service.semantic import STATE, VARIABLE, semantic_tokens
from asl_lsp.service.spelling import has_tabstops, snippet_to_plain
from asl_lsp.syntax.nodes import Span

if TYPE_CHECKING:  # the server imports this module to register its handlers
    from asl_lsp.lsp.server import AslLanguageServer

TRIGGER_CHARACTERS = ['"', "'", ":", "$", ".", " "]
TOKEN_TYPES = ["type", "variable"]
TOKEN_MODIFIERS = ["declaration"]
_TOKEN_INDEX = {STATE: 0, VARIABLE: 1}
# A list this short carries its documentation; a longer one leaves it to completionItem/resolve.
INLINE_DOCUMENTATION_LIMIT = 40
_KINDS = {
    "property": types.CompletionItemKind.Property,
    "value": types.CompletionItemKind.Value,
    "state": types.CompletionItemKind.Reference,
    "function": types.CompletionItemKind.Function,
    "snippet": types.CompletionItemKind.Snippet,
    "constant": types.CompletionItemKind.Constant,
    "variable": types.CompletionItemKind.Variable,
    "resource": types.CompletionItemKind.Module,
}


class _ClientFeatures:
    """The completion-related abilities of the connected client."""

    def __init__(self, capabilities: types.ClientCapabilities | None) -> None:
        document = capabilities.text_document if capabilities else None
        completion = document.completion if document else None
        item = completion.completion_item if completion else None
        self.snippets = bool(item and item.snippet_support)
        formats = item.documentation_format if item else None
        self.markdown = bool(formats) and types.MarkupKind.Markdown in (formats or ())
        tags = item.tag_support if item else None
        self.deprecated_tag = bool(tags and types.CompletionItemTag.Deprecated in tags.value_set)
        modes = item.insert_text_mode_support if item else None
        self.as_is = bool(modes and types.InsertTextMode.AsIs in modes.value_set)
        hover_caps = document.hover if document else None
        hover_formats = hover_caps.content_format if hover_caps else None
        self.hover_markdown = hover_formats is None or types.MarkupKind.Markdown in hover_formats


def _documentation(text: str | None, markdown: bool) -> types.MarkupContent | str | None:
    if text is None:
        return None
    if markdown:
        return types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
    return text


def _item(
    entry: Entry,
    result: Completion,
    mapper: PositionMapper,
    features: _ClientFeatures,
    ranges: dict[Span, types.Range],
    resolve_data: int | None,
) -> types.CompletionItem:
    span = entry.span or result.cursor.replace
    edit_range = ranges.get(span)
    if edit_range is None:
        edit_range = ranges[span] = mapper.range(span)
    snippet = features.snippets and has_tabstops(entry.new_text)
    text = entry.new_text if snippet else snippet_to_plain(entry.new_text)
    return types.CompletionItem(
        label=entry.label,
        kind=_KINDS.get(entry.kind, types.CompletionItemKind.Text),
        detail=entry.detail,
        documentation=None
        if resolve_data is not None
        else _documentation(entry.full_documentation(), features.markdown),
        sort_text=entry.sort or None,
        filter_text=entry.filter,
        text_edit=types.TextEdit(range=edit_range, new_text=text),
        insert_text_format=types.InsertTextFormat.Snippet if snippet else None,
        insert_text_mode=types.InsertTextMode.AsIs if features.as_is and "\n" in text else None,
        tags=[types.CompletionItemTag.Deprecated]
        if entry.deprecated and features.deprecated_tag
        else None,
        data=resolve_data,
    )


def register(server: AslLanguageServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS, resolve_provider=True),
    )
    @safe(default=None)
    def completion(
        ls: AslLanguageServer, params: types.CompletionParams
    ) -> types.CompletionList | None:
        uri = params.text_document.uri
        document, mapper, version = ls.snapshot(uri)
        if not ls.serves(uri, document) and not document.definitions:
            return None
        result = complete(document, mapper.offset(params.position))
        if result is None:
            return None
        features = _ClientFeatures(ls.client_capabilities)
        ranges: dict[Span, types.Range] = {}
        later = len(result.entries) > INLINE_DOCUMENTATION_LIMIT
        if later:
            ls.cache.store_completions(uri, version, result.entries)
        # An item left to resolve carries its index in the list (see ``store_completions``).
        items = [
            _item(entry, result, mapper, features, ranges, index if later else None)
            for index, entry in enumerate(result.entries)
        ]
        return types.CompletionList(is_incomplete=result.incomplete, items=items)

    @server.feature(types.COMPLETION_ITEM_RESOLVE)
    @safe(default=None)
    def resolve_completion(
        ls: AslLanguageServer, item: types.CompletionItem
    ) -> types.CompletionItem:
        index = item.data
        if not isinstance(index, int):
            return item
        entry = ls.cache.completion_entry(index)
        if entry is not None and entry.label == item.label:
            features = _ClientFeatures(ls.client_capabilities)
            item.documentation = _documentation(entry.full_documentation(), features.markdown)
        return item

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @safe(default=None)
    def on_hover(ls: AslLanguageServer, params: types.HoverParams) -> types.Hover | None:
        document, mapper, _ = ls.snapshot(params.text_document.uri)
        info = hover(document, mapper.offset(params.position))
        if info is None:
            return None
        features = _ClientFeatures(ls.client_capabilities)
        kind = types.MarkupKind.Markdown if features.hover_markdown else types.MarkupKind.PlainText
        return types.Hover(
            contents=types.MarkupContent(kind=kind, value=info.markdown),
            range=mapper.range(info.span),
        )

    @server.feature(
        types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
        types.SemanticTokensLegend(token_types=TOKEN_TYPES, token_modifiers=TOKEN_MODIFIERS),
    )
    @safe(default=None)
    def tokens(
        ls: AslLanguageServer, params: types.SemanticTokensParams
    ) -> types.SemanticTokens | None:
        document, mapper, _ = ls.snapshot(params.text_document.uri)
        return types.SemanticTokens(data=encode_tokens(document, mapper))


def encode_tokens(document: AslDocument, mapper: PositionMapper) -> list[int]:
    """The protocol's relative encoding: (Δline, Δstart, length, type, modifiers) per token."""
    data: list[int] = []
    previous_line = 0
    previous_start = 0
    for token in semantic_tokens(document):
        start = mapper.position(token.span.start)
        end = mapper.position(token.span.end)
        if end.line != start.line:
            continue
        delta_line = start.line - previous_line
        delta_start = start.character - previous_start if delta_line == 0 else start.character
        data.extend(
            (
                delta_line,
                delta_start,
                end.character - start.character,
                _TOKEN_INDEX[token.kind],
                1 if token.declaration else 0,
            )
        )
        previous_line, previous_start = start.line, start.character
    return data
