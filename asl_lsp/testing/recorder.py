"""Coverage collection through the engine's :class:`ExecutionObserver` hook.

A :class:`CoverageRecorder` counts hits of one definition by pointer; a :class:`CoverageSession`
hands out recorders for any definition a tool runs (``asl run --cov``, the SDK's local backend,
the pytest plugin) and keeps the merged :class:`CoverageData`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asl_lsp.engine.observer import ExecutionObserver
from asl_lsp.testing.coverage import (
    CoverageData,
    DefinitionCoverage,
    build_coverage,
    definition_key,
    read_coverage_file,
    state_pointers,
    write_coverage_file,
)

if TYPE_CHECKING:
    from asl_lsp.engine.errors import StatesError
    from asl_lsp.engine.state_run import StateRun


class CoverageRecorder(ExecutionObserver):
    """Counts states entered and branches taken, keyed by pointer (thread-safe: Parallel and
    Map iterations report from their own threads)."""

    def __init__(self, pointers: Mapping[str, str]) -> None:
        self._pointers = dict(pointers)
        self._lock = threading.Lock()
        self.hits: dict[str, int] = {}

    def _hit(self, pointer: str) -> None:
        with self._lock:
            self.hits[pointer] = self.hits.get(pointer, 0) + 1

    def _state(self, run: StateRun) -> str | None:
        return self._pointers.get(run.name)

    def state_entered(self, run: StateRun) -> None:
        pointer = self._state(run)
        if pointer is not None:
            self._hit(pointer)

    def choice_rule(self, run: StateRun, index: int, matched: bool) -> None:
        pointer = self._state(run)
        if matched and pointer is not None:
            self._hit(f"{pointer}/Choices/{index}")

    def choice_default(self, run: StateRun) -> None:
        pointer = self._state(run)
        if pointer is not None:
            self._hit(f"{pointer}/Default")

    def retried(self, run: StateRun, retrier: int, error: StatesError) -> None:
        pointer = self._state(run)
        if pointer is not None:
            self._hit(f"{pointer}/Retry/{retrier}")

    def caught(self, run: StateRun, catcher: int, error: StatesError) -> None:
        pointer = self._state(run)
        if pointer is not None:
            self._hit(f"{pointer}/Catch/{catcher}")

    def take_hits(self) -> dict[str, int]:
        """The counts so far, resetting them (one call per run keeps runs apart)."""
        with self._lock:
            hits, self.hits = self.hits, {}
        return hits


class CoverageSession:
    """Coverage of every definition run through it; hits land in :attr:`data` as runs end."""

    def __init__(self, data: CoverageData | None = None) -> None:
        self.data = data if data is not None else CoverageData()
        self._lock = threading.Lock()

    def definition(
        self,
        definition: Mapping[str, Any],
        *,
        path: str | None = None,
        state_machine: str | None = None,
        text: str | None = None,
    ) -> DefinitionCoverage:
        """The coverage entry of a definition, built on first sight."""
        key = definition_key(path, state_machine)
        with self._lock:
            known = self.data.definitions.get(key)
            if known is not None and known.definition == dict(definition):
                return known
            if text is None and path is not None and Path(path).is_file():
                try:
                    text = Path(path).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    text = None
            coverage = build_coverage(definition, path=path, state_machine=state_machine, text=text)
            self.data.definitions[key] = coverage
            return coverage

    @classmethod
    def continuing(cls, path: str | Path) -> CoverageSession:
        """A session adding to the coverage file at ``path`` (a fresh one when it is unusable)."""
        try:
            return cls(read_coverage_file(path)) if Path(path).is_file() else cls()
        except ValueError:
            return cls()

    def save(self, path: str | Path) -> None:
        with self._lock:
            write_coverage_file(self.data, path)

    def recorder(self, coverage: DefinitionCoverage) -> SessionRecorder:
        return SessionRecorder(self, coverage)

    def observer_for(self, definition: Mapping[str, Any], name: str) -> ExecutionObserver:
        """An observer for one run of a definition known only by value (the SDK's backend)."""
        return self.recorder(self.definition(definition, state_machine=name))

    def add_hits(self, coverage: DefinitionCoverage, hits: Mapping[str, int]) -> None:
        """Add one run's counts to the session's entry for ``coverage``'s definition (a zero-hit
        copy of ``coverage`` becomes that entry on first sight)."""
        with self._lock:
            entry = self.data.definitions.get(coverage.key)
            if entry is None:
                entry = DefinitionCoverage.from_json(coverage.to_json())
                for item in entry.items:
                    item.hits = 0
                self.data.definitions[coverage.key] = entry
            entry.add_hits(hits)


class SessionRecorder(CoverageRecorder):
    """A recorder that adds its counts to the session's data as soon as they happen."""

    def __init__(self, session: CoverageSession, coverage: DefinitionCoverage) -> None:
        super().__init__(state_pointers(coverage))
        self._session = session
        self._coverage = coverage

    def _hit(self, pointer: str) -> None:
        self._session.add_hits(self._coverage, {pointer: 1})
