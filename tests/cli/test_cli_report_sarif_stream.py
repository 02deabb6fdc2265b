"""``--format sarif`` is written result by result; its bytes are exactly those of the SARIF
document built as plain data and dumped in one piece, with or without results and with files
that could not be read."""

from __future__ import annotations

import io
from typing import Any

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.registry import all_rules
from asl_lsp.report.github import render_github
from asl_lsp.report.results import FileResult, RunResult, json_text
from asl_lsp.report.sarif import _LEVEL, _artifact_uri, _document, render_sarif, write_sarif
from asl_lsp.syntax.nodes import Span
from asl_lsp.syntax.positions import LineIndex

TEXT = '{\n  "StartAt": "A\u202e",\r\n  "States": {"A\u202e": {"Type": "Pass", "End": true}}\n}\n'


def _expected(result: RunResult) -> str:
    index = {rule.code: i for i, rule in enumerate(all_rules())}
    results: list[dict[str, Any]] = []
    for file in result.files:
        if file.error is not None:
            continue
        for d in file.diagnostics:
            (sl, sc), (el, ec) = (
                file.lines.one_based(d.span.start),
                file.lines.one_based(d.span.end),
            )
            entry: dict[str, Any] = {
                "ruleId": d.code,
                "level": _LEVEL[d.severity],
                "message": {"text": d.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _artifact_uri(file.path)},
                            "region": {
                                "startLine": sl,
                                "startColumn": sc,
                                "endLine": el,
                                "endColumn": max(ec, 1),
                            },
                        },
                        "logicalLocations": [{"fullyQualifiedName": d.path or "/"}],
                    }
                ],
            }
            if d.code in index:
                entry["ruleIndex"] = index[d.code]
            results.append(entry)
    return json_text(_document(result, results))


def _varied() -> RunResult:
    lines = LineIndex(TEXT)
    first = [
        Diagnostic(
            "ASL203",
            "unreachable-state",
            Severity.ERROR,
            "State 'A\u202e' \x1b \"x\"",
            Span(38, 44),
            "/States/A\u202e",
        ),
        Diagnostic("ASL999", "made-up", Severity.HINT, "no rule \u2028 here", Span(0, 0)),
        Diagnostic("ASL101", "unknown-field", Severity.INFO, "past the end", Span(90, 200)),
    ]
    second = [Diagnostic("ASL103", "invalid-value", Severity.WARNING, "w", Span(1, 3), "/X")]
    return RunResult(
        [
            FileResult("a dir/one.asl.json", first, lines, TEXT),
            FileResult("/abs/unreadable.asl.json", [], LineIndex(""), "", error="not UTF-8"),
            FileResult("two.asl.json", second, lines, TEXT),
        ]
    )


def test_streamed_sarif_matches_the_document_byte_for_byte() -> None:
    for result in (
        _varied(),
        RunResult(),
        RunResult([FileResult("x.json", [], LineIndex(""), "")]),
    ):
        assert render_sarif(result) == _expected(result)


def test_many_results_are_written_in_batches() -> None:
    lines = LineIndex(TEXT)
    findings = [
        Diagnostic("ASL203", "unreachable-state", Severity.ERROR, f"m{i}", Span(i % 80, i % 80 + 1))
        for i in range(1203)
    ]
    result = RunResult([FileResult("f.asl.json", findings, lines, TEXT)])
    out = io.StringIO()
    write_sarif(result, out)
    assert out.getvalue() == _expected(result)


def test_github_lines_for_findings_and_unreadable_files() -> None:
    output = render_github(_varied())
    lines = output.splitlines()
    assert len(lines) == 5 and output.endswith("\n")
    assert lines[0].startswith(
        "::error file=a dir/one.asl.json,line=3,col=17,endLine=3,endColumn=23,"
    )
    assert lines[0].endswith("title=ASL203 unreachable-state::State 'A\\u202e' \\x1b \"x\"")
    notice = "::notice file=a dir/one.asl.json,line=1,col=1,endLine=1,endColumn=1,"
    assert lines[1] == notice + "title=ASL999 made-up::no rule \\u2028 here"
    assert lines[3] == "::error file=/abs/unreadable.asl.json::not UTF-8"
    assert render_github(RunResult()) == ""
