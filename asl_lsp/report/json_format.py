"""``--format json``: the stable machine-readable contract described in DESIGN.md.

The report is written file by file and finding by finding: a run with 100,000 findings would
otherwise hold a dictionary per finding, the whole document and its text in memory at once, and
``json.dumps(indent=...)`` runs the pure-Python encoder. Each finding has a fixed shape, so it is
formatted directly; the bytes are exactly those of ``json.dumps(document, indent=2,
ensure_ascii=False)`` (a test holds the two together).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any, TextIO

from asl_lsp.diagnostic import Diagnostic, Fix, Severity
from asl_lsp.report.results import FileResult, RunResult, json_safe
from asl_lsp.syntax.positions import LineIndex

JSON_VERSION = 1

# Findings formatted per write: large enough to make writes cheap, small enough to stay bounded.
_BATCH = 500

_quote: Any = getattr(json.encoder, "c_encode_basestring", None) or json.encoder.encode_basestring


class _Layout:
    """The constant text between a finding's values at one indentation, joined into as few
    pieces as possible once per report: what stays per finding is quoting its strings and placing
    them and its numbers between these pieces."""

    def __init__(self, pad: str) -> None:
        p1 = pad + "  "  # the finding's members
        p2 = p1 + "  "  # its range's start and end; the fix's members
        p3 = p2 + "  "  # their line and column; the fix's edits
        p4 = p3 + "  "  # an edit's members
        p5 = p4 + "  "  # an edit range's start and end
        p6 = p5 + "  "  # their line and column
        self.pad, self.p1 = pad, p1
        self.path = f',\n{p1}"path": '
        self.start_line = f',\n{p1}"range": {{\n{p2}"start": {{\n{p3}"line": '
        self.column = f',\n{p3}"column": '
        self.end_line = f'\n{p2}}},\n{p2}"end": {{\n{p3}"line": '
        self.fix = f'\n{p2}}}\n{p1}}},\n{p1}"fix": '
        self.close = f"\n{pad}}}"
        self.fix_title = f'{{\n{p2}"title": '
        self.fix_safe = {
            safe: f',\n{p2}"safe": {"true" if safe else "false"},\n{p2}"edits": '
            for safe in (True, False)
        }
        self.fix_close = f"\n{p1}}}"
        self.edit_start_line = f'{p3}{{\n{p4}"range": {{\n{p5}"start": {{\n{p6}"line": '
        self.edit_column = f',\n{p6}"column": '
        self.edit_end_line = f'\n{p5}}},\n{p5}"end": {{\n{p6}"line": '
        self.edit_text = f'\n{p5}}}\n{p4}}},\n{p4}"newText": '
        self.edit_close = f"\n{p3}}}"
        self.edits_close = f"\n{p2}]"
        self.heads: dict[tuple[str, str, Severity], str] = {}

    def head(self, diagnostic: Diagnostic) -> str:
        """Everything up to the message's value; one per code, rule and severity."""
        key = (diagnostic.code, diagnostic.rule, diagnostic.severity)
        text = self.heads.get(key)
        if text is None:
            p1 = self.p1
            text = self.heads[key] = (
                f'{self.pad}{{\n{p1}"code": {_quote(key[0])},\n{p1}"rule": {_quote(key[1])},\n'
                f'{p1}"severity": {_quote(key[2].value)},\n{p1}"message": '
            )
        return text


def _fix_text(fix: Fix, positions: Iterator[tuple[int, int]], layout: _Layout) -> str:
    """The fix object, whose opening brace follows ``"fix": ``."""
    if fix.edits:
        items = []
        start_line, column, end_line = (
            layout.edit_start_line,
            layout.edit_column,
            layout.edit_end_line,
        )
        text, close = layout.edit_text, layout.edit_close
        for edit in fix.edits:
            (sl, sc), (el, ec) = next(positions), next(positions)
            items.append(
                f"{start_line}{sl}{column}{sc}{end_line}{el}{column}{ec}{text}"
                f"{_quote(edit.new_text)}{close}"
            )
        edits = "[\n" + ",\n".join(items) + layout.edits_close
    else:
        edits = "[]"
    return (
        f"{layout.fix_title}{_quote(fix.title)}{layout.fix_safe[fix.safe]}{edits}{layout.fix_close}"
    )


def _batch_text(diagnostics: list[Diagnostic], lines: LineIndex, layout: _Layout) -> str:
    """Findings as indented JSON objects joined by commas. Every offset of the batch (ranges and
    fix edits) is converted to line/column in one pass, in the order the objects print them."""
    fixes = [d.resolve_fix() for d in diagnostics]  # deferred fixes are built a batch at a time
    offsets: list[int] = []
    add = offsets.append
    for diagnostic, fix in zip(diagnostics, fixes, strict=True):
        add(diagnostic.span.start)
        add(diagnostic.span.end)
        if fix is not None:
            for edit in fix.edits:
                add(edit.span.start)
                add(edit.span.end)
    positions = iter(lines.one_based_all(offsets))
    head = layout.head
    path, start_line, column = layout.path, layout.start_line, layout.column
    end_line, fix_key, close = layout.end_line, layout.fix, layout.close
    parts = []
    for diagnostic, fix in zip(diagnostics, fixes, strict=True):
        (sl, sc), (el, ec) = next(positions), next(positions)
        fix_text = "null" if fix is None else _fix_text(fix, positions, layout)
        parts.append(
            f"{head(diagnostic)}{_quote(diagnostic.message)}{path}{_quote(diagnostic.path)}"
            f"{start_line}{sl}{column}{sc}{end_line}{el}{column}{ec}{fix_key}{fix_text}{close}"
        )
    return ",\n".join(parts)


def _file_chunks(file: FileResult) -> Iterator[str]:
    yield f'    {{\n      "path": {_quote(file.path)},\n      "diagnostics": '
    diagnostics = file.diagnostics
    if not diagnostics:
        yield "[]"
    else:
        yield "[\n"
        lines = file.lines
        layout = _Layout(" " * 8)
        for first in range(0, len(diagnostics), _BATCH):
            text = _batch_text(diagnostics[first : first + _BATCH], lines, layout)
            yield text if first == 0 else ",\n" + text
        yield "\n      ]"
    if file.error is not None:
        yield f',\n      "error": {_quote(file.error)}'
    yield "\n    }"


def _chunks(result: RunResult) -> Iterator[str]:
    yield f'{{\n  "version": {JSON_VERSION},\n  "files": '
    if result.files:
        yield "[\n"
        for index, file in enumerate(result.files):
            if index:
                yield ",\n"
            yield from _file_chunks(file)
        yield "\n  ]"
    else:
        yield "[]"
    summary = json.dumps(result.summary(), indent=2).replace("\n", "\n  ")
    yield f',\n  "summary": {summary}\n}}\n'


def write_json(result: RunResult, out: TextIO) -> None:
    """Write the report to ``out`` piece by piece (memory stays bounded by one batch)."""
    for chunk in _chunks(result):
        out.write(json_safe(chunk))


def render_json(result: RunResult) -> str:
    """The whole report as one string (for callers that want the text)."""
    buffer = io.StringIO()
    write_json(result, buffer)
    return buffer.getvalue()
