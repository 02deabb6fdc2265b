"""Quick fixes, fix-all, code lenses, folding, selection ranges, formatting, semantic tokens."""

from __future__ import annotations

import json

from lsprotocol import types

from tests.lsp.conftest import Session
from tests.lsp.fixtures import BROKEN, GOOD, UNICODE

URI = "file:///work/flow.asl.json"
DOC = types.TextDocumentIdentifier(uri=URI)
FIXABLE = """{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "B"},
    "B": {"Type": "Pass"},
    "M": {
      "Type": "Map",
      "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}},
      "End": true
    }
  }
}
"""


async def _actions(
    session: Session, diagnostics: list[types.Diagnostic], only: list[str] | None = None
) -> list[types.CodeAction]:
    whole = types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=40, character=0)
    )
    result = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=DOC,
            range=whole,
            context=types.CodeActionContext(diagnostics=diagnostics, only=only),
        )
    )
    return [a for a in result or () if isinstance(a, types.CodeAction)]


async def test_quick_fix_changes_next_and_reparses(session: Session) -> None:
    session.open(URI, BROKEN)
    diagnostics = await session.diagnostics(URI)
    actions = await _actions(session, diagnostics, [types.CodeActionKind.QuickFix])
    change = next(a for a in actions if a.title == "Change Next to 'Process'")
    assert change.kind == types.CodeActionKind.QuickFix
    assert change.diagnostics and change.diagnostics[0].code == "ASL201"
    assert change.edit is not None and change.edit.changes is not None
    fixed = session.apply(URI, list(change.edit.changes[URI]))
    assert json.loads(fixed)["States"]["Start"]["Next"] == "Process"
    # Formatting and key order outside the edit stay as they were.
    assert fixed.replace('"Process"', '"Procss"', 1) == BROKEN
    session.replace_all(URI, fixed)
    assert not any(d.code == "ASL201" for d in await session.diagnostics(URI))


async def test_each_fix_is_offered_and_fix_all_applies_safe_ones(session: Session) -> None:
    session.open(URI, FIXABLE)
    diagnostics = await session.diagnostics(URI)
    titles = {a.title for a in await _actions(session, diagnostics)}
    assert {
        'Add "End": true',
        "Remove unreachable state 'M'",
        "Replace Iterator with ItemProcessor",
    } <= titles
    fix_all = await _actions(session, diagnostics, ["source.fixAll.asl"])
    assert len(fix_all) == 1 and fix_all[0].kind == "source.fixAll.asl"
    assert fix_all[0].edit is not None and fix_all[0].edit.changes is not None
    fixed = json.loads(session.apply(URI, list(fix_all[0].edit.changes[URI])))
    assert fixed["States"]["B"]["End"] is True
    assert "ItemProcessor" in fixed["States"]["M"] and "Iterator" not in fixed["States"]["M"]
    assert "M" in fixed["States"]  # removing a state is not a safe fix


async def test_code_lenses_run_the_server_commands(session: Session) -> None:
    session.open(URI, GOOD)
    lenses = await session.client.text_document_code_lens_async(
        types.CodeLensParams(text_document=DOC)
    )
    assert lenses is not None
    commands = {(lens.command.title, lens.command.command) for lens in lenses if lens.command}
    assert ("Render graph", "asl.renderGraph") in commands
    assert ("Run locally", "asl.runLocal") in commands
    assert ("Deploy", "asl.deploy") in commands
    assert all(lens.range.start.line == 0 for lens in lenses)


async def test_folding_and_selection_ranges(session: Session) -> None:
    session.open(URI, GOOD)
    folds = await session.client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=DOC)
    )
    assert folds is not None
    assert (0, 18) in {(f.start_line, f.end_line) for f in folds}
    assert (3, 6) in {(f.start_line, f.end_line) for f in folds}
    inside = session.position(URI, GOOD.index('"Pass"') + 2)
    ranges = await session.client.text_document_selection_range_async(
        types.SelectionRangeParams(text_document=DOC, positions=[inside])
    )
    assert ranges is not None
    chain = []
    node: types.SelectionRange | None = ranges[0]
    while node is not None:
        chain.append(node.range)
        node = node.parent
    assert chain[0].start.line == chain[0].end.line == 4  # the "Pass" string
    assert chain[-1].start == types.Position(line=0, character=0)
    assert len(chain) >= 5


async def test_formatting_is_stable_and_keeps_key_order(session: Session) -> None:
    messy = '{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"b":1,"a":2.50},"End":true}}}'
    session.open(URI, messy)
    edits = await session.client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=DOC, options=types.FormattingOptions(tab_size=2, insert_spaces=True)
        )
    )
    assert edits
    formatted = session.apply(URI, list(edits))
    assert json.loads(formatted) == json.loads(messy)
    assert formatted.startswith('{\n  "StartAt": "A",\n  "States": {\n    "A": {')
    assert '"b": 1,\n' in formatted and "2.50" in formatted
    session.replace_all(URI, formatted)
    again = await session.client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=DOC, options=types.FormattingOptions(tab_size=2, insert_spaces=True)
        )
    )
    assert not again


async def test_semantic_tokens_mark_state_names_and_variables(session: Session) -> None:
    session.open(URI, UNICODE)
    result = await session.client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=DOC)
    )
    assert result is not None
    data = list(result.data)
    assert len(data) % 5 == 0
    line = column = 0
    decoded = []
    for index in range(0, len(data), 5):
        delta_line, delta_start, length, kind, modifiers = data[index : index + 5]
        line += delta_line
        column = column + delta_start if delta_line == 0 else delta_start
        decoded.append((line, column, length, kind, modifiers))
    lines = UNICODE.split("\n")

    def text_of(line: int, column: int, length: int) -> str:
        raw = lines[line]
        if session.encoding == "utf-8":
            data = raw.encode()
            return data[column : column + length].decode()
        if session.encoding == "utf-16":
            data = raw.encode("utf-16-le")
            return data[2 * column : 2 * (column + length)].decode("utf-16-le")
        return raw[column : column + length]

    names = [(text_of(ln, c, n), m) for ln, c, n, _, m in decoded]
    assert ("Étape 🚀", 0) in names  # StartAt reference
    assert ("Étape 🚀", 1) in names  # declaration
    assert ("Größe ✓", 1) in names and ("Größe ✓", 0) in names
