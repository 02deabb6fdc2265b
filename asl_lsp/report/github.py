"""``--format github``: GitHub Actions workflow commands, so findings annotate pull requests."""

from __future__ import annotations

from asl_lsp.diagnostic import Severity
from asl_lsp.report.results import RunResult, one_based_range, printable

_LEVEL = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
    Severity.HINT: "notice",
}


def _escape_data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: RunResult) -> str:
    lines: list[str] = []
    for file in result.files:
        if file.error is not None:
            lines.append(f"::error file={_escape_property(file.path)}::{_escape_data(file.error)}")
            continue
        for d in file.diagnostics:
            r = one_based_range(file.lines, d)
            props = ",".join(
                [
                    f"file={_escape_property(file.path)}",
                    f"line={r['start']['line']}",
                    f"col={r['start']['column']}",
                    f"endLine={r['end']['line']}",
                    f"endColumn={r['end']['column']}",
                    f"title={_escape_property(f'{d.code} {d.rule}')}",
                ]
            )
            lines.append(f"::{_LEVEL[d.severity]} {props}::{_escape_data(d.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
