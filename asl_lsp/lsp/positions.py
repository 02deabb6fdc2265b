"""The one place where code-point offsets become LSP positions and back.

LSP columns count code units of the negotiated encoding: UTF-16 (VS Code), UTF-8 (Neovim 0.11) or
UTF-32 (Emacs). The core works in code points; this module converts with the line's own text.
"""

from __future__ import annotations

from lsprotocol import types

from asl_lsp.syntax.nodes import Span
from asl_lsp.syntax.positions import LineIndex

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"


def encoding_name(encoding: object) -> str:
    """``utf-8`` / ``utf-16`` / ``utf-32`` from a negotiated ``PositionEncodingKind`` (or None)."""
    value = getattr(encoding, "value", encoding)
    text = str(value).lower() if value else UTF16
    return text if text in (UTF8, UTF16, UTF32) else UTF16


def _units(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    if encoding == UTF8:
        return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    return 1


class PositionMapper:
    """Converts between code-point offsets of one text and LSP positions in one encoding."""

    def __init__(self, lines: LineIndex, encoding: object = UTF16) -> None:
        self.lines = lines
        self.encoding = encoding_name(encoding)

    def position(self, offset: int) -> types.Position:
        line, column = self.lines.line_col(offset)
        if self.encoding != UTF32 and column:
            prefix = self.lines.line_text(line)[:column]
            if not prefix.isascii():
                column = sum(_units(c, self.encoding) for c in prefix)
        return types.Position(line=line, character=column)

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.position(span.start), end=self.position(span.end))

    def offset(self, position: types.Position) -> int:
        line = max(0, min(position.line, self.lines.line_count - 1))
        if position.line >= self.lines.line_count:
            return self.lines.offset_at(line, 10**9)
        target = max(0, position.character)
        if self.encoding == UTF32:
            return self.lines.offset_at(line, target)
        text = self.lines.line_text(line)
        if text.isascii():  # one unit per character in every encoding
            return self.lines.offset_at(line, target)
        units = 0
        column = 0
        for char in text:
            if units >= target or char in "\r\n":
                break
            units += _units(char, self.encoding)
            column += 1
        return self.lines.offset_at(line, column)

    def span(self, range_: types.Range) -> Span:
        return Span(self.offset(range_.start), self.offset(range_.end))
