"""The model carried over an edit is the model built from scratch, and it reads nothing the edit
did not change.

Each corpus definition (JSON, and YAML) is edited by seeded random edit sequences; after every
edit the model of the re-read version (``machine_after_edit``, from the previous version's model)
is compared with the model of a parse of the new text: the same scopes in the same order, the
same states with the same facts, keys, bodies and transitions at the same offsets. Nothing in
between reads the moved bodies, so the sequences also chain moves of moves; at the end of each
sequence the whole tree is compared with the full parse.
"""

from __future__ import annotations

import pickle
import random
import threading
import weakref
from collections.abc import Callable

import pytest

from asl_lsp.lint.linter import lint_document
from asl_lsp.lint.state_memo import StateFindingsMemo
from asl_lsp.model.after_edit import MovedState
from asl_lsp.model.document import AslDocument, parse_document, reparse_document
from asl_lsp.model.machine import Scope, State, StateMachine
from asl_lsp.syntax.moving import MovedObjectNode
from asl_lsp.syntax.nodes import Node, ObjectNode, to_value
from tests.syntax.corpus_edits import corpus_definitions, random_edit, yaml_definitions

EDITS_PER_FILE = 10

Facts = tuple[object, ...]


def _span(node: Node | None) -> tuple[int, int] | None:
    return None if node is None else (node.start, node.end)


def _state_facts(state: State) -> Facts:
    return (
        state.name,
        _span(state.key),
        _span(state.node),
        state.type,
        state.is_end,
        state.is_terminal,
        state.query_language,
        state.pointer,
        [
            (t.kind, t.target, _span(t.node), t.index, t.pointer, t.source is state)
            for t in state.transitions
        ],
        [(_scope_facts(child), child.parent is state) for child in state.children],
    )


def _scope_facts(scope: Scope) -> Facts:
    parent = scope.parent
    return (
        scope.kind,
        scope.pointer,
        _span(scope.node),
        scope.query_language,
        _span(scope.start_at),
        scope.start_at.value if scope.start_at is not None else None,
        _span(scope.states_node),
        sorted(scope.targets),
        sorted(scope.states),
        [_state_facts(state) for state in scope.state_list],
        [state.owner is (scope if parent is not None else None) for state in scope.state_list],
        parent.name if parent is not None else None,
    )


def _machine_facts(machine: StateMachine) -> Facts:
    return (
        machine.pointer,
        machine.query_language,
        _span(machine.node),
        _scope_facts(machine.root),
        [(scope.kind, scope.pointer, _span(scope.node)) for scope in machine.scopes],
    )


def _document_facts(document: AslDocument) -> list[Facts]:
    return [_machine_facts(d.machine) for d in document.definitions]


def _edit_sequences(inputs: list[tuple[str, str]], seed: int) -> int:
    """Edits every input; returns how many versions carried their model over."""
    chance = random.Random(seed)
    carried = 0
    for path, text in inputs:
        document = parse_document(text, path)
        for _ in range(EDITS_PER_FILE):
            text = random_edit(text, document.source, chance)
            document = reparse_document(document, text, path)
            carried += document.source.edit is not None
            assert _document_facts(document) == _document_facts(parse_document(text, path)), path
        assert document.source.root == parse_document(text, path).source.root, path
    return carried


def test_fuzzed_json_edits_carry_over_the_model_built_from_scratch() -> None:
    files = corpus_definitions()
    inputs = [(str(path), path.read_text(encoding="utf-8")) for path in files]
    # The carried-over model must actually be used, or this would compare two full builds.
    assert _edit_sequences(inputs, 23) > len(inputs)


def test_fuzzed_yaml_edits_carry_over_the_model_built_from_scratch() -> None:
    inputs = list(yaml_definitions())
    assert _edit_sequences(inputs, 29) > len(inputs)


def _unread_moved_states(document: AslDocument) -> int:
    return sum(
        isinstance(state, MovedState) and state.unmoved() is not state
        for definition in document.definitions
        for state in definition.machine.root.state_list
    )


def _values(document: AslDocument) -> list[list[Facts]]:
    """What each definition's scopes hold, read by value."""
    return [
        sorted(
            (
                scope.kind,
                scope.pointer,
                sorted(scope.states),
                sorted(scope.targets),
                [(s.name, s.type, s.is_end, s.is_terminal) for s in scope.state_list],
                [
                    [(t.kind, t.target, t.index) for t in s.unmoved().transitions]
                    for s in scope.state_list
                ],
            )
            for scope in definition.machine.scopes_by_value()
        )
        for definition in document.definitions
    ]


