"""The text report costs a window per finding, not a line: many findings on one minified line
render in linear time (a code frame used to slice and escape the whole line for each)."""

from __future__ import annotations

import json
from typing import SupportsIndex

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.report.results import FileResult, RunResult
from asl_lsp.report.text import FRAME_WIDTH, render_text, write_text
from asl_lsp.syntax.nodes import Span
from asl_lsp.syntax.positions import LineIndex
from tests.cli.recording_stream import RecordingStream


def _minified(states: int) -> tuple[str, list[Diagnostic]]:
    body = {f"S{i}": {"Type": "Pass", "End": True} for i in range(states)}
    text = json.dumps({"StartAt": "S0", "States": body}, separators=(",", ":"))
    findings = []
    position = 0
    for i in range(states):
        position = text.index(f'"S{i}":', position)
        span = Span(position, position + len(f'"S{i}"'))
        findings.append(Diagnostic("ASL203", "unreachable-state", Severity.ERROR, "x", span))
    return text, findings


class _SlicedText(str):
    """Document text that counts the characters the report slices out of it."""

    sliced = 0

    def __getitem__(self, key: SupportsIndex | slice) -> str:
        part = super().__getitem__(key)
        self.sliced += len(part)
        return part


def test_twenty_thousand_findings_on_one_line_cost_a_window_each() -> None:
    plain, findings = _minified(20_000)
    text = _SlicedText(plain)
    result = RunResult([FileResult("min.asl.json", findings, LineIndex(text), text)])
    text.sliced = 0
    output = render_text(result, colour=False)
    # The line once (to see whether it can be shown as it is), then a window of two frame
    # widths per finding, with room to spare; the whole 500 KB line per finding took minutes.
    assert text.sliced <= len(text) + len(findings) * 4 * FRAME_WIDTH, text.sliced
    frames = [line for line in output.splitlines() if line.startswith("1 | ")]
    assert len(frames) == 20_000
    assert all(len(line) <= FRAME_WIDTH + 8 for line in frames)
    last = output.splitlines()[-4:-1]
    assert '"S19999"' in last[1]
    caret = last[2].index("^")  # under the finding's first character
    assert last[1][caret : caret + len('"S19999"')] == '"S19999"'


def test_text_report_is_written_in_bounded_pieces() -> None:
    text, findings = _minified(5000)
    result = RunResult([FileResult("min.asl.json", findings, LineIndex(text), text)])
    stream = RecordingStream()
    write_text(result, stream, colour=False)
    whole = stream.getvalue()
    assert whole == render_text(result, colour=False)
    assert whole.count("min.asl.json:1:") == 5000
    assert whole.endswith("Found 5000 errors in 1 file.\n")
    assert len(stream.sizes) >= 10
    assert max(stream.sizes) < sum(stream.sizes) / 5


def test_frames_on_one_line_with_a_tab_expand_it_only_where_it_shows() -> None:
    text, findings = _minified(60)
    tab_at = text.index('"S50":')
    text = text[:tab_at] + "\t" + text[tab_at:]  # JSON whitespace, far from the first finding
    first, last = findings[1], findings[50]
    moved = Diagnostic(
        last.code, last.rule, last.severity, last.message, Span(tab_at + 1, tab_at + 6)
    )
    result = RunResult([FileResult("min.asl.json", [first, moved], LineIndex(text), text)])
    lines = render_text(result, colour=False).splitlines()
    for source, caret, name in ((lines[2], lines[3], '"S1"'), (lines[6], lines[7], '"S50"')):
        assert "\t" not in source
        at = caret.index("^")
        assert source[at : at + len(name)] == name
    assert ", " + '"S50"' in lines[6]  # the tab before the name is shown as one space
