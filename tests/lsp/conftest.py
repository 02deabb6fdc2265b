"""pytest-lsp fixtures: the real server over stdio, driven with recorded editor capabilities."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

CLIENTS = ("visual-studio-code", "neovim", "emacs")
SERVER = [sys.executable, "-m", "asl_lsp", "serve"]
# The local engine's store (asl.deploy) goes to a throw-away folder, never the user's home.
SERVER_ENV = {**os.environ, "ASL_LSP_HOME": tempfile.mkdtemp(prefix="asl-lsp-test-")}


@pytest_lsp.fixture(
    params=CLIENTS, config=ClientServerConfig(server_command=SERVER, server_env=SERVER_ENV)
)
async def client(request: pytest.FixtureRequest, lsp_client: LanguageClient) -> AsyncIterator[None]:
    """A started server, initialized as VS Code, Neovim or Emacs would (no debounce)."""
    params = types.InitializeParams(
        capabilities=client_capabilities(request.param),
        initialization_options={"debounceMs": 0},
        root_uri=None,
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


class Session:
    """Helpers on top of pytest-lsp's client: open, edit, wait for a version's diagnostics."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}

    @property
    def encoding(self) -> str:
        caps = self.client.capabilities
        general = caps.general if caps else None
        encodings = general.position_encodings if general else None
        return str(encodings[0]) if encodings else "utf-16"

    @property
    def snippets(self) -> bool:
        caps = self.client.capabilities
        completion = caps.text_document.completion if caps and caps.text_document else None
        item = completion.completion_item if completion else None
        return bool(item and item.snippet_support)

    def open(self, uri: str, text: str, language_id: str = "asl") -> None:
        self.versions[uri] = 1
        self.texts[uri] = text
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language_id, version=1, text=text
                )
            )
        )

    def replace_all(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=self.versions[uri]
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def edit(self, uri: str, edit: types.TextEdit) -> None:
        """Send ``edit`` as an incremental change, in the client's position encoding."""
        self.versions[uri] += 1
        self.texts[uri] = apply_edits(self.texts[uri], [edit], self.encoding)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=self.versions[uri]
                ),
                content_changes=[
                    types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)
                ],
            )
        )

    async def diagnostics(self, uri: str, timeout: float = 20) -> list[types.Diagnostic]:
        """The diagnostics published for the current version of ``uri``."""
        want = self.versions[uri]

        async def wait() -> list[types.Diagnostic]:
            while True:
                got = self.client.diagnostics.get(uri)
                if got is not None and self.published_version(uri) == want:
                    return list(got)
                await self.client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

        return await asyncio.wait_for(wait(), timeout)

    def published_version(self, uri: str) -> int | None:
        return PUBLISHED.get((id(self.client), uri))

    def position(self, uri: str, offset: int) -> types.Position:
        return position_of(self.texts[uri], offset, self.encoding)

    def apply(self, uri: str, edits: list[types.TextEdit]) -> str:
        text = apply_edits(self.texts[uri], edits, self.encoding)
        return text


PUBLISHED: dict[tuple[int, str], int | None] = {}


def units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def position_of(text: str, offset: int, encoding: str) -> types.Position:
    before = text[:offset]
    line = before.count("\n")
    column_text = before[before.rfind("\n") + 1 :]
    return types.Position(line=line, character=units(column_text, encoding))


def offset_of(text: str, position: types.Position, encoding: str) -> int:
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    count = 0
    for index, char in enumerate(line):
        if count >= position.character:
            return start + index
        count += units(char, encoding)
    return start + len(line)


def apply_edits(text: str, edits: list[types.TextEdit], encoding: str) -> str:
    spans = [
        (
            offset_of(text, e.range.start, encoding),
            offset_of(text, e.range.end, encoding),
            e.new_text,
        )
        for e in edits
    ]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


@pytest.fixture
def session(client: LanguageClient) -> Session:
    """The per-test helper; records the version of every diagnostics notification."""

    lsp_client = client

    def record(params: types.PublishDiagnosticsParams) -> Any:
        PUBLISHED[(id(lsp_client), params.uri)] = params.version
        lsp_client.diagnostics[params.uri] = params.diagnostics
        return None

    lsp_client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record
    return Session(lsp_client)
