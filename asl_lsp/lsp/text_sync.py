"""A document's next text from ``didChange`` content changes, with its line index carried over.

Positions in a change are in the client's encoding and refer to the text as the previous change
left it. They are converted with the line index of that text, which each change derives from
the one before (:meth:`asl_lsp.syntax.positions.LineIndex.edited`): on a 10 MB document an edit
then costs a shift of the line starts, where splitting the whole text into lines and joining it
again, as a generic workspace does, costs tens of milliseconds per keystroke.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from asl_lsp.lsp.positions import PositionMapper
from asl_lsp.syntax.positions import LineIndex


def apply_changes(
    lines: LineIndex, changes: Sequence[types.TextDocumentContentChangeEvent], encoding: str
) -> LineIndex:
    """The line index of the text that ``changes``, applied in order, make of ``lines.text``."""
    for change in changes:
        if isinstance(change, types.TextDocumentContentChangePartial):
            span = PositionMapper(lines, encoding).span(change.range)
            start, end = sorted((span.start, span.end))  # a reversed range means the same text
            text = lines.text
            inserted = change.text
            new_text = text[:start] + inserted + text[end:]
            lines = lines.edited(new_text, start, end, start + len(inserted))
        else:
            lines = LineIndex(change.text)
    return lines
