"""The pytest plugin (entry point ``pytest11``): ``*.asl-test.yaml|json`` cases as pytest items,
an ``asl_backend`` fixture, and ASL coverage with ``--asl-cov``.

The coverage options carry an ``asl-`` prefix so the plugin works beside pytest-cov, which owns
``--cov``. Only pytest and the standard library load with the plugin; the engine is imported when
the first test file is collected, so test runs without state machine tests pay nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from asl_lsp.sdk.backends.local import LocalBackend
    from asl_lsp.testing.execution import CaseResult, PreparedFile
    from asl_lsp.testing.files import TestCase
    from asl_lsp.testing.recorder import CoverageSession

_SUFFIXES = (".asl-test.yaml", ".asl-test.yml", ".asl-test.json")
_SESSION: pytest.StashKey[CoverageSession | None] = pytest.StashKey()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("asl", "state machine tests (asl-lsp)")
    group.addoption(
        "--asl-cov",
        action="store_true",
        help="measure ASL state and branch coverage of *.asl-test cases and asl_backend runs",
    )
    group.addoption(
        "--asl-cov-report",
        action="append",
        metavar="TYPE",
        help="text, json[:FILE], lcov[:FILE] or html[:DIR]; repeatable (default: text)",
    )
    group.addoption(
        "--asl-cov-fail-under",
        type=float,
        metavar="N",
        help="fail the run when total ASL coverage is below N percent",
    )


def _coverage_wanted(config: pytest.Config) -> bool:
    return bool(
        config.getoption("asl_cov")
        or config.getoption("asl_cov_report")
        or config.getoption("asl_cov_fail_under") is not None
    )


def pytest_configure(config: pytest.Config) -> None:
    session = None
    if _coverage_wanted(config):
        # Imported here: the plugin loads with every pytest run; the engine only for ASL tests.
        from asl_lsp.testing.recorder import CoverageSession
        from asl_lsp.testing.reports.requested import parse_reports

        try:
            parse_reports(config.getoption("asl_cov_report"))
        except ValueError as exc:
            raise pytest.UsageError(str(exc)) from None
        session = CoverageSession()
    config.stash[_SESSION] = session


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.lower().endswith(_SUFFIXES):
        return AslTestFile.from_parent(parent, path=file_path)
    return None


class AslTestFile(pytest.File):
    """One test file; a file that cannot be used is one collection error with a one-line why."""

    prepared: PreparedFile | None = None

    def collect(self) -> Iterator[pytest.Item]:
        # Imported here: the plugin loads with every pytest run; the engine only for ASL tests.
        from asl_lsp.testing.execution import PreparedFile
        from asl_lsp.testing.files import TestFileError, load_test_file

        try:
            self.prepared = PreparedFile(load_test_file(self.path))
        except TestFileError as exc:
            raise self.CollectError(str(exc)) from None
        for case in self.prepared.test_file.cases:
            yield AslTestItem.from_parent(self, name=case.name, case=case)


class AslCaseFailed(Exception):
    """A case did not meet its expectations."""

    def __init__(self, result: CaseResult) -> None:
        super().__init__(result.failures[0].message if result.failures else result.outcome)
        self.result = result


class AslTestItem(pytest.Item):
    """One case. ``funcargs`` is empty but present: some plugins' call wrappers (pytest-lsp)
    read it from every item, as if each were a Python test function."""

    def __init__(self, *, case: TestCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.funcargs: dict[str, Any] = {}

    def runtest(self) -> None:
        # Imported here: the plugin loads with every pytest run; the engine only for ASL tests.
        from asl_lsp.testing.execution import run_case

        parent = self.parent
        assert isinstance(parent, AslTestFile) and parent.prepared is not None
        prepared = parent.prepared
        session = self.config.stash.get(_SESSION, None)
        result = run_case(prepared, self.case, coverage=session is not None)
        if session is not None:
            session.add_hits(prepared.coverage, result.hits)
        if result.outcome != "passed":
            raise AslCaseFailed(result)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str | Any:
        if isinstance(excinfo.value, AslCaseFailed):
            # Imported here: the plugin loads with every pytest run; the engine only for ASL tests.
            from asl_lsp.testing.reports.console import failure_text

            return failure_text(excinfo.value.result)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"asl: {self.name}"


@pytest.fixture
def asl_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LocalBackend]:
    """A local engine backend with a virtual clock and its own store, closed after the test.

    Register Lambda handlers with ``asl_backend.functions[name] = handler`` (task handlers in
    ``asl_backend.tasks``), then run a ``Workflow(..., backend=asl_backend)`` or call the backend
    directly and assert on ``get_execution_history``. With ``--asl-cov`` its runs count too.
    """
    # Imported here: the plugin loads with every pytest run; the engine only for ASL tests.
    from asl_lsp.sdk.backends.local import LocalBackend

    session = request.config.stash.get(_SESSION, None)
    backend = LocalBackend(
        clock="virtual",
        store=tmp_path / "asl-lsp-store.db",
        observe=session.observer_for if session is not None else None,
    )
    try:
        yield backend
    finally:
        backend.close()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    session = config.stash.get(_SESSION, None)
    if session is None:
        return
    # Imported here: the plugin loads with every pytest run; the engine only for ASL tests.
    from asl_lsp.testing.coverage import COVERAGE_FILE
    from asl_lsp.testing.reports.coverage_text import coverage_table
    from asl_lsp.testing.reports.requested import parse_reports, write_coverage_reports

    reports = parse_reports(config.getoption("asl_cov_report"))
    terminalreporter.section("ASL coverage")
    if any(kind == "text" for kind, _ in reports):
        terminalreporter.write(coverage_table(session.data))
    try:
        session.save(COVERAGE_FILE)
        write_coverage_reports(session.data, reports, show_text=False)
    except OSError as exc:
        terminalreporter.write_line(f"cannot write an ASL coverage report: {exc}")
    threshold = config.getoption("asl_cov_fail_under")
    if threshold is not None and session.data.percent < threshold:
        terminalreporter.write_line(
            f"FAIL Required ASL coverage of {threshold:g}% not reached: "
            f"{session.data.percent:.2f}%",
            red=True,
        )


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    coverage = session.config.stash.get(_SESSION, None)
    threshold = session.config.getoption("asl_cov_fail_under")
    if coverage is None or threshold is None:
        return
    if coverage.data.percent < threshold and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
