"""``--format json`` is written piece by piece with bounded memory, and its bytes are exactly
those of the contract document dumped with ``json.dumps(indent=2, ensure_ascii=False)``."""

from __future__ import annotations

import json
from typing import Any

from asl_lsp.diagnostic import Diagnostic, Fix, Severity, TextEdit
from asl_lsp.report.json_format import JSON_VERSION, render_json, write_json
from asl_lsp.report.results import FileResult, RunResult, json_text
from asl_lsp.syntax.nodes import Span
from asl_lsp.syntax.positions import LineIndex
from tests.cli.recording_stream import RecordingStream

TEXT = '{\n  "StartAt": "A\u202e",\n  "States": {"A\u202e": {"Type": "Pass", "End": true}}\r\n}\n'


def _position(lines: LineIndex, offset: int) -> dict[str, int]:
    line, column = lines.one_based(offset)
    return {"line": line, "column": column}


def _range(lines: LineIndex, span: Span) -> dict[str, Any]:
    return {"start": _position(lines, span.start), "end": _position(lines, span.end)}


def _expected(result: RunResult) -> str:
    """The contract of DESIGN.md built as plain data and dumped in one piece."""
    files = []
    for file in result.files:
        diagnostics = []
        for d in file.diagnostics:
            fix = None
            if d.fix is not None:
                edits = [
                    {"range": _range(file.lines, e.span), "newText": e.new_text}
                    for e in d.fix.edits
                ]
                fix = {"title": d.fix.title, "safe": d.fix.safe, "edits": edits}
            diagnostics.append(
                {
                    "code": d.code,
                    "rule": d.rule,
                    "severity": d.severity.value,
                    "message": d.message,
                    "path": d.path,
                    "range": _range(file.lines, d.span),
                    "fix": fix,
                }
            )
        entry: dict[str, Any] = {"path": file.path, "diagnostics": diagnostics}
        if file.error is not None:
            entry["error"] = file.error
        files.append(entry)
    return json_text({"version": JSON_VERSION, "files": files, "summary": result.summary()})


def _varied_result() -> RunResult:
    lines = LineIndex(TEXT)
    edit = TextEdit(Span(40, 52), 'say "hi"\n\u2028 \x85 ✓')
    findings = [
        Diagnostic(
            "ASL203",
            "unreachable-state",
            Severity.ERROR,
            "State 'A\u202e' \\ \"x\"",
            Span(38, 44),
            "/States/A\u202e",
            fix=Fix("Remove it", (edit, edit), True),
        ),
        Diagnostic(
            "ASL101",
            "unknown-field",
            Severity.WARNING,
            "tab\there",
            Span(0, 1),
            fix=Fix("Nothing", (), False),
        ),
        Diagnostic("ASL300", "info", Severity.INFO, "past the end", Span(len(TEXT), len(TEXT) + 9)),
        Diagnostic("ASL301", "hint", Severity.HINT, "crlf", Span(75, 80), "/States"),
    ]
    return RunResult(
        [
            FileResult("dir/ünïcode.asl.json", findings, lines, TEXT, fixed=2),
            FileResult("clean.asl.json", [], LineIndex("{}"), "{}"),
            FileResult("gone.asl.json", [], LineIndex(""), "", error="cannot read: \x1b[31m"),
        ]
    )


def test_streamed_report_matches_the_contract_document_byte_for_byte() -> None:
    result = _varied_result()
    assert render_json(result) == _expected(result)
    assert render_json(RunResult([])) == _expected(RunResult([]))
    parsed = json.loads(render_json(result))
    assert parsed["files"][0]["diagnostics"][0]["fix"]["edits"][1]["newText"].endswith("✓")


def test_many_findings_are_written_in_bounded_pieces() -> None:
    text = "{}\n" * 10
    lines = LineIndex(text)
    findings = [
        Diagnostic("ASL203", "unreachable-state", Severity.ERROR, f"finding {i}", Span(i % 30, 30))
        for i in range(5000)
    ]
    result = RunResult([FileResult("many.asl.json", findings, lines, text)])
    stream = RecordingStream()
    write_json(result, stream)
    total = sum(stream.sizes)
    assert stream.getvalue() == _expected(result)
    # Written as it is formatted: no single piece holds more than a small part of the report.
    assert len(stream.sizes) >= 10
    assert max(stream.sizes) < total / 5
