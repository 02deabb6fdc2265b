"""Definition, references, highlights, rename and the outline over stdio, in every encoding."""

from __future__ import annotations

import json

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.lsp.conftest import Session, offset_of
from tests.lsp.fixtures import GOOD, GOOD_YAML, UNICODE

URI = "file:///work/flow.asl.json"
DOC = types.TextDocumentIdentifier(uri=URI)


def _at(session: Session, needle: str, nth: int = 0, delta: int = 1) -> types.Position:
    text = session.texts[URI]
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    return session.position(URI, index + delta)


async def test_definition_and_references_of_a_state(session: Session) -> None:
    session.open(URI, GOOD)
    found = await session.client.text_document_definition_async(
        types.DefinitionParams(text_document=DOC, position=_at(session, '"Finish"', 0, 3))
    )
    assert isinstance(found, list) and len(found) == 1
    assert found[0].range.start == _at(session, '"Finish"', 1, 0)
    refs = await session.client.text_document_references_async(
        types.ReferenceParams(
            text_document=DOC,
            position=_at(session, '"Process"', 1, 2),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert refs is not None
    assert sorted(r.range.start.line for r in refs) == [6, 8]


async def test_variable_definition_and_highlights(session: Session) -> None:
    session.open(URI, GOOD)
    found = await session.client.text_document_definition_async(
        types.DefinitionParams(text_document=DOC, position=_at(session, "$count", 0, 2))
    )
    assert isinstance(found, list) and found[0].range.start.line == 10
    highlights = await session.client.text_document_document_highlight_async(
        types.DocumentHighlightParams(text_document=DOC, position=_at(session, '"Finish"', 0, 2))
    )
    assert highlights is not None
    kinds = sorted(h.kind for h in highlights if h.kind is not None)
    assert kinds == [types.DocumentHighlightKind.Read, types.DocumentHighlightKind.Write]


async def test_rename_applies_and_reparses(session: Session) -> None:
    session.open(URI, GOOD)
    prepared = await session.client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=DOC, position=_at(session, '"Process"', 0, 2))
    )
    assert isinstance(prepared, types.PrepareRenamePlaceholder)
    assert prepared.placeholder == "Process"
    edit = await session.client.text_document_rename_async(
        types.RenameParams(
            text_document=DOC, position=_at(session, '"Process"', 0, 2), new_name="Handle order"
        )
    )
    assert edit is not None and edit.changes is not None
    renamed = json.loads(session.apply(URI, list(edit.changes[URI])))
    assert "Handle order" in renamed["States"] and "Process" not in renamed["States"]
    assert renamed["States"]["Start"]["Next"] == "Handle order"


async def test_rename_refuses_collisions_and_bad_names(session: Session) -> None:
    session.open(URI, GOOD)
    for bad in ("Finish", "x" * 81, "tab\there"):
        with pytest.raises(JsonRpcException) as raised:
            await session.client.text_document_rename_async(
                types.RenameParams(
                    text_document=DOC, position=_at(session, '"Process"', 0, 2), new_name=bad
                )
            )
        assert "cannot rename" in str(raised.value)


async def test_rename_in_yaml_keeps_yaml(session: Session) -> None:
    import yaml

    uri = "file:///work/flow.asl.yaml"
    session.open(uri, GOOD_YAML, "asl-yaml")
    text = GOOD_YAML
    edit = await session.client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=session.position(uri, text.index("Finish") + 1),
            new_name="Yes",
        )
    )
    assert edit is not None and edit.changes is not None
    data = yaml.safe_load(session.apply(uri, list(edit.changes[uri])))
    assert data["States"]["Process"]["Next"] == "Yes" and "Yes" in data["States"]


async def test_document_symbols_are_nested(session: Session) -> None:
    text = json.dumps(
        {
            "StartAt": "Fan",
            "States": {
                "Fan": {
                    "Type": "Parallel",
                    "Branches": [{"StartAt": "Inner", "States": {"Inner": {"Type": "Succeed"}}}],
                    "End": True,
                }
            },
        },
        indent=2,
    )
    session.open(URI, text)
    symbols = await session.client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=DOC)
    )
    assert symbols is not None
    top = symbols[0]
    assert isinstance(top, types.DocumentSymbol)
    assert (top.name, top.detail, top.kind) == ("Fan", "Parallel", types.SymbolKind.Struct)
    branch = next(iter(top.children or ()))
    assert [c.name for c in branch.children or ()] == ["Inner"]


async def test_positions_in_every_encoding(session: Session) -> None:
    """Non-ASCII names and an emoji: ranges count the negotiated units exactly."""
    session.open(URI, UNICODE)
    text = UNICODE
    diagnostics = await session.diagnostics(URI)
    undefined = next(d for d in diagnostics if d.code == "ASL201")
    start = offset_of(text, undefined.range.start, session.encoding)
    end = offset_of(text, undefined.range.end, session.encoding)
    assert text[start:end] == '"Nicht da 🙂"'
    # Definition from the reference to "Größe ✓", placed after the emoji on that line.
    reference = text.index('"Größe ✓"}')
    found = await session.client.text_document_definition_async(
        types.DefinitionParams(text_document=DOC, position=session.position(URI, reference + 3))
    )
    assert isinstance(found, list)
    target = offset_of(text, found[0].range.start, session.encoding)
    assert text[target:].startswith('"Größe ✓": {')
    edit = await session.client.text_document_rename_async(
        types.RenameParams(
            text_document=DOC, position=session.position(URI, reference + 3), new_name="Maß 🎯"
        )
    )
    assert edit is not None and edit.changes is not None
    renamed = json.loads(session.apply(URI, list(edit.changes[URI])))
    assert renamed["States"]["Étape 🚀"]["Next"] == "Maß 🎯" and "Maß 🎯" in renamed["States"]
