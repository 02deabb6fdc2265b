"""Offsets to line/column, the one place that does it for the CLI and the reports.

The core speaks code-point offsets (``str`` indices). People and terminals speak 1-based
line:column, and LSP clients speak their own encodings (converted in ``asl_lsp.lsp``); keeping one
mapping here means every report agrees on where a finding is.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BREAK_CHARACTER = re.compile(r"[\r\n]")
# Line separators of str.splitlines that LSP does not count as line breaks.
_OTHER_SEPARATORS = ("\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def line_starts(text: str) -> list[int]:
    """The offset where each line begins (the first is 0; a final line break starts an empty
    line)."""
    if any(separator in text for separator in _OTHER_SEPARATORS):
        return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
    # Without those separators, splitlines breaks exactly where LSP does; summing the line
    # lengths runs in C, where a regex walk costs a Python step per line.
    starts = list(accumulate(map(len, text.splitlines(keepends=True)), initial=0))
    if text and text[-1] not in "\r\n":
        starts.pop()
    return starts


class LineIndex:
    """Line starts of a text, so offset <-> (line, column) is a binary search.

    Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r`` (the three breaks LSP recognises).
    Columns count code points.
    """

    __slots__ = ("_line_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts: list[int] | None = None

    @property
    def _starts(self) -> list[int]:
        # Built on first use: most documents never need a line number (no findings).
        starts = self._line_starts
        if starts is None:
            starts = self._line_starts = line_starts(self.text)
        return starts

    def edited(self, text: str, start: int, old_end: int, new_end: int) -> LineIndex:
        """The index of ``text``, in which this index's ``[start, old_end)`` became
        ``text[start:new_end]`` and the rest is unchanged.

        Whether an offset starts a line depends only on the character before it and the one at
        it (``\r`` followed by ``\n`` is one break), so the line starts before the edit are kept,
        those after it are moved by its length, and only the edited stretch is searched: an
        edit of a 10 MB document costs a shift of its line starts, not a new scan of the text.
        """
        index = LineIndex(text)
        starts = self._line_starts
        if starts is None:
            return index  # never built: the new one is built on first use too
        delta = new_end - old_end
        kept = starts[: bisect_left(starts, start)]
        if not kept:
            kept = [0]
        for match in _BREAK_CHARACTER.finditer(text, max(start - 1, 0), new_end):
            after = match.end()
            if after >= start and (match.group() == "\n" or text[after : after + 1] != "\n"):
                kept.append(after)
        moved = starts[bisect_right(starts, old_end) :]
        kept.extend(map(delta.__add__, moved) if delta else moved)
        index._line_starts = kept
        return index

    def index_lines(self) -> None:
        """Build the line starts now, off the path of a request that will need them (the
        language server does it on its lint thread, right after parsing a version)."""
        _ = self._starts

    @property
    def line_count(self) -> int:
        """Number of lines; a text ending in a newline has an empty last line."""
        return len(self._starts)

    def line_start(self, line0: int) -> int:
        """Offset where 0-based ``line0`` begins (clamped to the text)."""
        if line0 < 0:
            return 0
        if line0 >= len(self._starts):
            return len(self.text)
        return self._starts[line0]

    def line_end(self, line0: int) -> int:
        """Offset of the end of ``line0``'s content, before its line break."""
        if line0 < 0:
            return 0
        if line0 >= len(self._starts) - 1:
            return len(self.text)
        end = self._starts[line0 + 1]
        text = self.text
        if end >= 2 and text[end - 2 : end] == "\r\n":
            return end - 2
        return end - 1

    def line_col(self, offset: int) -> tuple[int, int]:
        """0-based (line, column) of ``offset``; offsets outside the text are clamped."""
        offset = min(max(offset, 0), len(self.text))
        line0 = bisect_right(self._starts, offset) - 1
        return line0, offset - self._starts[line0]

    def offset_at(self, line0: int, col0: int) -> int:
        """Offset of 0-based (line, column), clamped to the line's content and to the text."""
        if line0 < 0:
            return 0
        if line0 >= len(self._starts):
            return len(self.text)
        start = self._starts[line0]
        return start + min(max(col0, 0), self.line_end(line0) - start)

    def line_around(self, offset: int) -> tuple[int, str]:
        """(start offset, text without its break) of the line holding ``offset``.

        One request (a completion's cursor) needs one line: found by searching back and forth
        from the offset while the index of every line start is not built yet.
        """
        offset = min(max(offset, 0), len(self.text))
        if self._line_starts is not None:
            line0, col = self.line_col(offset)
            return offset - col, self.line_text(line0)
        text = self.text
        start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
        if start == offset and text[offset - 1 : offset + 1] == "\r\n":
            # Between the two characters of one "\r\n" break: still the line it ends.
            start = max(text.rfind("\n", 0, offset - 1), text.rfind("\r", 0, offset - 1)) + 1
        ends = [end for end in (text.find("\n", start), text.find("\r", start)) if end >= 0]
        return start, text[start : min(ends, default=len(text))]

    def one_based(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``, as the CLI prints it."""
        line0, col0 = self.line_col(offset)
        return line0 + 1, col0 + 1

    def one_based_all(self, offsets: Iterable[int]) -> list[tuple[int, int]]:
        """1-based (line, column) of each offset, as :meth:`one_based` gives them, in one pass.

        Reports convert a batch of findings at once: one call instead of three per offset. An
        offset on the line of the previous one needs no search (a finding's start and end, every
        finding of a minified one-line document), and a search starts at the previous line when
        offsets ascend (findings come in text order), so the pass costs little more than reading
        the offsets.
        """
        starts = self._starts
        count = len(starts)
        size = len(self.text)
        result: list[tuple[int, int]] = []
        line = 1  # 1-based line of the previous offset: it spans [line_start, next_start)
        line_start = 0
        next_start = starts[1] if count > 1 else size + 1
        for offset in offsets:
            if offset < 0:
                offset = 0
            elif offset > size:
                offset = size
            if not line_start <= offset < next_start:
                line = bisect_right(starts, offset, line - 1 if offset >= line_start else 0)
                line_start = starts[line - 1]
                next_start = starts[line] if line < count else size + 1
            result.append((line, offset - line_start + 1))
        return result

    def line_text(self, line0: int) -> str:
        """The text of 0-based ``line0`` without its line break ("" outside the text)."""
        if line0 < 0 or line0 >= len(self._starts):
            return ""
        return self.text[self._starts[line0] : self.line_end(line0)]
