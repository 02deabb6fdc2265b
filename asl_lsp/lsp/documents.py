"""Parsed documents and lint results, cached per (uri, version).

The text itself lives in pygls's workspace (which applies incremental changes); this cache holds the
one immutable ``AslDocument`` per text version that every feature reads, and the findings of that
version once the linter has run. It is shared between the event loop and the lint thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

from asl_lsp.diagnostic import Diagnostic
from asl_lsp.model.document import AslDocument, parse_document

ASL_LANGUAGE_IDS = frozenset({"asl", "asl-yaml", "asl-json"})
MAYBE_LANGUAGE_IDS = frozenset({"json", "yaml", "jsonc", "cloudformation", "yml"})


@dataclass
class Entry:
    version: int | None
    text: str
    document: AslDocument
    diagnostics: list[Diagnostic] | None = None
    config_key: object = None


@dataclass
class DocumentCache:
    entries: dict[str, Entry] = field(default_factory=dict)
    language_ids: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def parsed(self, uri: str, version: int | None, text: str) -> AslDocument:
        with self.lock:
            entry = self.entries.get(uri)
            if entry is not None and entry.version == version and entry.text is text:
                return entry.document
        document = parse_document(text, uri_to_path(uri), self.language_ids.get(uri))
        with self.lock:
            current = self.entries.get(uri)
            if current is None or current.version != version or current.text is not text:
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

    def forget(self, uri: str) -> None:
        with self.lock:
            self.entries.pop(uri, None)
            self.language_ids.pop(uri, None)


def uri_to_path(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return uri


def serves(uri: str, language_id: str | None, document: AslDocument) -> bool:
    """ASL files by name or language id; plain JSON/YAML only when they hold a state machine."""
    lower = uri.lower()
    if language_id in ASL_LANGUAGE_IDS or lower.endswith((".asl.json", ".asl.yaml", ".asl.yml")):
        return True
    return bool(document.definitions)
