"""Renderings of test results (console, JSON, JUnit XML) and of coverage (text, JSON, LCOV, HTML).

Each module is a pure function of :class:`~asl_lsp.testing.runner.RunOutcome` or
:class:`~asl_lsp.testing.coverage.CoverageData` to text.
"""
