"""What a lint run produced, file by file: the input every output format renders."""

from __future__ import annotations

import json
from collections import Counter

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.records import Record
from asl_lsp.syntax.positions import LineIndex


class FileResult(Record):
    """One file of a run: the findings, the text they point into, or why it could not be read.

    Written out rather than made by ``dataclasses`` (see ``asl_lsp.records``).
    """

    _fields = ("path", "diagnostics", "lines", "text", "error", "fixed")
    __slots__ = _fields

    def __init__(
        self,
        path: str,
        diagnostics: list[Diagnostic],
        lines: LineIndex,
        text: str,
        error: str | None = None,  # the file could not be read: a one-line reason
        fixed: int = 0,  # how many fixes --fix applied
    ) -> None:
        self.path = path
        self.diagnostics = diagnostics
        self.lines = lines
        self.text = text
        self.error = error
        self.fixed = fixed


class RunResult(Record):
    """What a run produced, file by file: the input every output format renders."""

    _fields = ("files",)
    __slots__ = _fields

    def __init__(self, files: list[FileResult] | None = None) -> None:
        self.files: list[FileResult] = [] if files is None else files

    def count(self, severity: Severity) -> int:
        return self._severities()[severity]

    @property
    def has_errors(self) -> bool:
        return self.count(Severity.ERROR) > 0

    @property
    def has_io_errors(self) -> bool:
        return any(f.error is not None for f in self.files)

    @property
    def fixable(self) -> int:
        return sum(1 for f in self.files for d in f.diagnostics if d.has_safe_fix)

    def summary(self) -> dict[str, int]:
        severities = self._severities()
        return {
            "files": len(self.files),
            "errors": severities[Severity.ERROR],
            "warnings": severities[Severity.WARNING],
            "infos": severities[Severity.INFO],
            "hints": severities[Severity.HINT],
            "fixable": self.fixable,
            "fixed": sum(f.fixed for f in self.files),
            "unreadable": sum(1 for f in self.files if f.error is not None),
        }

    def _severities(self) -> Counter[Severity]:
        """How many findings of each severity, in one pass over them all."""
        return Counter(d.severity for f in self.files for d in f.diagnostics)


# Bidirectional embeddings, overrides and isolates reorder what a reviewer sees ("Trojan
# Source"); they are escaped like control characters.
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_CONTROL = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in (
        *range(0x00, 0x09),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        0x2028,
        0x2029,
        *_BIDI,
    )
}
# JSON already escapes C0 controls; these it would write raw with ensure_ascii=False.
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in (*range(0x7F, 0xA0), 0x2028, 0x2029, *_BIDI)}


def json_text(document: object) -> str:
    """``document`` as indented JSON with non-ASCII text kept, except C1 controls, line
    separators and bidi controls, which are written as ``\\uXXXX`` escapes (they can only occur
    inside strings, so the JSON means the same)."""
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def json_safe(json_fragment: str) -> str:
    """``json_fragment`` with C1 controls, line separators and bidi controls escaped (see
    :func:`json_text`); applying it piece by piece gives the same text as applying it once."""
    # Every character it escapes is DEL or beyond ASCII; most reports are ASCII throughout, and
    # these checks are much cheaper than translate's lookup of every character.
    if json_fragment.isascii() and "\x7f" not in json_fragment:
        return json_fragment
    return json_fragment.translate(_JSON_ESCAPES)


def printable(text: str) -> str:
    """Text from a document, safe to print on a terminal or in a CI log: control characters
    (escape sequences, bells, backspaces, C1 codes) are shown as ``\\x1b``-style escapes."""
    # Every character it escapes is one str.isprintable rejects (controls, format characters,
    # line and paragraph separators); the check is much cheaper than translate's lookups.
    if text.isprintable():
        return text
    return text.translate(_CONTROL)


def one_based_range(lines: LineIndex, diagnostic: Diagnostic) -> dict[str, dict[str, int]]:
    """The diagnostic's range as 1-based line/column (code points), as every CLI format prints
    it."""
    start_line, start_col = lines.one_based(diagnostic.span.start)
    end_line, end_col = lines.one_based(diagnostic.span.end)
    return {
        "start": {"line": start_line, "column": start_col},
        "end": {"line": end_line, "column": end_col},
    }
