"""A cursor over an expression's text, shared by the JSONPath and intrinsic-function parsers."""

from __future__ import annotations


class Scanner:
    """``text`` and the current offset ``pos``, with the look-ahead both parsers use."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self, n: int = 0) -> str:
        """The character ``n`` places after the cursor ("" past the end)."""
        i = self.pos + n
        return self.text[i] if i < len(self.text) else ""

    def skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def bounds(self, start: int | None, end: int | None) -> tuple[int, int]:
        """An error's offsets: ``start`` defaults to the cursor, ``end`` to one character on (not
        past the text), and ``end`` is never before ``start``."""
        s = self.pos if start is None else start
        e = min(len(self.text), s + 1) if end is None else end
        return s, max(s, e)
