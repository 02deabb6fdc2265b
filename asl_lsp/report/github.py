"""``--format github``: GitHub Actions workflow commands, so findings annotate pull requests."""

from __future__ import annotations

import io
from typing import TextIO

from asl_lsp.diagnostic import Severity
from asl_lsp.report.results import RunResult, printable

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
    """The whole report as one string (for callers that want the text)."""
    buffer = io.StringIO()
    write_github(result, buffer)
    return buffer.getvalue()


def write_github(result: RunResult, out: TextIO) -> None:
    """Write one workflow command per finding to ``out``, a batch of findings at a time."""
    for file in result.files:
        if file.error is not None:
            out.write(f"::error file={_escape_property(file.path)}::{_escape_data(file.error)}\n")
            continue
        where = f"file={_escape_property(file.path)}"
        titles: dict[tuple[str, str], str] = {}
        diagnostics = file.diagnostics
        for first in range(0, len(diagnostics), _BATCH):
            batch = diagnostics[first : first + _BATCH]
            positions = iter(
                file.lines.one_based_all(o for d in batch for o in (d.span.start, d.span.end))
            )
            lines = []
            for d in batch:
                (sl, sc), (el, ec) = next(positions), next(positions)
                title = titles.get((d.code, d.rule))
                if title is None:
                    title = titles[(d.code, d.rule)] = _escape_property(f"{d.code} {d.rule}")
                lines.append(
                    f"::{_LEVEL[d.severity]} {where},line={sl},col={sc},endLine={el},"
                    f"endColumn={ec},title={title}::{_escape_data(d.message)}\n"
                )
            out.write("".join(lines))


# Findings formatted per write: large enough to make writes cheap, small enough to stay bounded.
_BATCH = 500
