"""Human output: ``path:line:col: CODE message`` with a code frame and a caret, like ruff."""

from __future__ import annotations

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


def render_text(result: RunResult, *, colour: bool, show_frames: bool = True) -> str:
    out: list[str] = []
    for file in result.files:
        if file.error is not None:
            continue
        for diagnostic in file.diagnostics:
            out.append(_header(file, diagnostic, colour))
            if show_frames:
                out.extend(_frame(file, diagnostic, colour))
    out.append(_summary(result, colour))
    return "\n".join(out) + "\n"


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour else text


def _header(file: FileResult, diagnostic: Diagnostic, colour: bool) -> str:
    line, column = file.lines.one_based(diagnostic.span.start)
    location = _paint(f"{printable(file.path)}:{line}:{column}:", _BOLD, colour)
    code = _paint(diagnostic.code, _COLOURS[diagnostic.severity] + _BOLD, colour)
    fix = " [*]" if diagnostic.fix is not None and diagnostic.fix.safe else ""
    severity = "" if diagnostic.severity is Severity.ERROR else f" ({diagnostic.severity.value})"
    return f"{location} {code} {printable(diagnostic.message)}{severity}{fix}"


def _frame(file: FileResult, diagnostic: Diagnostic, colour: bool) -> list[str]:
    line0, col0 = file.lines.line_col(diagnostic.span.start)
    end_line0, end_col0 = file.lines.line_col(diagnostic.span.end)
    raw = file.lines.line_text(line0).rstrip("\r\n").expandtabs(1)
    end_col0 = end_col0 if end_line0 == line0 else len(raw)
    # Escaped control characters widen the line; keep the caret under the same characters.
    col0, end_col0 = len(printable(raw[:col0])), len(printable(raw[:end_col0]))
    source = printable(raw)
    width = max(1, end_col0 - col0)
    # Keep very long lines readable: show a window around the caret.
    offset = 0
    if len(source) > FRAME_WIDTH:
        offset = max(0, col0 - FRAME_WIDTH // 3)
        source = ("…" if offset else "") + source[offset : offset + FRAME_WIDTH] + "…"
        col0 = col0 - offset + (1 if offset else 0)
        width = min(width, FRAME_WIDTH - col0 + 1)
    number = str(line0 + 1)
    gutter = " " * len(number)
    caret = _paint("^" * width, _COLOURS[diagnostic.severity], colour)
    return [
        _paint(f"{gutter} |", _DIM, colour),
        _paint(f"{number} |", _DIM, colour) + f" {source}",
        _paint(f"{gutter} |", _DIM, colour) + " " + " " * col0 + caret,
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
