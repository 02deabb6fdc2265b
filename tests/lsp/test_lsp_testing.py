"""Tests and coverage in the real server: test-file diagnostics, case lenses that run a case
(``asl.runTest``) and report in place, and coverage hints in a covered definition."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from asl_lsp.testing.coverage import write_coverage_file
from asl_lsp.testing.runner import run_tests
from tests.lsp.conftest import SERVER, SERVER_ENV, Session
from tests.testing.workflow import FULL_COVERAGE_CASES, write_project

TEST_TEXT = """definition: flow.asl.json
functions: handlers.py:FUNCTIONS
cases:
  - name: routes a call
    input: {kind: call}
    expect:
      path: [Remember, Route, Call]
  - name: wrong path
    input: {kind: both}
    expect:
      path: [Remember, Route, Call]
"""


async def _lenses(session: Session, uri: str) -> list[types.CodeLens]:
    lenses = await session.client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    return list(lenses or [])


async def test_unknown_state_names_in_a_test_file(session: Session, tmp_path: Path) -> None:
    write_project(tmp_path, FULL_COVERAGE_CASES)
    uri = (tmp_path / "typo.asl-test.yaml").as_uri()
    text = TEST_TEXT.replace(
        "[Remember, Route, Call]\n  - name: wrong", "[Remember, Rute]\n  - name: wrong"
    )
    session.open(uri, text, "yaml")
    diagnostics = await session.diagnostics(uri)
    assert [(d.code, d.message) for d in diagnostics] == [
        ("ASLT01", "flow.asl.json has no state named 'Rute' (expected path); did you mean 'Route'?")
    ]
    assert diagnostics[0].range.start.line == 6


async def test_case_lenses_run_cases_and_report_in_place(session: Session, tmp_path: Path) -> None:
    write_project(tmp_path, FULL_COVERAGE_CASES)
    refreshes: list[object] = []
    # The editor answers the server's lens refresh requests (sent when the client supports them).
    session.client.protocol.fm.features[types.WORKSPACE_CODE_LENS_REFRESH] = refreshes.append
    uri = (tmp_path / "lens.asl-test.yaml").as_uri()
    session.open(uri, TEST_TEXT, "yaml")
    lenses = await _lenses(session, uri)
    assert [
        (lens.command.title, list(lens.command.arguments or [])) for lens in lenses if lens.command
    ] == [
        ("▶ Run test", [uri, "routes a call"]),
        ("▶ Run test", [uri, "wrong path"]),
    ]
    assert [lens.range.start.line for lens in lenses] == [3, 7]
    for lens in lenses:
        assert lens.command is not None
        result = await session.client.workspace_execute_command_async(
            types.ExecuteCommandParams(
                command=lens.command.command, arguments=lens.command.arguments
            )
        )
        assert isinstance(result, dict)
    assert result["outcome"] == "failed" and result["failures"][0]["kind"] == "path"
    titles = [lens.command.title for lens in await _lenses(session, uri) if lens.command]
    assert titles == ["✓ passed · run again", "✗ failed: the path differs · run again"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, server_env=SERVER_ENV))
async def debugging_client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """VS Code with the extension, which announces that it starts the debugger on a case."""
    capabilities = client_capabilities("visual-studio-code")
    capabilities.experimental = {"aslDebugTest": True}
    params = types.InitializeParams(
        capabilities=capabilities, initialization_options={"debounceMs": 0}, root_uri=None
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def test_a_debugging_client_gets_a_debug_lens_per_case(
    debugging_client: LanguageClient, tmp_path: Path
) -> None:
    write_project(tmp_path, FULL_COVERAGE_CASES)
    uri = (tmp_path / "debug.asl-test.yaml").as_uri()
    Session(debugging_client).open(uri, TEST_TEXT, "yaml")
    lenses = await debugging_client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert [
        (
            lens.range.start.line,
            lens.command.title,
            lens.command.command,
            list(lens.command.arguments or []),
        )
        for lens in lenses or []
        if lens.command
    ] == [
        (3, "▶ Run test", "asl.runTest", [uri, "routes a call"]),
        (3, "Debug test", "asl.debugTest", [uri, "routes a call"]),
        (7, "▶ Run test", "asl.runTest", [uri, "wrong path"]),
        (7, "Debug test", "asl.debugTest", [uri, "wrong path"]),
    ]


async def test_coverage_hints_in_a_covered_definition(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    test_file = write_project(tmp_path, FULL_COVERAGE_CASES[:1])
    monkeypatch.chdir(tmp_path)
    outcome = run_tests([test_file.name], coverage=True, workers=0)
    assert outcome.coverage is not None
    write_coverage_file(outcome.coverage, tmp_path / ".asl-coverage.json")
    definition = tmp_path / "flow.asl.json"
    uri = definition.as_uri()
    session.open(uri, definition.read_text(encoding="utf-8"))
    diagnostics = await session.diagnostics(uri)
    hints = [d for d in diagnostics if d.code == "ASLT10"]
    assert {d.message for d in hints} >= {
        "state 'Call' was never entered by a test run",
        "the Default of 'Route' was never taken by a test run",
    }
    assert hints, [(d.code, d.tags) for d in diagnostics]
    assert all(
        d.severity == types.DiagnosticSeverity.Hint
        and list(d.tags or []) == [types.DiagnosticTag.Unnecessary]
        for d in hints
    )
    titles = [lens.command.title for lens in await _lenses(session, uri) if lens.command]
    assert "0 runs" in titles and "1 run" in titles
