"""``--format sarif``: SARIF 2.1.0 with rule metadata, for GitHub code scanning and other
viewers."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from asl_lsp import __version__
from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.registry import all_rules
from asl_lsp.report.results import FileResult, RunResult, json_safe, json_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.HINT: "note",
}


def _artifact_uri(path: str) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        return candidate.as_uri()
    return candidate.as_posix()


def render_sarif(result: RunResult) -> str:
    """The whole report as one string (for callers that want the text)."""
    buffer = io.StringIO()
    write_sarif(result, buffer)
    return buffer.getvalue()


def write_sarif(result: RunResult, out: TextIO) -> None:
    """Write the report to ``out`` a batch of results at a time. The bytes are those of
    ``json_text`` of the whole document (a test holds the two together), but a run with 100,000
    findings neither holds a dictionary per result nor runs the pure-Python indenting encoder
    over them: each result has a fixed shape and is formatted directly."""
    head, tail = json_text(_document(result, _RESULTS)).split(_quote(_RESULTS))
    out.write(head)
    results = [(file, d) for file in result.files if file.error is None for d in file.diagnostics]
    if not results:
        out.write("[]")
    else:
        index = {rule.code: i for i, rule in enumerate(all_rules())}
        out.write("[\n")
        for first in range(0, len(results), _BATCH):
            text = ",\n".join(_results_text(results[first : first + _BATCH], index))
            out.write(json_safe(text if first == 0 else ",\n" + text))
        out.write("\n      ]")
    out.write(tail)


# Stands for the results in the document dumped around them; a NUL never occurs in rule docs.
_RESULTS = "\x00results\x00"
# Results formatted per write: large enough to make writes cheap, small enough to stay bounded.
_BATCH = 500
_quote: Any = getattr(json.encoder, "c_encode_basestring", None) or json.encoder.encode_basestring


def _document(result: RunResult, results: object) -> dict[str, Any]:
    rules = all_rules()
    descriptors = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.doc.summary},
            "fullDescription": {"text": rule.doc.why},
            "helpUri": rule.docs_url(),
            "help": {"text": f"{rule.doc.summary} {rule.doc.why}"},
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        }
        for rule in rules
    ]
    notifications: list[dict[str, Any]] = [
        {
            "level": "error",
            "message": {"text": f"{file.path}: {file.error}"},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": _artifact_uri(file.path)}}}
            ],
        }
        for file in result.files
        if file.error is not None
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "asl-lsp",
                "version": __version__,
                "informationUri": "https://github.com/asl-lsp/asl-lsp",
                "rules": descriptors,
            }
        },
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    if notifications:
        run["invocations"] = [
            {"executionSuccessful": False, "toolExecutionNotifications": notifications}
        ]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


_P = [" " * (8 + 2 * depth) for depth in range(6)]  # indentation inside a result, by depth


def _results_text(
    results: list[tuple[FileResult, Diagnostic]], index: dict[str, int]
) -> Iterator[str]:
    """Each result as the indented JSON ``json.dumps`` would write at the results' depth; the
    line/column of every offset of the batch found in one pass per file."""
    offsets = [o for _, d in results for o in (d.span.start, d.span.end)]
    positions: list[tuple[int, int]] = []
    start = 0
    while start < len(results):  # consecutive results of one file share its line index
        file = results[start][0]
        stop = start
        while stop < len(results) and results[stop][0] is file:
            stop += 1
        positions.extend(file.lines.one_based_all(offsets[2 * start : 2 * stop]))
        start = stop
    uris: dict[str, str] = {}
    p0, p1, p2, p3, p4, p5 = _P
    for number, (file, d) in enumerate(results):
        (sl, sc), (el, ec) = positions[2 * number], positions[2 * number + 1]
        uri = uris.get(file.path)
        if uri is None:
            uri = uris[file.path] = _quote(_artifact_uri(file.path))
        rule_index = index.get(d.code)
        tail = f',\n{p1}"ruleIndex": {rule_index}' if rule_index is not None else ""
        yield (
            f'{p0}{{\n{p1}"ruleId": {_quote(d.code)},\n{p1}"level": {_quote(_LEVEL[d.severity])},'
            f'\n{p1}"message": {{\n{p2}"text": {_quote(d.message)}\n{p1}}},\n{p1}"locations": ['
            f'\n{p2}{{\n{p3}"physicalLocation": {{\n{p4}"artifactLocation": {{\n{p5}"uri": {uri}'
            f'\n{p4}}},\n{p4}"region": {{\n{p5}"startLine": {sl},\n{p5}"startColumn": {sc},'
            f'\n{p5}"endLine": {el},\n{p5}"endColumn": {max(ec, 1)}\n{p4}}}\n{p3}}},'
            f'\n{p3}"logicalLocations": [\n{p4}{{\n{p5}"fullyQualifiedName": '
            f"{_quote(d.path or '/')}\n{p4}}}\n{p3}]\n{p2}}}\n{p1}]{tail}\n{p0}}}"
        )
