"""The pygls language server: document lifecycle, debounced diagnostics, settings.

Handlers here and in ``handlers_*.py`` are thin adapters: they convert positions, call a pure
function of ``asl_lsp.service``/``lint``/``graph``/``engine``/``sdk`` and convert the result back.
Heavy work (parsing and linting after an edit) runs on a worker thread so the event loop keeps
answering; a newer version of a document cancels the pending lint of the older one, and stale
results are never published.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

from lsprotocol import types
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer

from asl_lsp import __version__
from asl_lsp.diagnostic import Diagnostic
from asl_lsp.gcpause import gc_settled
from asl_lsp.lint.config import ConfigError, LintConfig, load_config
from asl_lsp.lint.linter import lint_document, load_linter
from asl_lsp.lint.state_memo import StateFindingsMemo
from asl_lsp.lsp import (
    handlers_assist,
    handlers_commands,
    handlers_edit,
    handlers_lifecycle,
    handlers_nav,
    handlers_testing,
)
from asl_lsp.lsp.convert import to_lsp_diagnostic
from asl_lsp.lsp.documents import DocumentCache, serves, uri_to_path
from asl_lsp.lsp.framing import read_frames
from asl_lsp.lsp.positions import PositionMapper, encoding_name
from asl_lsp.lsp.protocol import AslProtocol
from asl_lsp.lsp.settings import Settings, merge_raw, parse_settings
from asl_lsp.lsp.testing_support import (
    coverage_diagnostics,
    coverage_stamp,
    diagnose_test_uri,
    is_test_uri,
)
from asl_lsp.model.document import AslDocument
from asl_lsp.service.state_names import prepare_state_names

log = logging.getLogger(__name__)
LINT_THREADS = 4


class AslLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "asl-lsp",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=AslProtocol,
        )
        self.settings = Settings()
        self.cache = DocumentCache()
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.published: set[str] = set()  # URIs whose last published diagnostics were not empty
        # Several lint threads: one slow document (a huge or hostile one) must not hold back the
        # diagnostics of the others. The GIL interleaves them, so a small document's findings
        # arrive in about its own lint time even while a large one is being linted.
        self.lint_executor = ThreadPoolExecutor(
            max_workers=LINT_THREADS, thread_name_prefix="asl-lint"
        )
        self._configs: dict[str, LintConfig] = {}
        # Per-state findings of every document, by state text: an edit re-checks one state.
        self.findings_memo = StateFindingsMemo()
        self.initialization_options: Any = None

    def _start_io_async(
        self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None
    ) -> None:
        """pygls's stdio loop with :func:`asl_lsp.lsp.framing.read_frames` as the reader, which
        recovers from malformed frames instead of going deaf."""
        self._stop_event = threading.Event()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(
                read_frames(
                    self._stop_event,
                    stdin or sys.stdin.buffer,
                    self.protocol,
                    self.report_server_error,
                )
            )
        except BrokenPipeError:
            log.error("Connection to the client is lost! Shutting down the server.")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()  # type: ignore[no-untyped-call]

    # -- documents ---------------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        return encoding_name(self.workspace.position_encoding)

    def snapshot(self, uri: str) -> tuple[AslDocument, PositionMapper, int | None]:
        """The parsed current version of ``uri`` and a mapper for its positions."""
        text_document = self.workspace.get_text_document(uri)
        return self.parse_version(uri, text_document.source, text_document.version)

    def parse_version(
        self, uri: str, text: str, version: int | None
    ) -> tuple[AslDocument, PositionMapper, int | None]:
        protocol = self.protocol
        lines = protocol.line_index(uri) if isinstance(protocol, AslProtocol) else None
        with gc_settled():
            document = self.cache.parsed(uri, version, text, lines)
        return document, PositionMapper(document.source.lines, self.encoding), version

    def lint_config(self, uri: str) -> LintConfig:
        path = uri_to_path(uri)
        folder = str(Path(path).parent) if path != uri else ""
        config = self._configs.get(folder)
        if config is None:
            try:
                config = load_config(Path(folder)) if folder else LintConfig()
            except ConfigError as error:
                self.show_warning(f"asl-lsp: {error}; using default rules")
                config = LintConfig()
            self._configs[folder] = config
        return self.settings.apply(config)

    def diagnostics_for(self, uri: str) -> tuple[AslDocument, list[Diagnostic], PositionMapper]:
        """The findings of the current version, computed once per version and settings."""
        text_document = self.workspace.get_text_document(uri)
        return self.lint_version(uri, text_document.source, text_document.version)

    def lint_version(
        self, uri: str, text: str, version: int | None
    ) -> tuple[AslDocument, list[Diagnostic], PositionMapper]:
        document, mapper, _ = self.parse_version(uri, text, version)
        # Work the requests on this version will want, done here off their path.
        document.source.lines.index_lines()
        prepare_state_names(document)
        config = self.lint_config(uri)
        key = (self.settings, config, coverage_stamp(uri))
        cached = self.cache.cached_diagnostics(uri, version, key)
        if cached is None:
            if is_test_uri(uri):
                cached = diagnose_test_uri(uri, document)
            elif self.serves(uri, document):
                cached = lint_document(document, config, self.findings_memo) + coverage_diagnostics(
                    uri, document
                )
            else:
                cached = []
            self.cache.store_diagnostics(uri, version, cached, key)
        return document, cached, mapper

    def _lint_for_client(
        self, uri: str, text: str, version: int | None
    ) -> tuple[AslDocument, list[types.Diagnostic]]:
        """The findings of a version in the client's terms, in one trip to a lint thread."""
        with gc_settled():
            document, diagnostics, mapper = self.lint_version(uri, text, version)
            return document, _convert_all(diagnostics, mapper, uri)

    def serves(self, uri: str, document: AslDocument) -> bool:
        return serves(uri, self.cache.language_ids.get(uri), document)

    # -- diagnostics -------------------------------------------------------------------------

    def schedule_lint(self, uri: str, delay_ms: int | None = None) -> None:
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        delay = self.settings.debounce_ms if delay_ms is None else delay_ms
        self.pending[uri] = asyncio.get_running_loop().create_task(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay_ms: int) -> None:
        try:
            # Even without a debounce, yield once: a burst of queued edits cancels this task
            # before any work starts.
            await asyncio.sleep(delay_ms / 1000 if delay_ms else 0)
            text_document = self.workspace.get_text_document(uri)
            text, version = text_document.source, text_document.version
            loop = asyncio.get_running_loop()
            document, lsp_diagnostics = await loop.run_in_executor(
                self.lint_executor, self._lint_for_client, uri, text, version
            )
            if self.workspace.get_text_document(uri).version != version or (
                self.pending.get(uri) is not asyncio.current_task()
            ):
                return  # a newer version is on its way; never publish stale findings
            served = self.serves(uri, document) or is_test_uri(uri)
            self.publish(uri, lsp_diagnostics, version, served)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("linting %s failed", uri)
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                self.pending.pop(uri, None)

    def publish(
        self, uri: str, diagnostics: list[types.Diagnostic], version: int | None, served: bool
    ) -> None:
        if not served and uri not in self.published:
            return  # not a state machine and nothing to clear: a package.json stays silent
        if served:
            self.published.add(uri)
        else:
            self.published.discard(uri)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def clear(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.cache.forget(uri)
        if uri in self.published:
            self.published.discard(uri)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )

    def relint_all(self) -> None:
        self._configs.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule_lint(uri, 0)

    # -- messages ----------------------------------------------------------------------------

    def show_warning(self, message: str) -> None:
        log.warning(message)
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Warning, message=message)
        )

    def apply_settings(self, raw: Any) -> bool:
        """Settings from the client (over the initialization options); True when they changed."""
        settings, problems = parse_settings(merge_raw(self.initialization_options, raw))
        changed = settings != self.settings
        self.settings = settings
        for problem in problems:
            self.show_warning(problem)
        return changed


def _convert_all(
    diagnostics: list[Diagnostic], mapper: PositionMapper, uri: str
) -> list[types.Diagnostic]:
    return [to_lsp_diagnostic(d, mapper, uri) for d in diagnostics]


def create_server() -> AslLanguageServer:
    """A server with every feature registered (commands only where their capability exists)."""
    load_linter()
    server = AslLanguageServer()
    handlers_lifecycle.register(server)
    handlers_nav.register(server)
    handlers_edit.register(server)
    handlers_commands.register(server)
    handlers_testing.register(server)
    handlers_assist.register(server)
    return server
