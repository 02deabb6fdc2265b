"""Completion and hover over stdio, JSON and YAML, with and without snippet support."""

from __future__ import annotations

import json

import yaml
from lsprotocol import types

from tests.lsp.conftest import Session
from tests.lsp.fixtures import GOOD, GOOD_YAML

URI = "file:///work/flow.asl.json"
YURI = "file:///work/flow.asl.yaml"


async def _complete(session: Session, uri: str, offset: int) -> list[types.CompletionItem]:
    result = await session.client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=session.position(uri, offset),
        )
    )
    assert isinstance(result, types.CompletionList)
    return list(result.items)


def _accept(session: Session, uri: str, item: types.CompletionItem) -> str:
    edit = item.text_edit
    assert isinstance(edit, types.TextEdit)
    text = edit.new_text
    if item.insert_text_format == types.InsertTextFormat.Snippet:
        from asl_lsp.service.spelling import snippet_to_plain

        text = snippet_to_plain(text)
    return session.apply(uri, [types.TextEdit(range=edit.range, new_text=text)])


async def test_next_value_after_an_open_quote_in_json(session: Session) -> None:
    text = GOOD.replace('"Next": "Process"', '"Next": "')
    session.open(URI, text)
    items = await _complete(session, URI, text.index('"Next": "') + 9)
    labels = {i.label for i in items}
    assert labels == {"Process", "Finish"}  # never the current state
    accepted = _accept(session, URI, next(i for i in items if i.label == "Finish"))
    assert json.loads(accepted)["States"]["Start"]["Next"] == "Finish"


async def test_key_completion_offers_missing_fields_with_docs(session: Session) -> None:
    text = GOOD.replace('"Result": {"n": 1},', '"Com')
    session.open(URI, text)
    items = await _complete(session, URI, text.index('"Com') + 4)
    by_label = {i.label: i for i in items}
    assert "Comment" in by_label and "Type" not in by_label and "Next" not in by_label
    assert "Resource" not in by_label  # not a field of a Pass state
    comment = by_label["Comment"]
    assert comment.documentation is not None
    assert comment.filter_text == '"Comment'
    if session.snippets:
        assert comment.insert_text_format == types.InsertTextFormat.Snippet
    else:
        assert comment.insert_text_format in (None, types.InsertTextFormat.PlainText)
        assert "$" not in comment.text_edit.new_text  # type: ignore[union-attr]
    accepted = _accept(session, URI, comment).replace('"Comment": ""', '"Comment": "",')
    assert json.loads(accepted)["States"]["Start"]["Comment"] == ""


async def test_yaml_key_without_colon_and_enum_values(session: Session) -> None:
    text = GOOD_YAML.replace("    Type: Succeed\n", "    Ty\n")
    session.open(YURI, text, "asl-yaml")
    items = await _complete(session, YURI, text.index("    Ty\n") + 6)
    type_item = next(i for i in items if i.label == "Type")
    accepted = yaml.safe_load(_accept(session, YURI, type_item))
    assert accepted["States"]["Finish"]["Type"] == "Pass"
    text = GOOD_YAML.replace("Type: Succeed", "Type: ")
    session.replace_all(YURI, text)
    items = await _complete(session, YURI, text.index("Type: \n") + 6)
    assert {i.label for i in items} == {
        "Pass",
        "Task",
        "Choice",
        "Wait",
        "Succeed",
        "Fail",
        "Parallel",
        "Map",
    }


async def test_yaml_state_names_are_quoted_when_yaml_would_misread_them(session: Session) -> None:
    text = GOOD_YAML.replace("Finish", "Yes").replace("Next: Process", "Next: ")
    session.open(YURI, text, "asl-yaml")
    items = await _complete(session, YURI, text.index("Next: \n") + 6)
    yes = next(i for i in items if i.label == "Yes")
    assert yes.text_edit is not None and yes.text_edit.new_text == '"Yes"'
    assert yaml.safe_load(_accept(session, YURI, yes))["States"]["Start"]["Next"] == "Yes"


async def test_state_snippets_in_states(session: Session) -> None:
    text = GOOD.replace('    "Finish": {', '    \n    "Finish": {')
    session.open(URI, text)
    items = await _complete(session, URI, text.index('    \n    "Finish"') + 4)
    labels = {i.label for i in items}
    assert {"Task state", "Choice state", "Map state", "Parallel state"} <= labels
    wait = next(i for i in items if i.label == "Wait state")
    accepted = _accept(session, URI, wait).replace('\n    "Finish": {', ',\n    "Finish": {')
    assert json.loads(accepted)["States"]["New Wait"] == {"Type": "Wait", "Seconds": 5, "Next": ""}


async def test_hover_on_reference_field_and_function(session: Session) -> None:
    session.open(URI, GOOD)

    async def hover(offset: int) -> str:
        result = await session.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=URI),
                position=session.position(URI, offset),
            )
        )
        assert result is not None and isinstance(result.contents, types.MarkupContent)
        return result.contents.value

    target = await hover(GOOD.index('"Next": "Process"') + 11)
    assert "Process" in target and "Pass" in target and "Finish" in target
    field = await hover(GOOD.index('"Result"') + 2)
    assert "**Result**" in field
    variable = await hover(GOOD.index("$count") + 2)
    assert "assigned in state `Process`" in variable