def test_edits_linted_but_never_read_carry_moved_states_over_the_model_from_scratch() -> None:
    """Between edits only the lint (with its memo, as the server runs it) reads the model, which
    reads moved states by value: so states are moved again before they are copied, and the model
    read at the end of each sequence is still the one built from scratch."""
    chance = random.Random(31)
    memo = StateFindingsMemo()
    unread = 0
    for path in corpus_definitions():
        text = path.read_text(encoding="utf-8")
        document = parse_document(text, str(path))
        for _ in range(EDITS_PER_FILE):
            text = random_edit(text, document.source, chance)
            document = reparse_document(document, text, str(path))
            lint_document(document, memo=memo)
            unread += _unread_moved_states(document)
        scratch = parse_document(text, str(path))
        assert _values(document) == _values(scratch), path  # read before anything is copied
        assert _document_facts(document) == _document_facts(scratch), path
    assert unread > 0  # the lint left moved states unread: moves of moves were made


def _chain(states: int) -> str:
    body = ", ".join(
        f'"S{i}": {{"Type": "Pass", "Parameters": {{"n": {i}, "list": [1, {{"deep": true}}]}}, '
        + (f'"Next": "S{i + 1}"}}' if i + 1 < states else '"End": true}')
        for i in range(states)
    )
    return '{"StartAt": "S0", "States": {' + body + "}}"


def _bodies(document: AslDocument) -> list[ObjectNode]:
    root = document.source.root
    assert isinstance(root, ObjectNode)
    states = root.get("States")
    assert isinstance(states, ObjectNode)
    return [m.value for m in states.members if isinstance(m.value, ObjectNode)]


def _unread(node: ObjectNode) -> bool:
    # The node still holds the original whose members it has not moved yet.
    return isinstance(node, MovedObjectNode) and node._original is not None


def _linted_then_edited(
    text: str, digit: str, memo: StateFindingsMemo
) -> tuple[AslDocument, str, AslDocument]:
    """A linted version of ``text``, the text with ``digit`` typed into state S10, and that
    text re-read from the version."""
    document = parse_document(text, "chain.asl.json")
    lint_document(document, memo=memo)
    at = text.index('"n": 10') + len('"n": 1')
    edited = text[:at] + digit + text[at:]
    return document, edited, reparse_document(document, edited, "chain.asl.json")


def test_an_edit_reads_no_state_after_it_to_model_and_lint_it() -> None:
    memo = StateFindingsMemo()
    _, edited, document = _linted_then_edited(_chain(40), "5", memo)
    findings = lint_document(document, memo=memo)
    assert findings == lint_document(parse_document(edited, "chain.asl.json"))
    bodies = _bodies(document)
    assert not any(isinstance(body, MovedObjectNode) for body in bodies[:11])
    assert all(_unread(body) for body in bodies[11:])
    # Read now, each moved body is the one a parse builds.
    assert document.source.root == parse_document(edited, "chain.asl.json").source.root


def test_an_edit_shares_the_states_before_it_with_the_previous_version() -> None:
    branch = '{"StartAt": "In", "States": {"In": {"Type": "Pass", "End": true}}}'
    text = (
        '{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": ['
        + branch
        + '], "Next": "A"}, "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}'
    )
    before = parse_document(text, "shared.asl.json")
    at = text.index('"Next": "B"')
    edited = text[:at] + '"Comment": "x", ' + text[at:]
    after = reparse_document(before, edited, "shared.asl.json")
    assert after.source.edit is not None
    old, new = before.definitions[0].machine, after.definitions[0].machine
    # The Parallel before the edit, with its branch and the branch's states, is the same object.
    assert new.root.states["P"] is old.root.states["P"]
    assert (
        new.scopes[1] is old.scopes[1] and new.scope_of(new.scopes[1].states["In"]) is new.scopes[1]
    )
    assert new.scope_of(new.root.states["P"]) is new.root
    assert new.root.states["A"] is not old.root.states["A"]
    assert _machine_facts(new) == _machine_facts(
        parse_document(edited, "shared.asl.json").definitions[0].machine
    )


def test_a_body_moved_twice_before_it_is_read_moves_its_original() -> None:
    text = _chain(5)
    document = parse_document(text, "chain.asl.json")
    first = document.source.root
    at = text.index('"n": 0') + len('"n": ')
    for typed in ("1", "2"):
        text = text[:at] + typed + text[at:]
        document = reparse_document(document, text, "chain.asl.json")
    last = _bodies(document)[-1]
    assert isinstance(last, MovedObjectNode)
    assert isinstance(first, ObjectNode)
    states = first.get("States")
    assert isinstance(states, ObjectNode)
    assert last._original is states.members[-1].value  # not a move of a move
    assert last == _bodies(parse_document(text, "chain.asl.json"))[-1]


