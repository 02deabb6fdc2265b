"""The JSON-RPC protocol, answering requests whose parameters do not deserialize, and applying
text changes with line indexes carried from one version to the next.

pygls raises ``InvalidParams`` while decoding such a request and then drops it, so the client
waits forever for a response. Here the error goes back to the client under the request's id.

pygls applies an incremental change by splitting the whole text into lines and joining them
again; here each open document keeps the line index of its current text, and each change
derives the next one (:mod:`asl_lsp.lsp.text_sync`). The workspace then holds the new text as
an ordinary pygls document.
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from asl_lsp.lsp.positions import encoding_name
from asl_lsp.lsp.text_sync import apply_changes
from asl_lsp.syntax.positions import LineIndex

log = logging.getLogger(__name__)


# What a built-in feature yields to pygls: the user's handler and its arguments.
HandlerCall = Generator[tuple[Any, tuple[Any, ...], None], Any, None]


class AslProtocol(LanguageServerProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The line index of each open document's current text, by URI.
        self._line_indexes: dict[str, LineIndex] = {}

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> HandlerCall:
        identifier = params.text_document
        uri = identifier.uri
        workspace = self.workspace
        current = workspace.text_documents.get(unquote(uri))  # pygls's key
        if current is None:
            log.warning("didChange for %s, which is not open: ignored", uri)
            return
        lines = self._line_indexes.get(uri)
        if lines is None or lines.text is not current.source:
            lines = LineIndex(current.source)
        lines = apply_changes(
            lines, params.content_changes, encoding_name(workspace.position_encoding)
        )
        self._line_indexes[uri] = lines
        workspace.put_text_document(
            types.TextDocumentItem(
                uri=uri,
                language_id=current.language_id or "",
                version=identifier.version,
                text=lines.text,
            )
        )
        handler = self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)
        if handler is not None:
            yield handler, (params,), None

    def line_index(self, uri: str) -> LineIndex | None:
        """The line index of the current text of ``uri``: the parse of an edited version takes
        it over instead of deriving it again (when it is the index of that version's text)."""
        return self._line_indexes.get(uri)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> HandlerCall:
        self._line_indexes.pop(params.text_document.uri, None)
        yield from super().lsp_text_document__did_close(params)

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "jsonrpc" in data and "id" in data and "method" in data:
                log.warning(
                    "malformed %s request %r answered with an error", data["method"], data["id"]
                )
                self._send_response(data["id"], None, error.to_response_error())
            raise
