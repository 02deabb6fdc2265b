"""Formatting a YAML definition over LSP: a real, stable, comment-preserving re-indent."""

from __future__ import annotations

import yaml
from lsprotocol import types

from tests.lsp.conftest import Session

URI = "file:///work/flow.asl.yaml"
DOC = types.TextDocumentIdentifier(uri=URI)
MESSY = """\
# Order workflow
StartAt: Fetch   # first
States:
    Fetch:
        Type: Task
        Resource: arn:aws:states:::lambda:invoke
        Parameters: {FunctionName: fetch,
                     Payload.$: $}
        Retry:
        -   ErrorEquals: [States.ALL]
            IntervalSeconds: 2
        # then choose
        Next: Choose
    Choose:
        Type: Choice
        Comment: |
            Line one
              indented two
        Choices:
            - Variable: $.ok
              BooleanEquals: true
              Next: Done
        Default: Done
    Done:
        Type: Succeed
"""


async def _format(session: Session, tab_size: int) -> list[types.TextEdit]:
    edits = await session.client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=DOC,
            options=types.FormattingOptions(tab_size=tab_size, insert_spaces=False),
        )
    )
    return list(edits or [])


async def test_yaml_formatting_reindents_and_keeps_comments_and_data(session: Session) -> None:
    session.open(URI, MESSY, language_id="asl-yaml")
    edits = await _format(session, 2)
    assert edits
    formatted = session.apply(URI, edits)
    assert yaml.safe_load(formatted) == yaml.safe_load(MESSY)
    assert formatted.startswith("# Order workflow\nStartAt: Fetch   # first\nStates:\n  Fetch:\n")
    assert "    # then choose\n    Next: Choose\n" in formatted
    retry = "    Retry:\n    -   ErrorEquals: [States.ALL]\n        IntervalSeconds: 2\n"
    assert retry in formatted
    assert "    Comment: |\n        Line one\n          indented two\n" in formatted
    assert "\t" not in formatted  # YAML indents with spaces, whatever the editor uses
    session.replace_all(URI, formatted)
    assert await _format(session, 2) == []  # stable
    wide = session.apply(URI, await _format(session, 4))
    assert wide.startswith("# Order workflow\nStartAt: Fetch   # first\nStates:\n    Fetch:\n")
    assert yaml.safe_load(wide) == yaml.safe_load(MESSY)


async def test_broken_yaml_is_not_formatted(session: Session) -> None:
    session.open(URI, "StartAt: A\nStates:\n    A: {Type: Pass\n", language_id="asl-yaml")
    assert await _format(session, 2) == []
