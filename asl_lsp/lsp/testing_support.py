"""Test files and coverage in the diagnostics pipeline: which findings a test file gets, and the
coverage hints a definition gets from the workspace's latest coverage file.

Kept apart from the handlers so the server core can call it without importing any handler.
"""

from __future__ import annotations

from pathlib import Path

from asl_lsp.diagnostic import Diagnostic
from asl_lsp.lsp.documents import uri_to_path
from asl_lsp.model.document import AslDocument
from asl_lsp.testing.editor import CoverageCache, coverage_hints, diagnose_test_file
from asl_lsp.testing.files import is_test_file

COVERAGE = CoverageCache()


def is_test_uri(uri: str) -> bool:
    return is_test_file(uri.split("?", 1)[0])


def _path(uri: str) -> str | None:
    path = uri_to_path(uri)
    return path if path != uri else None


def diagnose_test_uri(uri: str, document: AslDocument) -> list[Diagnostic]:
    return diagnose_test_file(document.text, _path(uri))


def coverage_stamp(uri: str) -> float | None:
    """When the coverage file that applies to ``uri`` last changed (a cache key part)."""
    path = _path(uri)
    found = COVERAGE.for_document(path) if path is not None else None
    if found is None:
        return None
    try:
        return found[0].stat().st_mtime
    except OSError:
        return None


def coverage_diagnostics(uri: str, document: AslDocument) -> list[Diagnostic]:
    path = _path(uri)
    if path is None or not document.definitions or not Path(path).is_file():
        return []
    found = COVERAGE.for_document(path)
    if found is None:
        return []
    coverage_file, data = found
    return coverage_hints(document, data, coverage_file)
