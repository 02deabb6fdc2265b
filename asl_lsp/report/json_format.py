"""``--format json``: the stable machine-readable contract described in DESIGN.md."""

from __future__ import annotations

from typing import Any

from asl_lsp.diagnostic import Diagnostic
from asl_lsp.report.results import FileResult, RunResult, json_text, one_based_range
from asl_lsp.syntax.positions import LineIndex

JSON_VERSION = 1


def diagnostic_to_dict(diagnostic: Diagnostic, lines: LineIndex) -> dict[str, Any]:
    fix: dict[str, Any] | None = None
    if diagnostic.fix is not None:
        fix = {
            "title": diagnostic.fix.title,
            "safe": diagnostic.fix.safe,
            "edits": [
                {
                    "range": _range(lines, edit.span.start, edit.span.end),
                    "newText": edit.new_text,
                }
                for edit in diagnostic.fix.edits
            ],
        }
    return {
        "code": diagnostic.code,
        "rule": diagnostic.rule,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "path": diagnostic.path,
        "range": one_based_range(lines, diagnostic),
        "fix": fix,
    }


def _range(lines: LineIndex, start: int, end: int) -> dict[str, dict[str, int]]:
    sl, sc = lines.one_based(start)
    el, ec = lines.one_based(end)
    return {"start": {"line": sl, "column": sc}, "end": {"line": el, "column": ec}}


def file_to_dict(file: FileResult) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "path": file.path,
        "diagnostics": [diagnostic_to_dict(d, file.lines) for d in file.diagnostics],
    }
    if file.error is not None:
        entry["error"] = file.error
    return entry


def render_json(result: RunResult) -> str:
    document = {
        "version": JSON_VERSION,
        "files": [file_to_dict(f) for f in result.files],
        "summary": result.summary(),
    }
    return json_text(document)
