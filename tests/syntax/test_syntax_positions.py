"""LineIndex: code-point offsets <-> line/column for every kind of line break."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from asl_lsp.syntax.positions import LineIndex, line_starts


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


_LINE_TEXT = st.text(alphabet=st.sampled_from(list("ab \r\n\u2028\x85\v")), max_size=40)


@settings(max_examples=500)
@given(_LINE_TEXT)
def test_line_starts_summed_in_c_match_a_scan_of_the_breaks(text: str) -> None:
    scanned = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]
    assert line_starts(text) == scanned


@settings(max_examples=500)
@given(_LINE_TEXT, st.integers(-2, 45))
def test_the_line_around_an_offset_is_the_indexed_line(text: str, offset: int) -> None:
    indexed = LineIndex(text)
    clamped = min(max(offset, 0), len(text))
    line0, col = indexed.line_col(clamped)
    assert LineIndex(text).line_around(offset) == (clamped - col, indexed.line_text(line0))


def test_one_based_all_matches_one_based_in_any_order() -> None:
    text = "ab\ncd\r\nef\rg\n\n😀x"
    index = LineIndex(text)
    offsets = [*range(-2, len(text) + 3), 5, 0, len(text), 3, 3, -1, 999, 2]
    assert index.one_based_all(offsets) == [index.one_based(o) for o in offsets]
    assert LineIndex("").one_based_all([0, 4, -1]) == [(1, 1)] * 3
    assert index.one_based_all([]) == []


def test_line_starts_are_the_same_with_and_without_carriage_returns() -> None:
    for text in ("", "\n", "a", "a\n", "\n\nb\n", "ab\ncd\nef", "😀\n\n😀x\n"):
        with_cr = LineIndex(text.replace("\n", "\r\n"))
        plain = LineIndex(text)
        assert plain.line_count == with_cr.line_count == text.count("\n") + 1
        assert [plain.line_text(i) for i in range(plain.line_count)] == text.split("\n")
        assert [with_cr.line_text(i) for i in range(with_cr.line_count)] == text.split("\n")


_LINE_TEXT = st.text(alphabet="ab\r\n\u2028😀", max_size=40)


@settings(max_examples=400, deadline=None)
@given(_LINE_TEXT, st.data())
def test_an_edited_index_has_the_line_starts_of_the_new_text(
    text: str, data: st.DataObject
) -> None:
    """Carried over an edit, an index agrees with one built from scratch, breaks that the edit
    splits ("\\r" | "\\n") or joins included."""
    index = LineIndex(text)
    index.index_lines()
    start = data.draw(st.integers(0, len(text)))
    old_end = data.draw(st.integers(start, len(text)))
    inserted = data.draw(_LINE_TEXT)
    new_text = text[:start] + inserted + text[old_end:]
    edited = index.edited(new_text, start, old_end, start + len(inserted))
    assert edited.text == new_text
    assert [edited.line_start(i) for i in range(edited.line_count)] == line_starts(new_text)


def test_an_index_never_built_stays_lazy_over_an_edit() -> None:
    edited = LineIndex("a\nb").edited("a\nxb", 2, 2, 3)
    assert edited.line_col(3) == (1, 1)
