"""``--format sarif``: SARIF 2.1.0 with rule metadata, for GitHub code scanning and other
viewers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from asl_lsp import __version__
from asl_lsp.diagnostic import Severity
from asl_lsp.lint.registry import all_rules
from asl_lsp.report.results import RunResult, json_text, one_based_range

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
    rules = all_rules()
    index = {rule.code: i for i, rule in enumerate(rules)}
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
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for file in result.files:
        if file.error is not None:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"{file.path}: {file.error}"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": _artifact_uri(file.path)}
                            }
                        }
                    ],
                }
            )
            continue
        for d in file.diagnostics:
            r = one_based_range(file.lines, d)
            entry: dict[str, Any] = {
                "ruleId": d.code,
                "level": _LEVEL[d.severity],
                "message": {"text": d.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _artifact_uri(file.path)},
                            "region": {
                                "startLine": r["start"]["line"],
                                "startColumn": r["start"]["column"],
                                "endLine": r["end"]["line"],
                                "endColumn": max(r["end"]["column"], 1),
                            },
                        },
                        "logicalLocations": [{"fullyQualifiedName": d.path or "/"}],
                    }
                ],
            }
            if d.code in index:
                entry["ruleIndex"] = index[d.code]
            results.append(entry)
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
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(document)
