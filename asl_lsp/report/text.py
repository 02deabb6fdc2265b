"""Human output: ``path:line:col: CODE message`` with a code frame and a caret, like ruff."""

from __future__ import annotations

import io
from typing import TextIO

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.report.results import FileResult, RunResult, printable

_COLOURS = {
    Severity.ERROR: "\x1b[31m",
    Severity.WARNING: "\x1b[33m",
    Severity.INFO: "\x1b[36m",
    Severity.HINT: "\x1b[2m",
}
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"
FRAME_WIDTH = 120
# Findings formatted per write: large enough to make writes cheap, small enough to stay bounded.
_BATCH = 500


def render_text(result: RunResult, *, colour: bool, show_frames: bool = True) -> str:
    """The whole report as one string (for callers that want the text)."""
    buffer = io.StringIO()
    write_text(result, buffer, colour=colour, show_frames=show_frames)
    return buffer.getvalue()


def write_text(result: RunResult, out: TextIO, *, colour: bool, show_frames: bool = True) -> None:
    """Write the report to ``out`` a batch of findings at a time: a run with 100,000 findings
    never holds all its lines in memory at once."""
    for file in result.files:
        if file.error is not None:
            continue
        path = printable(file.path)
        diagnostics = file.diagnostics
        for first in range(0, len(diagnostics), _BATCH):
            lines: list[str] = []
            for diagnostic in diagnostics[first : first + _BATCH]:
                lines.append(_header(file, path, diagnostic, colour))
                if show_frames:
                    lines.extend(_frame(file, diagnostic, colour))
            lines.append("")
            out.write("\n".join(lines))
    out.write(_summary(result, colour) + "\n")


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour else text


def _header(file: FileResult, path: str, diagnostic: Diagnostic, colour: bool) -> str:
    line, column = file.lines.one_based(diagnostic.span.start)
    location = _paint(f"{path}:{line}:{column}:", _BOLD, colour)
    code = _paint(diagnostic.code, _COLOURS[diagnostic.severity] + _BOLD, colour)
    fix = " [*]" if diagnostic.fix is not None and diagnostic.fix.safe else ""
    severity = "" if diagnostic.severity is Severity.ERROR else f" ({diagnostic.severity.value})"
    return f"{location} {code} {printable(diagnostic.message)}{severity}{fix}"


def _frame(file: FileResult, diagnostic: Diagnostic, colour: bool) -> list[str]:
    lines = file.lines
    line0, col0 = lines.line_col(diagnostic.span.start)
    end_line0, end_col0 = lines.line_col(diagnostic.span.end)
    line_start, line_end = lines.line_start(line0), lines.line_end(line0)
    line_length = line_end - line_start
    end_col0 = end_col0 if end_line0 == line0 else line_length
    # Only a window around the caret is ever sliced or escaped, so a finding on a minified
    # (one-line) document costs the window, not the line: the report stays linear in findings.
    offset = 0
    if line_length > FRAME_WIDTH:
        offset = max(0, col0 - FRAME_WIDTH // 3)
    window = file.text[
        line_start + offset : line_start + min(line_length, offset + 2 * FRAME_WIDTH)
    ]
    raw = window.rstrip("\r\n").expandtabs(1)
    # Escaped control characters widen the text; keep the caret under the same characters.
    start = len(printable(raw[: col0 - offset]))
    end = len(printable(raw[: max(col0, end_col0) - offset]))
    source = printable(raw)
    width = max(1, end - start)
    if line_length > FRAME_WIDTH:
        source = ("…" if offset else "") + source[:FRAME_WIDTH] + "…"
        start += 1 if offset else 0
        width = max(1, min(width, FRAME_WIDTH - start + 1))
    number = str(line0 + 1)
    gutter = " " * len(number)
    caret = _paint("^" * width, _COLOURS[diagnostic.severity], colour)
    return [
        _paint(f"{gutter} |", _DIM, colour),
        _paint(f"{number} |", _DIM, colour) + f" {source}",
        _paint(f"{gutter} |", _DIM, colour) + " " + " " * start + caret,
    ]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _summary(result: RunResult, colour: bool) -> str:
    s = result.summary()
    parts = []
    for key, label in (
        ("errors", "error"),
        ("warnings", "warning"),
        ("infos", "info"),
        ("hints", "hint"),
    ):
        if s[key]:
            parts.append(f"{s[key]} {label}{'s' if s[key] != 1 and label != 'info' else ''}")
    read = s["files"] - s["unreadable"]
    files = _count(read, "file")
    if parts:
        text = f"Found {', '.join(parts)} in {files}."
    elif s["unreadable"]:
        text = f"No findings in {files}."
    else:
        text = f"All checks passed ({files})."
    if s["unreadable"]:
        text += f" {_count(s['unreadable'], 'file')} could not be read."
    if s["fixable"]:
        text += f" {s['fixable']} fixable with --fix."
    if s["fixed"]:
        text += f" Fixed {s['fixed']}."
    return _paint(text, _BOLD, colour)
