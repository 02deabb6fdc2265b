"""Diagnostics over stdio: codes, docs links, related information, tags, versions, settings."""

from __future__ import annotations

import asyncio

from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import Session
from tests.lsp.fixtures import BROKEN, DUPLICATE, GOOD, GOOD_YAML

URI = "file:///work/flow.asl.json"


async def test_diagnostics_on_open_carry_code_source_docs_and_version(session: Session) -> None:
    session.open(URI, BROKEN)
    diagnostics = await session.diagnostics(URI)
    by_code = {d.code: d for d in diagnostics}
    assert {"ASL201", "ASL203"} <= set(by_code)
    undefined = by_code["ASL201"]
    assert undefined.source == "asl-lsp"
    assert undefined.severity == types.DiagnosticSeverity.Error
    assert undefined.range.start == types.Position(line=5, character=14)
    assert undefined.code_description is not None
    assert "asl201" in undefined.code_description.href
    unreachable = by_code["ASL203"]
    assert list(unreachable.tags or ()) == [types.DiagnosticTag.Unnecessary]
    assert session.published_version(URI) == 1


async def test_related_information_points_at_the_first_duplicate(session: Session) -> None:
    session.open(URI, DUPLICATE)
    diagnostics = await session.diagnostics(URI)
    duplicate = next(d for d in diagnostics if d.related_information)
    related = next(iter(duplicate.related_information or ()))
    assert related.location.uri == URI
    assert related.location.range.start.line == 4
    assert duplicate.range.start.line == 5


async def test_fixing_the_text_clears_and_closing_clears(session: Session) -> None:
    session.open(URI, BROKEN)
    assert await session.diagnostics(URI)
    session.replace_all(URI, GOOD)
    assert await session.diagnostics(URI) == []
    session.replace_all(URI, BROKEN)
    assert await session.diagnostics(URI)
    session.client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=URI))
    )
    await asyncio.wait_for(
        session.client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 10
    )
    assert list(session.client.diagnostics[URI]) == []


async def test_yaml_documents_are_linted_too(session: Session) -> None:
    uri = "file:///work/flow.asl.yaml"
    session.open(uri, GOOD_YAML.replace("Next: Finish", "Next: Finsh"), "asl-yaml")
    diagnostics = await session.diagnostics(uri)
    undefined = next(d for d in diagnostics if d.code == "ASL201")
    assert undefined.range.start == types.Position(line=7, character=10)


async def test_plain_json_that_is_not_asl_gets_no_diagnostics(session: Session) -> None:
    session.open("file:///work/package.json", '{"name": "x", "version": "1.0.0"}', "json")
    session.open("file:///work/compose.yaml", "services:\n  web:\n    image: x\n", "yaml")
    # Lint jobs run in order on one worker: once a later ASL file is published, the earlier
    # ones are done, and they published nothing.
    session.open(URI, BROKEN)
    await session.diagnostics(URI)
    assert "file:///work/package.json" not in session.client.diagnostics
    assert "file:///work/compose.yaml" not in session.client.diagnostics


async def test_plain_json_holding_a_state_machine_is_served(session: Session) -> None:
    uri = "file:///work/machine.json"
    session.open(uri, BROKEN, "json")
    assert any(d.code == "ASL201" for d in await session.diagnostics(uri))


async def test_client_settings_select_rules(session: Session) -> None:
    session.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"aslLsp": {"lint": {"ignore": ["ASL203"]}}})
    )
    session.open(URI, BROKEN)
    codes = {d.code for d in await session.diagnostics(URI)}
    assert "ASL201" in codes and "ASL203" not in codes


async def test_invalid_settings_are_reported_and_replaced(
    session: Session, client: LanguageClient
) -> None:
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"aslLsp": {"debounceMs": "soon"}})
    )
    session.open(URI, BROKEN)
    assert await session.diagnostics(URI)
    assert any("debounceMs" in m.message for m in client.messages)
