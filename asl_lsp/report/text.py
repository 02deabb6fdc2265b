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
# What a header says after the message about a severity other than error.
_SEVERITY_NOTES = {
    severity: "" if severity is Severity.ERROR else f" ({severity.value})" for severity in Severity
}


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
        diagnostics = file.diagnostics
        findings = _Findings(file, colour, show_frames)
        for first in range(0, len(diagnostics), _BATCH):
            batch = diagnostics[first : first + _BATCH]
            offsets: list[int] = []
            for diagnostic in batch:
                offsets.append(diagnostic.span.start)
                offsets.append(diagnostic.span.end)
            positions = iter(file.lines.one_based_all(offsets))
            texts = [
                findings.text(diagnostic, next(positions), next(positions)) for diagnostic in batch
            ]
            texts.append("")
            out.write("\n".join(texts))
    out.write(_summary(result, colour) + "\n")


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour else text


class _Line:
    """A line that findings are on: where it is, its gutters, and whether it can be shown as it
    is (``plain``: no tab to expand, no character to escape).

    Whether a line is plain is found once for the line, so each code frame cut from it is shown
    without scanning its window again: a minified document has all its findings on one line.
    """

    __slots__ = ("blank", "length", "number", "plain", "start")

    def __init__(self, text: str, start: int, end: int, number: str, colour: bool) -> None:
        self.start = start
        self.length = end - start
        line = text[start:end]
        self.plain = "\t" not in line and line.isprintable()
        gutter = " " * len(number)
        self.blank = _paint(f"{gutter} |", _DIM, colour)
        self.number = _paint(f"{number} |", _DIM, colour)


class _Findings:
    """The text of one file's findings: a header line each (``path:line:col: CODE message``)
    and, with frames, the source line under it with a caret row.

    What findings share is made once, not per finding: the painted path, each code's painted
    label, and the extent and gutters of the line last framed (all the findings of a minified
    one-line document are on the same line).
    """

    def __init__(self, file: FileResult, colour: bool, show_frames: bool) -> None:
        self.file = file
        self.colour = colour
        self.show_frames = show_frames
        self.location = (_BOLD if colour else "") + printable(file.path) + ":"
        self.location_end = ":" + _RESET if colour else ":"
        self.labels: dict[tuple[str, Severity], str] = {}
        self.line: _Line | None = None  # the line last framed
        self.line0 = -1

    def text(self, diagnostic: Diagnostic, start: tuple[int, int], end: tuple[int, int]) -> str:
        """The lines of one finding, joined; ``start`` and ``end`` are its 1-based positions."""
        header = (
            f"{self.location}{start[0]}:{start[1]}{self.location_end}{self._label(diagnostic)}"
            f"{printable(diagnostic.message)}{_SEVERITY_NOTES[diagnostic.severity]}"
            f"{' [*]' if diagnostic.has_safe_fix else ''}"
        )
        if not self.show_frames:
            return header
        return f"{header}\n{self._frame(diagnostic, start, end)}"

    def _label(self, diagnostic: Diagnostic) -> str:
        """`` CODE `` painted in the colour of the finding's severity: one per code and
        severity."""
        key = (diagnostic.code, diagnostic.severity)
        label = self.labels.get(key)
        if label is None:
            painted = _paint(key[0], _COLOURS[key[1]] + _BOLD, self.colour)
            label = self.labels[key] = f" {painted} "
        return label

    def _line(self, line0: int) -> _Line:
        """The line ``line0`` (0-based), looked up when it differs from the last one framed."""
        line = self.line
        if line is None or line0 != self.line0:
            lines = self.file.lines
            line = self.line = _Line(
                self.file.text,
                lines.line_start(line0),
                lines.line_end(line0),
                str(line0 + 1),
                self.colour,
            )
            self.line0 = line0
        return line

    def _frame(self, diagnostic: Diagnostic, start: tuple[int, int], end: tuple[int, int]) -> str:
        """The source line of the finding and a caret row under its span.

        Only a window around the caret is ever sliced or escaped, so a finding on a minified
        (one-line) document costs the window, not the line: the report stays linear in findings.
        """
        line0, col0 = start[0] - 1, start[1] - 1
        line = self._line(line0)
        line_length = line.length
        end_col0 = end[1] - 1 if end[0] - 1 == line0 else line_length
        offset = 0
        if line_length > FRAME_WIDTH:
            offset = max(0, col0 - FRAME_WIDTH // 3)
        window = self.file.text[
            line.start + offset : line.start + min(line_length, offset + 2 * FRAME_WIDTH)
        ]
        if line.plain:  # as it is: nothing to strip, expand or escape in any window of it
            raw = source = window
        else:
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
        caret = _paint("^" * width, _COLOURS[diagnostic.severity], self.colour)
        blank = line.blank
        return f"{blank}\n{line.number} {source}\n{blank} {' ' * start_at}{caret}"


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
