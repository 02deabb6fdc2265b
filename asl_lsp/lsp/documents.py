"""Parsed documents and lint results, cached per (uri, version).

The text itself lives in pygls's workspace (which applies incremental changes); this cache holds the
one immutable ``AslDocument`` per text version that every feature reads, and the findings of that
version once the linter has run. It is shared between the event loop and the lint thread: a parse
in progress on one thread is waited for, not repeated, by the other (a 2 MB parse costs a quarter
of a second; doing it twice would double the latency of the first request after an edit).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

from asl_lsp.diagnostic import Diagnostic
from asl_lsp.model.document import AslDocument, parse_document, reparse_document
from asl_lsp.service.completion import Entry as CompletionEntry
from asl_lsp.syntax.positions import LineIndex

ASL_LANGUAGE_IDS = frozenset({"asl", "asl-yaml", "asl-json"})
ASL_SUFFIXES = (".asl.json", ".asl.yaml", ".asl.yml")


@dataclass
class Entry:
    version: int | None
    text: str
    document: AslDocument
    diagnostics: list[Diagnostic] | None = None
    config_key: object = None
    # The entries of the last completion list sent for this version (completionItem/resolve).
    completions: list[CompletionEntry] = field(default_factory=list)


@dataclass
class DocumentCache:
    entries: dict[str, Entry] = field(default_factory=dict)
    language_ids: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _parse_locks: dict[str, threading.Lock] = field(default_factory=dict)
    # The document and version of the last completion list stored: its items carry only their
    # index in it (an object naming the document on each of a hundred items cost about a tenth
    # of a completion's time to convert and send).
    _completed: tuple[str, int | None] | None = None

    def _entry(self, uri: str, version: int | None, text: str) -> Entry | None:
        with self.lock:
            entry = self.entries.get(uri)
        if entry is not None and entry.version == version and entry.text == text:
            return entry
        return None

    def parsed(
        self, uri: str, version: int | None, text: str, lines: LineIndex | None = None
    ) -> AslDocument:
        """The parse of ``text``, the ``version`` of ``uri``; ``lines`` is the text sync's
        line index, taken over when it indexes ``text``."""
        entry = self._entry(uri, version, text)
        if entry is not None:
            return entry.document
        with self.lock:
            parse_lock = self._parse_locks.setdefault(uri, threading.Lock())
        with parse_lock:
            entry = self._entry(uri, version, text)
            if entry is not None:
                return entry.document
            with self.lock:
                # The cache lets go of the outdated version: only the new one is read from now on.
                previous = self.entries.pop(uri, None)
            path, language_id = uri_to_path(uri), self.language_ids.get(uri)
            if previous is None:
                document = parse_document(text, path, language_id, lines)
            else:
                document = reparse_document(previous.document, text, path, language_id, lines)
                previous = None
            with self.lock:
                self.entries[uri] = Entry(version, text, document)
        return document

    def store_diagnostics(
        self, uri: str, version: int | None, diagnostics: list[Diagnostic], config_key: object
    ) -> None:
        with self.lock:
            entry = self.entries.get(uri)
            if entry is not None and entry.version == version:
                entry.diagnostics = diagnostics
                entry.config_key = config_key

    def cached_diagnostics(
        self, uri: str, version: int | None, config_key: object
    ) -> list[Diagnostic] | None:
        with self.lock:
            entry = self.entries.get(uri)
            if entry is not None and entry.version == version and entry.config_key == config_key:
                return entry.diagnostics
        return None

    def store_completions(
        self, uri: str, version: int | None, entries: list[CompletionEntry]
    ) -> None:
        """Keep ``entries``, the list just sent for ``uri`` at ``version``, for
        completionItem/resolve; it replaces the last one."""
        with self.lock:
            entry = self.entries.get(uri)
            if entry is not None and entry.version == version:
                entry.completions = entries
                self._completed = (uri, version)

    def completion_entry(self, index: int) -> CompletionEntry | None:
        """Entry ``index`` of the last completion list stored, while its version is current."""
        with self.lock:
            if self._completed is None:
                return None
            uri, version = self._completed
            entry = self.entries.get(uri)
            if entry is None or entry.version != version or not 0 <= index < len(entry.completions):
                return None
            return entry.completions[index]

    def forget(self, uri: str) -> None:
        with self.lock:
            self.entries.pop(uri, None)
            self.language_ids.pop(uri, None)
            self._parse_locks.pop(uri, None)


def uri_to_path(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return uri


def serves(uri: str, language_id: str | None, document: AslDocument) -> bool:
    """ASL files by name or language id; other JSON/YAML only when they hold a state machine.

    A random ``package.json`` or ``docker-compose.yml`` opened in the same editor gets no
    diagnostics at all, not a "this is not a state machine" error.
    """
    if language_id in ASL_LANGUAGE_IDS or uri.lower().endswith(ASL_SUFFIXES):
        return True
    return bool(document.definitions)
