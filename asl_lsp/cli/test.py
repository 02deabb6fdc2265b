"""``asl test``: run ``*.asl-test.yaml|json`` files; report like pytest, cover like coverage.py.

Exit codes: 0 every case passed (and coverage reached ``--cov-fail-under``), 1 a case failed or
coverage fell short, 2 usage error, unusable test file or nothing to run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from asl_lsp.testing.coverage import COVERAGE_FILE, write_coverage_file
from asl_lsp.testing.reports.requested import parse_reports, write_coverage_reports


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="test files or folders to search for *.asl-test.yaml|json (default: .)",
    )
    parser.add_argument(
        "-k", dest="keyword", metavar="EXPR", help="only cases whose 'file::name' matches EXPR"
    )
    parser.add_argument(
        "-n",
        "--workers",
        type=int,
        metavar="N",
        help="worker processes (default: one per CPU; 0 runs in this process)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--junit-xml", metavar="FILE", help="also write a JUnit XML report")
    parser.add_argument(
        "--cov",
        action="store_true",
        help=f"measure state and branch coverage (kept in {COVERAGE_FILE} for the editor)",
    )
    parser.add_argument(
        "--cov-report",
        action="append",
        metavar="TYPE",
        help="text, json[:FILE], lcov[:FILE] or html[:DIR]; repeatable (default: text)",
    )
    parser.add_argument(
        "--cov-fail-under",
        type=float,
        metavar="N",
        help="fail when total coverage is below N percent",
    )


def _fail(message: str) -> int:
    print(f"asl test: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    # Imported here: `--help` and usage errors answer without loading the engine.
    from asl_lsp.testing.files import TestFileError
    from asl_lsp.testing.reports.console import Progress, write_report
    from asl_lsp.testing.runner import run_tests
    from asl_lsp.testing.selection import SelectionError, compile_expression

    try:
        select = compile_expression(args.keyword) if args.keyword else None
        reports = parse_reports(args.cov_report)
    except (SelectionError, ValueError) as exc:
        return _fail(str(exc))
    if args.workers is not None and args.workers < 0:
        return _fail("--workers must be 0 or more")
    coverage = bool(args.cov or args.cov_report or args.cov_fail_under is not None)
    text = args.format == "text"
    progress = Progress(sys.stdout) if text else None
    try:
        outcome = run_tests(
            args.paths or ["."],
            select=select,
            workers=args.workers,
            coverage=coverage,
            on_results=progress,
        )
    except TestFileError as exc:
        return _fail(str(exc))
    if progress is not None:
        progress.finish()
    if not outcome.results and not outcome.errors and not outcome.deselected:
        return _fail(f"no test files (*.asl-test.yaml|json) under {' '.join(args.paths or ['.'])}")
    if text:
        write_report(outcome, sys.stdout)
    else:
        # Imported here: each report format loads only when asked for.
        from asl_lsp.testing.reports.results_json import results_json

        print(results_json(outcome))
    try:
        if args.junit_xml:
            # Imported here: each report format loads only when asked for.
            from asl_lsp.testing.reports.junit import junit_xml

            Path(args.junit_xml).write_text(junit_xml(outcome), encoding="utf-8")
        if outcome.coverage is not None:
            write_coverage_file(outcome.coverage, COVERAGE_FILE)
            write_coverage_reports(outcome.coverage, reports, show_text=text)
    except OSError as exc:
        return _fail(f"cannot write a report: {exc.strerror}: {exc.filename}")
    if outcome.errors:
        return 2
    if not outcome.ok:
        return 1
    if outcome.coverage is not None and args.cov_fail_under is not None:
        total = outcome.coverage.percent
        if total < args.cov_fail_under:
            print(
                f"asl test: total coverage {total:.2f}% is below --cov-fail-under "
                f"{args.cov_fail_under:g}%",
                file=sys.stderr,
            )
            return 1
    return 0