def _last_body_moved() -> tuple[ObjectNode, str]:
    """The last state's body after an edit of the first one (not read yet), and the new text."""
    text = _chain(3)
    document = parse_document(text, "chain.asl.json")
    edited = text.replace('"n": 0,', '"n": 70,')
    return _bodies(reparse_document(document, edited, "chain.asl.json"))[-1], edited


def test_threads_reading_one_moved_body_see_the_same_members() -> None:
    body, edited = _last_body_moved()
    assert _unread(body)
    seen: list[object] = []
    barrier = threading.Barrier(4)

    def read() -> None:
        barrier.wait()
        seen.append(body.members)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 4 and all(members is seen[0] for members in seen)
    assert body == _bodies(parse_document(edited, "chain.asl.json"))[-1]


def test_a_moved_body_pickles_as_the_object_a_parse_builds() -> None:
    body, edited = _last_body_moved()
    copy = pickle.loads(pickle.dumps(body))
    assert type(copy) is ObjectNode
    assert copy == body == _bodies(parse_document(edited, "chain.asl.json"))[-1]
    assert to_value(copy) == to_value(body)


def test_looking_up_one_member_moves_that_member_alone() -> None:
    body, edited = _last_body_moved()
    assert isinstance(body, MovedObjectNode)
    label = body.member("Type")
    assert label is not None and body.get("Type") is label.value
    assert "Parameters" in body and len(body) == 3
    assert _unread(body)  # the other members are not moved yet
    assert label in body.members and body.member("Type") is label
    assert body == _bodies(parse_document(edited, "chain.asl.json"))[-1]


def test_a_looked_up_duplicate_key_is_the_last_member_once_all_are_moved() -> None:
    node = parse_document('{"a": 1, "a": {"b": 2}}', "dup.asl.json").source.root
    assert isinstance(node, ObjectNode)
    moved = MovedObjectNode(node, 5)
    last = moved.member("a")
    assert last is not None and isinstance(last.value, ObjectNode)
    assert moved.members[1] is last and moved.members[0] is not last
    assert moved.members[0].start == node.members[0].start + 5


def test_what_a_linted_version_hands_on_keeps_no_older_model_alive() -> None:
    text = _chain(30)
    memo = StateFindingsMemo()
    first, _, second = _linted_then_edited(text, "7", memo)
    lint_document(second, memo=memo)
    assert second.definitions[0].carried.previous  # the first version's results were handed on
    machine = first.definitions[0].machine
    # After the edit: the second version's state moves it and copies from it when first read.
    moved_from = weakref.ref(machine.root.state_list[20])
    root_scope = weakref.ref(machine.root)
    del first, machine
    assert root_scope() is None
    moved_state = second.definitions[0].machine.root.state_list[20]
    assert isinstance(moved_state, MovedState) and moved_state.unmoved() is moved_from()
    assert moved_state.transitions[0].source is moved_state  # read: copied, and let go
    assert moved_state.unmoved() is moved_state and moved_from() is None
    third = reparse_document(second, text, "chain.asl.json")
    assert lint_document(third, memo=memo) == lint_document(parse_document(text, "chain.asl.json"))


def _parallel_chain(states: int) -> str:
    """:func:`_chain` with every state a Parallel of one branch: states with nested scopes."""
    branch = '{"StartAt": "In%d", "States": {"In%d": {"Type": "Pass", "End": true}}}'
    text = _chain(states)
    for i in range(states):
        text = text.replace(
            f'"S{i}": {{"Type": "Pass"',
            f'"S{i}": {{"Type": "Parallel", "Branches": [{branch % (i, i)}]',
        )
    return text


@pytest.mark.parametrize("chain", [_chain, _parallel_chain])
def test_the_lint_after_an_edit_copies_no_state_after_it(chain: Callable[[int], str]) -> None:
    memo = StateFindingsMemo()
    _, edited, document = _linted_then_edited(chain(40), "5", memo)
    findings = lint_document(document, memo=memo)
    states = document.definitions[0].machine.root.state_list
    assert all(isinstance(state, MovedState) for state in states[11:])
    assert _unread_moved_states(document) == len(states) - 11
    assert findings == lint_document(parse_document(edited, "chain.asl.json"))
