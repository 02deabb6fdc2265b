"""The coverage model: what a definition offers to reach, and how often runs reached it.

Items are keyed by their JSON pointer inside the definition (``/States/Check/Choices/1``), so hit
counts from different processes, runs and tools merge by simple addition, and every report (text,
JSON, LCOV, HTML, the editor) reads the same :class:`CoverageData`. States count like coverage.py's
statements; each Choice rule, Default, Catch and Retry counts as a branch. Lines are 1-based and
only known when the definition came from a file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asl_lsp.model.machine import State, build_state_machine
from asl_lsp.syntax.document import SourceDocument, parse_source
from asl_lsp.syntax.nodes import ArrayNode, ObjectNode, StringNode, pointer_string

COVERAGE_FILE = ".asl-coverage.json"
FORMAT_VERSION = 1

# Branch kinds, in the order a state lists them.
CHOICE, DEFAULT, CATCH, RETRY = "choice", "default", "catch", "retry"
_LIST_BRANCHES = (("Choices", CHOICE), ("Catch", CATCH), ("Retry", RETRY))


@dataclass
class CoverageItem:
    """A state or a branch, with the line it is written on and how often runs reached it."""

    pointer: str
    kind: str  # "state" or a branch kind
    state: str
    label: str
    line: int | None
    hits: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "pointer": self.pointer,
            "kind": self.kind,
            "state": self.state,
            "label": self.label,
            "line": self.line,
            "hits": self.hits,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> CoverageItem:
        line = raw.get("line")
        return cls(
            str(raw["pointer"]),
            str(raw["kind"]),
            str(raw.get("state", "")),
            str(raw.get("label", "")),
            line if isinstance(line, int) else None,
            int(raw.get("hits", 0)),
        )


def percent(covered: int, total: int) -> float:
    return 100.0 if total == 0 else 100.0 * covered / total


@dataclass
class DefinitionCoverage:
    """Coverage of one state machine: its states and branches, in document order."""

    key: str
    path: str | None
    state_machine: str | None
    definition: dict[str, Any]
    states: list[CoverageItem] = field(default_factory=list)
    branches: list[CoverageItem] = field(default_factory=list)

    @property
    def items(self) -> list[CoverageItem]:
        return [*self.states, *self.branches]

    def add_hits(self, hits: Mapping[str, int]) -> None:
        by_pointer = {item.pointer: item for item in self.items}
        for pointer, count in hits.items():
            item = by_pointer.get(pointer)
            if item is not None:
                item.hits += count

    def missed_states(self) -> list[CoverageItem]:
        return [s for s in self.states if not s.hits]

    def missed_branches(self) -> list[CoverageItem]:
        return [b for b in self.branches if not b.hits]

    @property
    def covered(self) -> int:
        return sum(1 for item in self.items if item.hits)

    @property
    def total(self) -> int:
        return len(self.states) + len(self.branches)

    @property
    def percent(self) -> float:
        return percent(self.covered, self.total)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "path": self.path,
            "state_machine": self.state_machine,
            "definition": self.definition,
            "states": [s.to_json() for s in self.states],
            "branches": [b.to_json() for b in self.branches],
            "summary": {
                "states": len(self.states),
                "states_covered": len(self.states) - len(self.missed_states()),
                "branches": len(self.branches),
                "branches_covered": len(self.branches) - len(self.missed_branches()),
                "percent": round(self.percent, 2),
            },
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> DefinitionCoverage:
        definition = raw.get("definition")
        return cls(
            str(raw["key"]),
            raw.get("path") if isinstance(raw.get("path"), str) else None,
            raw.get("state_machine") if isinstance(raw.get("state_machine"), str) else None,
            definition if isinstance(definition, dict) else {},
            [CoverageItem.from_json(s) for s in raw.get("states") or []],
            [CoverageItem.from_json(b) for b in raw.get("branches") or []],
        )


@dataclass
class CoverageData:
    """Coverage of every definition some run touched, keyed by :func:`definition_key`."""

    definitions: dict[str, DefinitionCoverage] = field(default_factory=dict)

    def add(self, coverage: DefinitionCoverage) -> DefinitionCoverage:
        """Register a definition (hits of an already known one are kept)."""
        known = self.definitions.get(coverage.key)
        if known is None:
            self.definitions[coverage.key] = coverage
            return coverage
        return known

    def merge(self, other: CoverageData) -> None:
        for key, theirs in other.definitions.items():
            mine = self.definitions.get(key)
            if mine is None or [i.pointer for i in mine.items] != [i.pointer for i in theirs.items]:
                # New, or the definition changed since: the newer counts replace the stale ones.
                self.definitions[key] = theirs
            else:
                mine.add_hits({i.pointer: i.hits for i in theirs.items})

    @property
    def covered(self) -> int:
        return sum(d.covered for d in self.definitions.values())

    @property
    def total(self) -> int:
        return sum(d.total for d in self.definitions.values())

    @property
    def percent(self) -> float:
        return percent(self.covered, self.total)

    def sorted(self) -> list[DefinitionCoverage]:
        return [self.definitions[k] for k in sorted(self.definitions)]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "definitions": [d.to_json() for d in self.sorted()],
            "summary": {
                "items": self.total,
                "covered": self.covered,
                "percent": round(self.percent, 2),
            },
        }

    @classmethod
    def from_json(cls, raw: Any) -> CoverageData:
        if not isinstance(raw, dict) or raw.get("version") != FORMAT_VERSION:
            raise ValueError("not an asl-lsp coverage file (version 1)")
        data = cls()
        for item in raw.get("definitions") or []:
            coverage = DefinitionCoverage.from_json(item)
            data.definitions[coverage.key] = coverage
        return data


def definition_key(path: str | None, state_machine: str | None) -> str:
    """Where a definition lives: ``path`` (``path#Name`` inside a template) or ``<Name>``."""
    if path is None:
        return f"<{state_machine or 'state machine'}>"
    return f"{path}#{state_machine}" if state_machine else path


def display_path(path: Path) -> str:
    """A path as reports print it: relative to the working folder when below it (as CI tools
    resolve LCOV paths), absolute otherwise; POSIX style."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def build_coverage(
    definition: Mapping[str, Any],
    *,
    path: str | None = None,
    state_machine: str | None = None,
    text: str | None = None,
) -> DefinitionCoverage:
    """The items of a definition with zero hits; ``text`` (the file's source) gives their lines."""
    source_text = text if text is not None else json.dumps(definition, indent=2)
    document = parse_source(source_text, path)
    root = _definition_root(document, state_machine)
    if root is None:  # the text does not hold it: fall back to the value, without lines
        document = parse_source(json.dumps(definition, indent=2))
        root = _definition_root(document, None)
        text = None
    coverage = DefinitionCoverage(
        definition_key(path, state_machine), path, state_machine, dict(definition)
    )
    if root is None:
        return coverage
    machine = build_state_machine(root)

    def line(offset: int) -> int | None:
        return document.lines.one_based(offset)[0] if text is not None else None

    for state in machine.all_states():
        coverage.states.append(
            CoverageItem(state.pointer_text, "state", state.name, state.name, line(state.key.start))
        )
        coverage.branches.extend(_branches(state, line))
    return coverage


def _definition_root(document: SourceDocument, name: str | None) -> ObjectNode | None:
    for source in document.local_definitions:
        if name is None or source.name == name:
            return source.root
    return None


def _branches(state: State, line: Any) -> Iterable[CoverageItem]:
    body = state.node
    if body is None:
        return
    kind_of_state = state.type
    for field_name, kind in _LIST_BRANCHES:
        if kind == CHOICE and kind_of_state != "Choice":
            continue
        entries = body.get(field_name)
        if not isinstance(entries, ArrayNode):
            continue
        for index, entry in enumerate(entries.items):
            if isinstance(entry, ObjectNode):
                yield CoverageItem(
                    pointer_string((*state.pointer, field_name, index)),
                    kind,
                    state.name,
                    _label(kind, index, entry),
                    line(entry.span.start),
                )
        if kind == CHOICE:
            default = body.member("Default")
            if default is not None and isinstance(default.value, StringNode):
                yield CoverageItem(
                    pointer_string((*state.pointer, "Default")),
                    DEFAULT,
                    state.name,
                    f"Default → {default.value.value}",
                    line(default.span.start),
                )


def _label(kind: str, index: int, entry: ObjectNode) -> str:
    target = entry.get("Next")
    arrow = f" → {target.value}" if isinstance(target, StringNode) else ""
    if kind == CHOICE:
        return f"Choices[{index}]{arrow}"
    errors = entry.get("ErrorEquals")
    names = (
        ", ".join(e.value for e in errors.items if isinstance(e, StringNode))
        if isinstance(errors, ArrayNode)
        else ""
    )
    field_name = "Catch" if kind == CATCH else "Retry"
    return f"{field_name}[{index}] {names}{arrow}".rstrip()


def owner(branch: CoverageItem) -> str:
    """The pointer of the state a branch belongs to (``/States/A/Choices/0`` → ``/States/A``)."""
    return branch.pointer.rsplit("/", 1 if branch.kind == DEFAULT else 2)[0]


def state_pointers(coverage: DefinitionCoverage) -> dict[str, str]:
    """State name → pointer (names are unique across a valid machine; the first one wins)."""
    found: dict[str, str] = {}
    for item in coverage.states:
        found.setdefault(item.state, item.pointer)
    return found


def read_coverage_file(path: str | Path) -> CoverageData:
    """Load a coverage file (ValueError with one line when it is unusable)."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ValueError(f"{path} is not JSON") from None
    return CoverageData.from_json(raw)


def write_coverage_file(data: CoverageData, path: str | Path) -> None:
    target = Path(path)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(json.dumps(data.to_json(), indent=1) + "\n", encoding="utf-8")
    temporary.replace(target)
