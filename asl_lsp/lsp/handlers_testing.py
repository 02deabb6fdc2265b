"""Tests in the editor: the ``asl.runTest`` command and the lenses of test files and covered
definitions. Thin adapters over :mod:`asl_lsp.testing.editor` and the test runner.

A client that can start the ``asl`` debugger says so with the experimental client capability
``{"aslDebugTest": true}``; it then also gets a "Debug test" lens per case, whose command
``asl.debugTest`` (test file URI, case name) the client handles itself.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer

from asl_lsp.lsp.documents import uri_to_path
from asl_lsp.lsp.positions import PositionMapper
from asl_lsp.lsp.testing_support import COVERAGE, is_test_uri
from asl_lsp.model.document import AslDocument
from asl_lsp.testing.editor import case_lenses, coverage_lenses
from asl_lsp.testing.execution import CaseResult, PreparedFile, run_case
from asl_lsp.testing.files import TestFileError, build_test_file, parse_test_text

if TYPE_CHECKING:  # the server imports this module to register its handlers
    from asl_lsp.lsp.server import AslLanguageServer

log = logging.getLogger(__name__)
RUN_TEST = "asl.runTest"
DEBUG_TEST = "asl.debugTest"
DEBUG_TEST_CAPABILITY = "aslDebugTest"

# The last result of each case, per server: (uri, case name) -> result.
_RESULTS: weakref.WeakKeyDictionary[AslLanguageServer, dict[tuple[str, str], CaseResult]] = (
    weakref.WeakKeyDictionary()
)


def _results(ls: AslLanguageServer) -> dict[tuple[str, str], CaseResult]:
    return _RESULTS.setdefault(ls, {})


def run_test_case(path: Path, text: str, case_name: str) -> CaseResult:
    """Run one case of the test file whose current text is ``text`` (it may be unsaved)."""
    prepared = PreparedFile(build_test_file(parse_test_text(text, path), path))
    case = next((c for c in prepared.test_file.cases if c.name == case_name), None)
    if case is None:
        raise TestFileError(f"the test file has no case named {case_name!r}")
    return run_case(prepared, case)


def summary(result: CaseResult) -> dict[str, Any]:
    data = result.to_json()
    return {key: data[key] for key in ("name", "outcome", "status", "error", "path", "failures")}


def lens_title(result: CaseResult | None) -> str:
    if result is None:
        return "▶ Run test"
    if result.outcome == "passed":
        return "✓ passed · run again"
    first = result.failures[0].message if result.failures else result.outcome
    return f"✗ {result.outcome}: {first} · run again"


def client_debugs_tests(ls: AslLanguageServer) -> bool:
    experimental = ls.client_capabilities.experimental
    return isinstance(experimental, dict) and experimental.get(DEBUG_TEST_CAPABILITY) is True


def lenses(
    ls: AslLanguageServer, uri: str, document: AslDocument, mapper: PositionMapper
) -> list[types.CodeLens]:
    """A run lens (and a debug lens, if the client can) per case in a test file; "N runs"
    lenses in a definition with coverage."""
    path = uri_to_path(uri)
    if is_test_uri(uri):
        results = _results(ls)
        debug = client_debugs_tests(ls)
        case_lenses_found: list[types.CodeLens] = []
        for lens in case_lenses(document.text, path):
            title = lens_title(results.get((uri, lens.name)))
            commands = [types.Command(title, RUN_TEST, arguments=[uri, lens.name])]
            if debug:
                commands.append(types.Command("Debug test", DEBUG_TEST, arguments=[uri, lens.name]))
            case_lenses_found.extend(types.CodeLens(mapper.range(lens.span), c) for c in commands)
        return case_lenses_found
    if path == uri or not document.definitions:
        return []
    found = COVERAGE.for_document(path)
    if found is None:
        return []
    return [
        types.CodeLens(range=mapper.range(lens.span), command=types.Command(lens.title, ""))
        for lens in coverage_lenses(document, found[1], found[0])
    ]


def register(server: AslLanguageServer) -> None:
    # The command uses ``server``: pygls reads its annotations at run time, and the server type
    # is imported for type checking only.
    @server.command(RUN_TEST)
    async def run_test_command(_ls: LanguageServer, *args: Any) -> dict[str, Any]:
        ls = server
        if len(args) < 2 or not isinstance(args[0], str) or not isinstance(args[1], str):
            raise JsonRpcInvalidParams("asl.runTest takes the test file URI and a case name")
        uri, name = args[0], args[1]
        path = uri_to_path(uri)
        if path == uri:
            raise JsonRpcInvalidParams("asl.runTest needs a file: URI")
        try:
            text = ls.workspace.get_text_document(uri).source
        except Exception:
            text = None
        loop = asyncio.get_running_loop()
        try:
            if text is None:
                text = await loop.run_in_executor(None, Path(path).read_text, "utf-8")
            result = await loop.run_in_executor(None, run_test_case, Path(path), text, name)
        except (TestFileError, OSError, UnicodeDecodeError) as error:
            raise JsonRpcInvalidParams(f"cannot run the test: {error}") from None
        _results(ls)[(uri, name)] = result
        passed = result.outcome == "passed"
        ls.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Info if passed else types.MessageType.Error,
                message=f"{name}: {lens_title(result).split(' · ')[0]}",
            )
        )
        capabilities = ls.client_capabilities.workspace
        lens_caps = capabilities.code_lens if capabilities is not None else None
        if lens_caps is not None and lens_caps.refresh_support:
            ls.workspace_code_lens_refresh(None)
        return summary(result)
