"""Incremental didChange: the server's text after any sequence of changes, in every position
encoding, is the text the client has."""

from __future__ import annotations

import random
from bisect import bisect_right

import pytest
from lsprotocol import types

from asl_lsp.lsp.documents import DocumentCache
from asl_lsp.lsp.text_sync import apply_changes
from asl_lsp.syntax.positions import LineIndex, line_starts
from tests.lsp.conftest import Session, position_of, units

ENCODINGS = ("utf-8", "utf-16", "utf-32")
_PIECES = ("a", "é", "😀", "\n", "\r\n", "\r", '"x": 1,', "  ")


def _random_text(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(size))


def _position(text: str, offset: int, encoding: str) -> types.Position:
    """The LSP position of ``offset``, from line starts built from scratch."""
    starts = line_starts(text)
    line = bisect_right(starts, offset) - 1
    return types.Position(line=line, character=units(text[starts[line] : offset], encoding))


def _random_change(
    rng: random.Random, text: str, encoding: str
) -> tuple[types.TextDocumentContentChangePartial, str]:
    """A change as a client sends it, and the text it makes."""
    start = rng.randint(0, len(text))
    end = rng.randint(start, min(len(text), start + 12))
    # Never inside a "\r\n" pair or a surrogate pair: a client's position cannot fall there.
    if 0 < start < len(text) and text[start - 1 : start + 1] == "\r\n":
        start -= 1
    if 0 < end < len(text) and text[end - 1 : end + 1] == "\r\n":
        end += 1
    inserted = _random_text(rng, rng.randint(0, 4))
    change = types.TextDocumentContentChangePartial(
        range=types.Range(
            start=_position(text, start, encoding), end=_position(text, end, encoding)
        ),
        text=inserted,
    )
    return change, text[:start] + inserted + text[end:]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_changes_give_the_clients_text_and_its_line_starts(encoding: str) -> None:
    rng = random.Random(f"text-sync-{encoding}")
    for _ in range(60):
        text = _random_text(rng, rng.randint(0, 30))
        lines = LineIndex(text)
        for _ in range(8):
            batch: list[types.TextDocumentContentChangeEvent] = []
            for _ in range(rng.randint(1, 3)):
                change, text = _random_change(rng, text, encoding)
                batch.append(change)
            lines = apply_changes(lines, batch, encoding)
            assert lines.text == text
            assert [lines.line_start(i) for i in range(lines.line_count)] == line_starts(text)


def test_a_reversed_or_out_of_range_change_is_read_as_its_text() -> None:
    lines = LineIndex("ab\ncd\n")
    start, end = types.Position(line=1, character=1), types.Position(line=0, character=1)
    reversed_range = types.TextDocumentContentChangePartial(
        range=types.Range(start=start, end=end), text="X"
    )
    assert apply_changes(lines, [reversed_range], "utf-16").text == "aXd\n"
    beyond = types.Position(line=9, character=99)
    appended = types.TextDocumentContentChangePartial(
        range=types.Range(start=beyond, end=beyond), text="e"
    )
    edited = apply_changes(lines, [appended], "utf-16")
    assert (edited.text, edited.line_count) == ("ab\ncd\ne", 3)


def test_a_whole_document_change_replaces_the_text() -> None:
    lines = apply_changes(
        LineIndex("old"), [types.TextDocumentContentChangeWholeDocument(text="new\ntext")], "utf-16"
    )
    assert (lines.text, lines.line_count) == ("new\ntext", 2)


DEFINITION = """{
  "Comment": "é😀 before",
  "StartAt": "First",
  "States": {
    "First": {"Type": "Pass", "Next": "Second"},
    "Second": {"Type": "Pass", "End": true}
  }
}
"""


async def test_the_server_follows_incremental_changes(session: Session) -> None:
    """A real server, sent edits as VS Code, Neovim and Emacs encode them, reports a broken
    transition exactly where the client's text has it."""
    uri = "file:///sync/machine.asl.json"
    session.open(uri, DEFINITION)
    assert await session.diagnostics(uri) == []
    rng = random.Random("server-sync")
    for _ in range(10):  # edits inside the Comment, some of them across lines
        text = session.texts[uri]
        comment_end = text.index('",\n  "StartAt"')
        start = rng.randint(text.index('"Comment": "') + 12, comment_end)
        end = rng.randint(start, comment_end)
        session.edit(uri, _edit(session, uri, start, end, rng.choice(("😀", "é", "x", "", "\\n"))))
    broken = session.texts[uri].index('"Second"}') + 1
    session.edit(uri, _edit(session, uri, broken, broken + 6, "Third"))
    diagnostics = await session.diagnostics(uri)
    target = session.texts[uri].index('"Third"')
    assert [(d.code, d.range.start) for d in diagnostics if d.code == "ASL201"] == [
        ("ASL201", session.position(uri, target))
    ]


def _edit(session: Session, uri: str, start: int, end: int, new_text: str) -> types.TextEdit:
    return types.TextEdit(
        range=types.Range(start=session.position(uri, start), end=session.position(uri, end)),
        new_text=new_text,
    )


def test_an_edited_version_takes_over_the_line_index_of_the_text_sync() -> None:
    """The index the text sync derived for an edit is the parsed version's own (an edit of a
    10 MB document derives it once); a stale one, for another text, is never taken."""
    cache = DocumentCache()
    uri = "file:///sync/machine.asl.json"
    first = cache.parsed(uri, 1, DEFINITION)
    offset = DEFINITION.index("before")
    lines = apply_changes(
        first.source.lines,
        [
            types.TextDocumentContentChangePartial(
                range=types.Range(
                    start=position_of(DEFINITION, offset, "utf-16"),
                    end=position_of(DEFINITION, offset, "utf-16"),
                ),
                text="x",
            )
        ],
        "utf-16",
    )
    second = cache.parsed(uri, 2, lines.text, lines)
    assert second.source.lines is lines
    assert second.definitions[0].machine.root.states["Second"].key.start == (
        first.definitions[0].machine.root.states["Second"].key.start + 1
    )
    third_text = lines.text.replace("x", "", 1)
    third = cache.parsed(uri, 3, third_text, lines)  # an index of another text
    assert third.source.lines is not lines
    assert third.source.lines.text is third_text
    assert [third.source.lines.line_start(i) for i in range(third.source.lines.line_count)] == (
        line_starts(third_text)
    )
