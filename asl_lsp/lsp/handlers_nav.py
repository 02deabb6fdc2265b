"""Navigation: definition, references, highlights, rename and the outline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from asl_lsp.lsp.convert import to_lsp_edits
from asl_lsp.lsp.positions import PositionMapper
from asl_lsp.lsp.safety import safe
from asl_lsp.service.navigation import definition, highlights, references
from asl_lsp.service.outline import OutlineItem, outline
from asl_lsp.service.rename import RenameError, prepare_rename, rename_state

if TYPE_CHECKING:  # the server imports this module to register its handlers
    from asl_lsp.lsp.server import AslLanguageServer

_SYMBOL_KINDS = {
    "Task": types.SymbolKind.Function,
    "Choice": types.SymbolKind.Enum,
    "Pass": types.SymbolKind.Variable,
    "Wait": types.SymbolKind.Event,
    "Succeed": types.SymbolKind.Boolean,
    "Fail": types.SymbolKind.Null,
    "Parallel": types.SymbolKind.Struct,
    "Map": types.SymbolKind.Array,
    "branch": types.SymbolKind.Namespace,
    "processor": types.SymbolKind.Namespace,
    "machine": types.SymbolKind.Module,
}


class RenameRefused(JsonRpcException):
    """JSON-RPC error (RequestFailed) whose message tells the user why the rename is refused."""

    CODE = -32803


def register(server: AslLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @safe(default=None)
    def goto_definition(
        ls: AslLanguageServer, params: types.DefinitionParams
    ) -> list[types.Location] | None:
        document, mapper, _ = ls.snapshot(params.text_document.uri)
        found = definition(document, mapper.offset(params.position))
        uri = params.text_document.uri
        return [types.Location(uri=uri, range=mapper.range(loc.span)) for loc in found] or None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @safe(default=None)
    def find_references(
        ls: AslLanguageServer, params: types.ReferenceParams
    ) -> list[types.Location] | None:
        document, mapper, _ = ls.snapshot(params.text_document.uri)
        found = references(
            document, mapper.offset(params.position), params.context.include_declaration
        )
        uri = params.text_document.uri
        return [types.Location(uri=uri, range=mapper.range(loc.span)) for loc in found] or None

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
    @safe(default=None)
    def document_highlight(
        ls: AslLanguageServer, params: types.DocumentHighlightParams
    ) -> list[types.DocumentHighlight] | None:
        document, mapper, _ = ls.snapshot(params.text_document.uri)
        found = highlights(document, mapper.offset(params.position))
        return [
            types.DocumentHighlight(
                range=mapper.range(loc.span),
                kind=types.DocumentHighlightKind.Write
                if loc.is_write
                else types.DocumentHighlightKind.Read,
            )
            for loc in found
        ] or None

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare(
        ls: AslLanguageServer, params: types.PrepareRenameParams
    ) -> types.PrepareRenamePlaceholder | None:
        document, mapper, _ = ls.snapshot(params.text_document.uri)
        try:
            target = prepare_rename(document, mapper.offset(params.position))
        except RenameError as error:
            raise RenameRefused(str(error)) from None
        return types.PrepareRenamePlaceholder(
            range=mapper.range(target.span), placeholder=target.placeholder
        )

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    def rename(ls: AslLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        document, mapper, _ = ls.snapshot(params.text_document.uri)
        try:
            edits = rename_state(document, mapper.offset(params.position), params.new_name)
        except RenameError as error:
            raise RenameRefused(str(error)) from None
        return types.WorkspaceEdit(changes={params.text_document.uri: to_lsp_edits(edits, mapper)})

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @safe(default=None)
    def document_symbols(
        ls: AslLanguageServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol] | None:
        document, mapper, _ = ls.snapshot(params.text_document.uri)
        return [_symbol(item, mapper) for item in outline(document)] or None


def _symbol(item: OutlineItem, mapper: PositionMapper) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=item.name or " ",
        detail=item.detail,
        kind=_SYMBOL_KINDS.get(item.kind, types.SymbolKind.Object),
        range=mapper.range(item.span),
        selection_range=mapper.range(item.selection),
        children=[_symbol(child, mapper) for child in item.children] or None,
    )
