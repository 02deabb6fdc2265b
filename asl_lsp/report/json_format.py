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

from asl_lsp.diagnostic import Diagnostic
from asl_lsp.report.results import FileResult, RunResult, json_safe
from asl_lsp.syntax.positions import LineIndex

JSON_VERSION = 1

# Findings formatted per write: large enough to make writes cheap, small enough to stay bounded.
_BATCH = 500

_quote: Any = getattr(json.encoder, "c_encode_basestring", None) or json.encoder.encode_basestring


def _range_text(lines: LineIndex, start: int, end: int, pad: str) -> str:
    """A ``{"start": {...}, "end": {...}}`` range at indentation ``pad`` (its closing brace's)."""
    sl, sc = lines.one_based(start)
    el, ec = lines.one_based(end)
    p1 = pad + "  "
    p2 = p1 + "  "
    return (
        f'{{\n{p1}"start": {{\n{p2}"line": {sl},\n{p2}"column": {sc}\n{p1}}},\n'
        f'{p1}"end": {{\n{p2}"line": {el},\n{p2}"column": {ec}\n{p1}}}\n{pad}}}'
    )


def _fix_text(diagnostic: Diagnostic, lines: LineIndex, pad: str) -> str:
    fix = diagnostic.fix
    if fix is None:
        return "null"
    p1 = pad + "  "
    if fix.edits:
        p2 = p1 + "  "
        p3 = p2 + "  "
        items = ",\n".join(
            f'{p2}{{\n{p3}"range": {_range_text(lines, e.span.start, e.span.end, p3)},\n'
            f'{p3}"newText": {_quote(e.new_text)}\n{p2}}}'
            for e in fix.edits
        )
        edits = f"[\n{items}\n{p1}]"
    else:
        edits = "[]"
    safe = "true" if fix.safe else "false"
    return (
        f'{{\n{p1}"title": {_quote(fix.title)},\n{p1}"safe": {safe},\n{p1}"edits": {edits}\n{pad}}}'
    )


def diagnostic_text(diagnostic: Diagnostic, lines: LineIndex, pad: str) -> str:
    """One finding as an indented JSON object whose opening brace is at indentation ``pad``."""
    p1 = pad + "  "
    span = diagnostic.span
    return (
        f'{pad}{{\n{p1}"code": {_quote(diagnostic.code)},\n{p1}"rule": {_quote(diagnostic.rule)},\n'
        f'{p1}"severity": {_quote(diagnostic.severity.value)},\n'
        f'{p1}"message": {_quote(diagnostic.message)},\n{p1}"path": {_quote(diagnostic.path)},\n'
        f'{p1}"range": {_range_text(lines, span.start, span.end, p1)},\n'
        f'{p1}"fix": {_fix_text(diagnostic, lines, p1)}\n{pad}}}'
    )


def _file_chunks(file: FileResult) -> Iterator[str]:
    yield f'    {{\n      "path": {_quote(file.path)},\n      "diagnostics": '
    diagnostics = file.diagnostics
    if not diagnostics:
        yield "[]"
    else:
        yield "[\n"
        lines = file.lines
        for first in range(0, len(diagnostics), _BATCH):
            batch = diagnostics[first : first + _BATCH]
            text = ",\n".join(diagnostic_text(d, lines, "        ") for d in batch)
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
