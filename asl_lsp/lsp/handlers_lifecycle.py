"""Initialization, settings and the open/change/close lifecycle of documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from asl_lsp.lsp.safety import safe

if TYPE_CHECKING:  # the server imports this module to register its handlers
    from asl_lsp.lsp.server import AslLanguageServer


def register(server: AslLanguageServer) -> None:
    @server.feature(types.INITIALIZE)
    @safe()
    def initialize(ls: AslLanguageServer, params: types.InitializeParams) -> None:
        ls.initialization_options = params.initialization_options
        ls.apply_settings(None)

    @server.feature(types.INITIALIZED)
    @safe()
    async def initialized(ls: AslLanguageServer, params: types.InitializedParams) -> None:
        if await _pull_configuration(ls):
            ls.relint_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @safe()
    async def did_change_configuration(
        ls: AslLanguageServer, params: types.DidChangeConfigurationParams
    ) -> None:
        if params.settings:
            ls.apply_settings(params.settings)
        else:
            await _pull_configuration(ls)
        ls.relint_all()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @safe()
    async def did_open(ls: AslLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cache.language_ids[uri] = params.text_document.language_id
        ls.schedule_lint(uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @safe()
    async def did_change(ls: AslLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule_lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @safe()
    async def did_save(ls: AslLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        if params.text_document.uri.endswith((".asl-lsp.toml", "pyproject.toml")):
            ls.relint_all()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @safe()
    async def did_close(ls: AslLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.clear(params.text_document.uri)


async def _pull_configuration(ls: AslLanguageServer) -> bool:
    """Ask the client for the ``aslLsp`` section when it supports workspace/configuration."""
    capabilities = ls.client_capabilities
    workspace = capabilities.workspace if capabilities else None
    if workspace is None or not workspace.configuration:
        return False
    result = await ls.workspace_configuration_async(
        types.ConfigurationParams(items=[types.ConfigurationItem(section="aslLsp")])
    )
    if result and isinstance(result[0], dict) and result[0]:
        return ls.apply_settings(result[0])
    return False
