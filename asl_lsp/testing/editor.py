"""Editor features for tests and coverage, as pure functions of text (the language server only
converts positions): diagnostics in test files, a lens per case, and coverage hints and lenses
in definitions from the workspace's latest coverage file.

Coverage is matched to the open text by state pointer, not by line, so hints stay on the right
state while the definition is being edited.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.model.document import AslDocument
from asl_lsp.model.machine import build_state_machine
from asl_lsp.syntax.document import SourceReadError, parse_source, read_source_file
from asl_lsp.syntax.nodes import ArrayNode, Node, ObjectNode, Span, StringNode, node_at_pointer
from asl_lsp.testing.coverage import (
    COVERAGE_FILE,
    CoverageData,
    DefinitionCoverage,
    owner,
    read_coverage_file,
)
from asl_lsp.testing.files import schema_for_test_files

UNKNOWN_STATE = ("ASLT01", "test-unknown-state")
SCHEMA = ("ASLT02", "test-file-schema")
DEFINITION = ("ASLT03", "test-definition")
NOT_COVERED = ("ASLT10", "not-covered")


@dataclass(frozen=True)
class CaseLens:
    span: Span
    name: str


@dataclass(frozen=True)
class CoverageLens:
    span: Span
    title: str


def _first_span(node: Node) -> Span:
    return Span(node.span.start, node.span.start)


def diagnose_test_file(text: str, path: str | None) -> list[Diagnostic]:
    """Schema problems, an unreadable definition, and unknown state names in mocks and paths."""
    document = parse_source(text, path)
    root = document.root
    found = [d for d in document.diagnostics if d.code != "ASL004"]  # not-a-state-machine
    if not isinstance(root, ObjectNode):
        return found
    found.extend(_schema_diagnostics(root))
    definition = root.get("definition")
    if not isinstance(definition, StringNode) or path is None:
        return found
    states, problem = _state_names(Path(path).parent / definition.value, root)
    if problem is not None:
        found.append(
            Diagnostic(DEFINITION[0], DEFINITION[1], Severity.ERROR, problem, definition.span)
        )
        return found
    for node, where in _state_references(root):
        if node.value not in states:
            close = difflib.get_close_matches(node.value, sorted(states), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            found.append(
                Diagnostic(
                    UNKNOWN_STATE[0],
                    UNKNOWN_STATE[1],
                    Severity.ERROR,
                    f"{definition.value} has no state named {node.value!r} ({where}){hint}",
                    node.span,
                )
            )
    return found


def _schema_diagnostics(root: ObjectNode) -> Iterator[Diagnostic]:
    # Imported here: the schema validator loads only when a test file is checked.
    from asl_lsp.lint.schema_validator import load_validator
    from asl_lsp.syntax.nodes import to_value

    validator = load_validator(schema_for_test_files())
    for error in validator.iter_errors(to_value(root)):
        node = node_at_pointer(root, list(error.instance_path)) or root
        message = " ".join(str(error.message).split())
        yield Diagnostic(
            SCHEMA[0], SCHEMA[1], Severity.ERROR, message[:300], _key_span(root, error, node)
        )


def _key_span(root: ObjectNode, error: object, node: Node) -> Span:
    """Underline the key of the offending member when there is one (short and visible)."""
    unexpected = getattr(getattr(error, "kind", None), "unexpected", None)
    if isinstance(node, ObjectNode) and isinstance(unexpected, list) and unexpected:
        member = node.member(str(unexpected[0]))
        if member is not None:
            return member.key.span
    path = list(getattr(error, "instance_path", []))
    if path and isinstance(path[-1], str):
        parent = node_at_pointer(root, path[:-1])
        if isinstance(parent, ObjectNode):
            member = parent.member(path[-1])
            if member is not None:
                return member.key.span
    if isinstance(node, ObjectNode) and node.members:
        return node.members[0].key.span
    return node.span


def _state_names(definition: Path, root: ObjectNode) -> tuple[set[str], str | None]:
    try:
        text = read_source_file(definition)
    except SourceReadError as exc:
        return set(), f"cannot read the definition {definition.name}: {exc}"
    source = parse_source(text, str(definition))
    wanted = root.get("state_machine")
    name = wanted.value if isinstance(wanted, StringNode) else None
    for candidate in source.local_definitions:
        if name is None or candidate.name == name:
            machine = build_state_machine(candidate.root)
            return {state.name for state in machine.all_states()}, None
    what = f"a state machine named {name!r}" if name else "a state machine definition"
    return set(), f"{definition.name} holds no {what}"


def _state_references(root: ObjectNode) -> Iterator[tuple[StringNode, str]]:
    cases = root.get("cases")
    if not isinstance(cases, ArrayNode):
        return
    for case in cases.items:
        if not isinstance(case, ObjectNode):
            continue
        mocks = case.get("mocks")
        if isinstance(mocks, ObjectNode):
            for member in mocks.members:
                yield member.key, "mocked state"
        expect = case.get("expect")
        path = expect.get("path") if isinstance(expect, ObjectNode) else None
        if isinstance(path, ObjectNode):
            path = path.get("in_order")
        if isinstance(path, ArrayNode):
            for step in path.items:
                if isinstance(step, StringNode):
                    yield step, "expected path"


def case_lenses(text: str, path: str | None) -> list[CaseLens]:
    """Where each case of a test file starts, with its name (one lens per case)."""
    root = parse_source(text, path).root
    cases = root.get("cases") if isinstance(root, ObjectNode) else None
    lenses: list[CaseLens] = []
    if isinstance(cases, ArrayNode):
        for case in cases.items:
            name = case.get("name") if isinstance(case, ObjectNode) else None
            if isinstance(case, ObjectNode) and isinstance(name, StringNode):
                lenses.append(CaseLens(_first_span(case), name.value))
    return lenses


def find_coverage_file(start: Path) -> Path | None:
    """The nearest ``.asl-coverage.json`` in ``start`` or a folder above it."""
    folder = start if start.is_dir() else start.parent
    for directory in (folder, *folder.parents):
        candidate = directory / COVERAGE_FILE
        if candidate.is_file():
            return candidate
    return None


class CoverageCache:
    """The latest coverage file per location, re-read only when it changes on disk."""

    def __init__(self) -> None:
        self._loaded: dict[Path, tuple[float, CoverageData]] = {}

    def for_document(self, path: str) -> tuple[Path, CoverageData] | None:
        found = find_coverage_file(Path(path))
        if found is None:
            return None
        try:
            stamp = found.stat().st_mtime
        except OSError:
            return None
        cached = self._loaded.get(found)
        if cached is None or cached[0] != stamp:
            try:
                cached = (stamp, read_coverage_file(found))
            except ValueError:
                return None
            self._loaded[found] = cached
        return found, cached[1]


def coverage_for(
    data: CoverageData, coverage_file: Path, document_path: str, name: str | None
) -> DefinitionCoverage | None:
    """The coverage entry of the definition at ``document_path`` (paths in the file are relative
    to the folder the tests ran in, which is where the coverage file is)."""
    target = os.path.normcase(str(Path(document_path).resolve()))
    for entry in data.definitions.values():
        if entry.path is None or (name is not None and entry.state_machine not in (None, name)):
            continue
        resolved = (coverage_file.parent / entry.path).resolve()
        if os.path.normcase(str(resolved)) == target:
            return entry
    return None


def _entries(
    document: AslDocument, data: CoverageData, coverage_file: Path
) -> Iterator[tuple[ObjectNode, DefinitionCoverage]]:
    path = document.path
    if path is None:
        return
    for definition in document.definitions:
        entry = coverage_for(data, coverage_file, path, definition.name)
        if entry is not None:
            yield definition.source.root, entry


def coverage_hints(
    document: AslDocument, data: CoverageData, coverage_file: Path
) -> list[Diagnostic]:
    """A hint (rendered faded: the Unnecessary tag) on each state and branch no test reached."""
    hints: list[Diagnostic] = []
    for root, entry in _entries(document, data, coverage_file):
        for item in entry.items:
            if item.hits:
                continue
            node = node_at_pointer(root, _steps(item.pointer))
            if node is None:
                continue
            span = node.span
            if item.kind == "state":
                parent = node_at_pointer(root, _steps(item.pointer)[:-1])
                member = parent.member(item.state) if isinstance(parent, ObjectNode) else None
                span = member.key.span if member is not None else span
                message = f"state {item.state!r} was never entered by a test run"
            elif item.kind == "default":
                parent = node_at_pointer(root, _steps(item.pointer)[:-1])
                member = parent.member("Default") if isinstance(parent, ObjectNode) else None
                span = member.span if member is not None else span
                message = f"the Default of {item.state!r} was never taken by a test run"
            else:
                message = f"{item.label} of {item.state!r} was never taken by a test run"
            hints.append(
                Diagnostic(
                    NOT_COVERED[0],
                    NOT_COVERED[1],
                    Severity.HINT,
                    message,
                    span,
                    path=item.pointer,
                    tags=frozenset({"unnecessary"}),
                )
            )
    return hints


def coverage_lenses(
    document: AslDocument, data: CoverageData, coverage_file: Path
) -> list[CoverageLens]:
    """ "N runs" above each state, and above each Choice rule or Default no run took."""
    lenses: list[CoverageLens] = []
    for root, entry in _entries(document, data, coverage_file):
        states = {item.pointer: item for item in entry.states}
        for item in entry.items:
            node = node_at_pointer(root, _steps(item.pointer))
            if node is None:
                continue
            if item.kind == "state":
                runs = "1 run" if item.hits == 1 else f"{item.hits} runs"
                lenses.append(CoverageLens(_first_span(node), runs))
            elif not item.hits and states.get(owner(item)) is not None:
                lenses.append(CoverageLens(_first_span(node), f"0 runs: {item.label}"))
    return lenses


def _steps(pointer: str) -> list[str | int]:
    """RFC 6901 pointer text to steps (array indices stay text: the walk reads them as numbers)."""
    return [raw.replace("~1", "/").replace("~0", "~") for raw in pointer.split("/")[1:]]
