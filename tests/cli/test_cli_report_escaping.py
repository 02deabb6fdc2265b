"""The escaping of report text skips text that needs none; it must escape exactly what a
character-by-character translation escapes, for every character."""

from __future__ import annotations

from asl_lsp.report.results import _CONTROL, _JSON_ESCAPES, json_safe, printable


def test_fast_paths_escape_exactly_the_translated_characters() -> None:
    for code in range(0x30000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        for text in (char, f"a{char} b", f"é{char}"):
            assert printable(text) == text.translate(_CONTROL), hex(code)
            assert json_safe(text) == text.translate(_JSON_ESCAPES), hex(code)
