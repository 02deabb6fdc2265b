"""The coverage reports a user asked for (``--cov-report`` / ``--asl-cov-report``), written.

Shared by ``asl test`` and the pytest plugin, so both accept the same values.
"""

from __future__ import annotations

import sys
from pathlib import Path

from asl_lsp.testing.coverage import CoverageData, write_coverage_file

DEFAULT_OUTPUTS = {"json": "asl-coverage.json", "lcov": "asl-lcov.info", "html": "asl-htmlcov"}


def parse_reports(values: list[str] | None) -> list[tuple[str, str | None]]:
    """``--cov-report`` values as (kind, target); ValueError with one line when malformed."""
    reports: list[tuple[str, str | None]] = []
    for value in values or ["text"]:
        kind, sep, target = value.partition(":")
        if kind not in ("text", *DEFAULT_OUTPUTS):
            raise ValueError(f"unknown --cov-report {value!r}: use text, json, lcov or html")
        if kind == "text" and sep:
            raise ValueError("--cov-report text prints to the terminal and takes no file")
        reports.append((kind, target if sep and target else DEFAULT_OUTPUTS.get(kind)))
    return reports


def write_coverage_reports(
    data: CoverageData, reports: list[tuple[str, str | None]], show_text: bool
) -> None:
    """Write every requested report; text goes to stdout unless ``show_text`` is False.

    Each report's module is imported only when asked for (the HTML one loads the graph renderer).
    """
    for kind, target in reports:
        if kind == "text":
            if show_text:
                # Imported here: each report format loads only when asked for.
                from asl_lsp.testing.reports.coverage_text import coverage_table

                sys.stdout.write(coverage_table(data))
        elif kind == "json" and target is not None:
            write_coverage_file(data, target)
        elif kind == "lcov" and target is not None:
            # Imported here: each report format loads only when asked for.
            from asl_lsp.testing.reports.lcov import lcov_text

            Path(target).write_text(lcov_text(data), encoding="utf-8")
        elif kind == "html" and target is not None:
            # Imported here: each report format loads only when asked for.
            from asl_lsp.testing.reports.html import write_html

            write_html(data, target)
