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
        frames = _Frames(file, colour) if show_frames else None
        for first in range(0, len(diagnostics), _BATCH):
            batch = diagnostics[first : first + _BATCH]
            offsets: list[int] = []
            for diagnostic in batch:
                offsets.append(diagnostic.span.start)
                offsets.append(diagnostic.span.end)
            positions = iter(file.lines.one_based_all(offsets))
            lines: list[str] = []
            for diagnostic in batch:
                start, end = next(positions), next(positions)
                lines.append(_header(path, start, diagnostic, colour))
                if frames is not None:
                    lines.extend(frames.frame(diagnostic, start, end))
            lines.append("")
            out.write("\n".join(lines))
    out.write(_summary(result, colour) + "\n")


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour else text


def _header(path: str, start: tuple[int, int], diagnostic: Diagnostic, colour: bool) -> str:
    location = _paint(f"{path}:{start[0]}:{start[1]}:", _BOLD, colour)
    code = _paint(diagnostic.code, _COLOURS[diagnostic.severity] + _BOLD, colour)
    fix = " [*]" if diagnostic.has_safe_fix else ""
    severity = "" if diagnostic.severity is Severity.ERROR else f" ({diagnostic.severity.value})"
    return f"{location} {code} {printable(diagnostic.message)}{severity}{fix}"


class _Frames:
    """Code frames of one file's findings: the line under the finding and a caret row.

    The extent of the last line seen is kept, so the findings of a minified one-line document do
    not look it up again each time."""

    def __init__(self, file: FileResult, colour: bool) -> None:
        self.file = file
        self.colour = colour
        self.line0 = -1
        self.line_start = 0
        self.line_length = 0

    def frame(
        self, diagnostic: Diagnostic, start: tuple[int, int], end: tuple[int, int]
    ) -> list[str]:
        colour = self.colour
        line0, col0 = start[0] - 1, start[1] - 1
        end_line0, end_col0 = end[0] - 1, end[1] - 1
        if line0 != self.line0:
            lines = self.file.lines
            self.line0 = line0
            self.line_start = lines.line_start(line0)
            self.line_length = lines.line_end(line0) - self.line_start
        line_start, line_length = self.line_start, self.line_length
        end_col0 = end_col0 if end_line0 == line0 else line_length
        # Only a window around the caret is ever sliced or escaped, so a finding on a minified
        # (one-line) document costs the window, not the line: the report stays linear in findings.
        offset = 0
        if line_length > FRAME_WIDTH:
            offset = max(0, col0 - FRAME_WIDTH // 3)
        window = self.file.text[
            line_start + offset : line_start + min(line_length, offset + 2 * FRAME_WIDTH)
        ]
        raw = window.rstrip("\r\n").expandtabs(1)
        source = printable(raw)
        caret_from = col0 - offset
        caret_to = max(col0, end_col0) - offset
        if len(source) == len(raw):  # nothing escaped: columns are the same in the frame
            start_at = min(caret_from, len(raw))
            end_at = min(caret_to, len(raw))
        else:  # escaped control characters widen the text; keep the caret under the same ones
            start_at = len(printable(raw[:caret_from]))
            end_at = len(printable(raw[:caret_to]))
        width = max(1, end_at - start_at)
        if line_length > FRAME_WIDTH:
            source = ("…" if offset else "") + source[:FRAME_WIDTH] + "…"
            start_at += 1 if offset else 0
            width = max(1, min(width, FRAME_WIDTH - start_at + 1))
        number = str(line0 + 1)
        gutter = " " * len(number)
        caret = _paint("^" * width, _COLOURS[diagnostic.severity], colour)
        return [
            _paint(f"{gutter} |", _DIM, colour),
            _paint(f"{number} |", _DIM, colour) + f" {source}",
            _paint(f"{gutter} |", _DIM, colour) + " " + " " * start_at + caret,
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
