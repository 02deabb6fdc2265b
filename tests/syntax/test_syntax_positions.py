"""LineIndex: code-point offsets <-> line/column for every kind of line break."""

from __future__ import annotations

from asl_lsp.syntax.positions import LineIndex


def test_line_col_across_line_breaks() -> None:
    text = "ab\ncd\r\nef\rg"
    index = LineIndex(text)
    assert index.line_count == 4
    assert index.line_col(0) == (0, 0)
    assert index.line_col(2) == (0, 2)
    assert index.line_col(3) == (1, 0)
    assert index.line_col(text.index("e")) == (2, 0)
    assert index.line_col(text.index("g")) == (3, 0)
    assert index.line_col(len(text)) == (3, 1)
    assert [index.line_text(i) for i in range(4)] == ["ab", "cd", "ef", "g"]


def test_columns_count_code_points() -> None:
    text = 'x\n"😀é": 1'
    index = LineIndex(text)
    assert index.one_based(text.index(":")) == (2, 5)
    assert index.offset_at(1, 4) == text.index(":")


def test_clamping() -> None:
    index = LineIndex("abc\nde\n")
    assert index.line_count == 3
    assert index.line_col(-5) == (0, 0)
    assert index.line_col(999) == (2, 0)
    assert index.offset_at(0, 99) == 3
    assert index.offset_at(-1, 0) == 0
    assert index.offset_at(9, 0) == 7
    assert index.line_text(5) == ""
    assert LineIndex("").line_col(0) == (0, 0)
    assert LineIndex("").one_based(0) == (1, 1)
