"""Position lookups that search instead of scanning (``StateMachine.state_at``,
``symbol_at``) answer exactly what a scan of every state, transition and string in source order
answers, on every definition of the corpus at hundreds of offsets each."""

from __future__ import annotations

from pathlib import Path

import pytest

from asl_lsp.model.document import AslDocument, parse_document
from asl_lsp.model.machine import State, StateMachine
from asl_lsp.service import cursor as cursor_lookup
from asl_lsp.service import symbols_at as lookup
from asl_lsp.service.symbols_at import symbol_at
from asl_lsp.syntax.nodes import ArrayNode, Node, ObjectNode, StringNode
from tests.shared_path import shared_dir

PROBES_PER_FILE = 300


def _scanned_state_at(machine: StateMachine, offset: int) -> State | None:
    best: State | None = None
    for state in machine.all_states():
        start = state.key.span.start
        end = state.node.span.end if state.node is not None else state.key.span.end
        if start <= offset <= end and (best is None or start >= best.key.span.start):
            best = state
    return best


def _scanned_string_at(root: Node, offset: int) -> tuple[StringNode, bool] | None:
    node: Node | None = root
    while node is not None:
        child: Node | None = None
        if isinstance(node, ObjectNode):
            for member in node.members:
                if member.key.span.contains(offset):
                    return member.key, True
                if member.value is not None and member.value.span.contains(offset):
                    child = member.value
                    break
        elif isinstance(node, ArrayNode):
            child = next((item for item in node.items if item.span.contains(offset)), None)
        elif isinstance(node, StringNode):
            return node, False
        node = child
    return None


def _scanned_symbol(document: AslDocument, offset: int) -> tuple[object, ...] | None:
    """What symbol_at must find, by scanning: (name, span, is a transition) of a state symbol,
    or the string under the cursor for anything else."""
    definition = document.definition_at(offset)
    if definition is None:
        return None
    machine = definition.machine
    for transition in machine.all_transitions():
        if transition.node.span.contains(offset):
            return ("state", transition.target, transition.node.span, True)
    for state in machine.all_states():
        if state.key.span.contains(offset):
            return ("state", state.name, state.key.span, False)
    return ("string", _scanned_string_at(definition.source.root, offset))


def _scanned_path_to(text: str, root: Node, offset: int) -> list[Node]:
    """The objects and arrays holding ``offset``, from the root down, by scanning members."""
    nodes: list[Node] = [root]
    node: Node = root
    while True:
        entries = (
            [m.value for m in node.members]
            if isinstance(node, ObjectNode)
            else list(node.items)
            if isinstance(node, ArrayNode)
            else []
        )
        child = next(
            (
                value
                for value in entries
                if isinstance(value, (ObjectNode, ArrayNode))
                and cursor_lookup._inside(text, value, offset)
            ),
            None,
        )
        if child is None:
            return nodes
        node = child
        nodes.append(child)


def _corpus_files() -> list[Path]:
    corpus = shared_dir() / "corpus"
    return sorted(
        p for p in corpus.rglob("*") if p.suffix in (".json", ".yaml", ".yml") and p.is_file()
    )


def test_the_corpus_has_definitions_to_probe() -> None:
    assert len(_corpus_files()) > 300


@pytest.mark.parametrize("chunk", range(4))
def test_state_at_and_symbol_at_agree_with_a_scan(chunk: int) -> None:
    files = _corpus_files()[chunk::4]
    probed = 0
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        document = parse_document(text, str(path))
        step = max(1, len(text) // PROBES_PER_FILE)
        for offset in range(0, len(text) + 1, step):
            for definition in document.definitions:
                found = definition.machine.state_at(offset)
                assert found is _scanned_state_at(definition.machine, offset), (path, offset)
                root = definition.source.root
                searched = lookup._string_at(root, offset)
                scanned = _scanned_string_at(root, offset)
                assert (searched is None) == (scanned is None), (path, offset)
                if searched is not None and scanned is not None:
                    assert searched[0] is scanned[0] and searched[1] == scanned[1], (path, offset)
            expected = _scanned_symbol(document, offset)
            symbol = symbol_at(document, offset)
            if expected is None:
                assert symbol is None, (path, offset)
            elif expected[0] == "state":
                assert symbol is not None and getattr(symbol, "transition", "absent") != "absent"
                assert (symbol.name, symbol.span) == expected[1:3], (path, offset)
                assert (getattr(symbol, "transition", None) is not None) == expected[3]
            else:
                assert symbol is None or not hasattr(symbol, "transition"), (path, offset)
            probed += 1
    assert probed > 1000


@pytest.mark.parametrize("chunk", range(2))
def test_the_cursor_path_agrees_with_a_scan_in_whole_and_half_typed_json(chunk: int) -> None:
    probed = 0
    for path in _corpus_files()[chunk::2]:
        if path.suffix != ".json":
            continue
        try:
            whole = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for text in (whole, whole[: len(whole) // 2], whole[: len(whole) * 3 // 4]):
            document = parse_document(text, str(path))
            root = document.source.root
            if root is None:
                continue
            step = max(1, len(text) // 100)
            for offset in range(0, len(text) + 1, step):
                _, nodes = cursor_lookup._path_to(text, root, offset)
                scanned = _scanned_path_to(text, root, offset)
                assert [id(n) for n in nodes] == [id(n) for n in scanned], (path, offset)
                probed += 1
    assert probed > 1000
