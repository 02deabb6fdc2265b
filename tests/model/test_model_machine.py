"""The state-machine model: the facts each state carries from one read of its body."""

from __future__ import annotations

import json

from asl_lsp.model.document import parse_document
from asl_lsp.model.machine import ScopeKind, State, StateMachine, TransitionKind


def build(text: str) -> StateMachine:
    [definition] = parse_document(text, None, "asl").definitions
    return definition.machine


def state(machine: StateMachine, name: str) -> State:
    [found] = machine.states_named(name)
    return found


def test_type_end_and_terminal_are_read_once() -> None:
    machine = build(
        json.dumps(
            {
                "StartAt": "Pass",
                "States": {
                    "Pass": {"Type": "Pass", "Next": "Last"},
                    "Last": {"Type": "Pass", "End": True},
                    "NotEnd": {"Type": "Task", "End": False},
                    "TextEnd": {"Type": "Wait", "End": "true"},
                    "Done": {"Type": "Succeed"},
                    "Broken": {"Type": "Fail"},
                    "NumberType": {"Type": 3},
                    "NoType": {"Next": "Pass"},
                    "NotAnObject": [1, 2],
                },
            }
        )
    )
    facts = {s.name: (s.type, s.is_end, s.is_terminal) for s in machine.all_states()}
    assert facts == {
        "Pass": ("Pass", False, False),
        "Last": ("Pass", True, True),
        "NotEnd": ("Task", False, False),
        "TextEnd": ("Wait", False, False),
        "Done": ("Succeed", False, True),
        "Broken": ("Fail", False, True),
        "NumberType": (None, False, False),
        "NoType": (None, False, False),
        "NotAnObject": (None, False, False),
    }
    not_object = state(machine, "NotAnObject")
    assert not_object.node is None and not_object.transitions == () and not_object.children == ()


def test_the_last_duplicate_member_wins() -> None:
    text = """{"StartAt": "A", "States": {
      "A": {"Type": "Task", "Type": "Pass", "Next": "B", "Next": "C", "End": true, "End": false},
      "B": {"Type": "Succeed"}, "C": {"Type": "Succeed"}}}"""
    a = state(build(text), "A")
    assert (a.type, a.is_end) == ("Pass", False)
    assert [t.target for t in a.transitions] == ["C"]


def test_transitions_in_order_with_their_pointers() -> None:
    machine = build(
        json.dumps(
            {
                "StartAt": "Pick",
                "States": {
                    "Pick": {
                        "Type": "Choice",
                        "Choices": [
                            {"Variable": "$.a", "IsPresent": True, "Next": "Work"},
                            "not a rule",
                            {"Variable": "$.b", "IsPresent": True, "Next": "Done"},
                            {"Variable": "$.c", "IsPresent": True, "Next": 7},
                        ],
                        "Default": "Done",
                    },
                    "Work": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"Next": "data, not a transition"},
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}],
                        "Next": "Done",
                    },
                    "Done": {"Type": "Succeed"},
                },
            }
        )
    )
    found = [
        (t.kind, t.target, t.pointer, t.source.name if t.source else None)
        for t in machine.all_transitions()
    ]
    assert found == [
        (TransitionKind.START_AT, "Pick", ("StartAt",), None),
        (TransitionKind.DEFAULT, "Done", ("States", "Pick", "Default"), "Pick"),
        (TransitionKind.CHOICE, "Work", ("States", "Pick", "Choices", 0, "Next"), "Pick"),
        (TransitionKind.CHOICE, "Done", ("States", "Pick", "Choices", 2, "Next"), "Pick"),
        (TransitionKind.NEXT, "Done", ("States", "Work", "Next"), "Work"),
        (TransitionKind.CATCH, "Done", ("States", "Work", "Catch", 0, "Next"), "Work"),
    ]
    work = state(machine, "Work")
    assert work.next_transition is not None and work.next_transition.target == "Done"
    assert work.pointer == ("States", "Work") and work.pointer_text == "/States/Work"


def test_nested_scopes_pointers_and_query_language() -> None:
    inner = {"StartAt": "In", "States": {"In": {"Type": "Pass", "End": True}}}
    machine = build(
        json.dumps(
            {
                "QueryLanguage": "JSONata",
                "StartAt": "Fan",
                "States": {
                    "Fan": {
                        "Type": "Parallel",
                        "QueryLanguage": "JSONPath",
                        "Branches": [inner, "skipped", {**inner, "QueryLanguage": "JSONPath"}],
                        "Next": "Each",
                    },
                    "Each": {
                        "Type": "Map",
                        "ItemProcessor": inner,
                        "Iterator": inner,
                        "End": True,
                    },
                },
            }
        )
    )
    assert machine.query_language == "JSONata"
    assert state(machine, "Fan").query_language == "JSONPath"
    kinds = [(s.kind, s.pointer, s.query_language, s.parent) for s in machine.scopes]
    fan, each = state(machine, "Fan"), state(machine, "Each")
    assert kinds == [
        (ScopeKind.ROOT, (), "JSONata", None),
        (ScopeKind.BRANCH, ("States", "Fan", "Branches", 0), "JSONata", fan),
        (ScopeKind.BRANCH, ("States", "Fan", "Branches", 2), "JSONPath", fan),
        (ScopeKind.PROCESSOR, ("States", "Each", "ItemProcessor"), "JSONata", each),
        (ScopeKind.PROCESSOR, ("States", "Each", "Iterator"), "JSONata", each),
    ]
    assert fan.children == tuple(machine.scopes[1:3])
    assert each.children == tuple(machine.scopes[3:])
    nested = machine.scopes[3].states["In"]
    assert nested.pointer == ("States", "Each", "ItemProcessor", "States", "In")
    assert nested.depth == 1 and nested.is_terminal
    assert machine.scopes[3].start_transition is not None
    assert machine.scopes[3].start_transition.pointer == (
        "States",
        "Each",
        "ItemProcessor",
        "StartAt",
    )


def test_reachability_and_incoming_names() -> None:
    machine = build(
        json.dumps(
            {
                "StartAt": "A",
                "States": {
                    "A": {"Type": "Pass", "Next": "B"},
                    "B": {"Type": "Pass", "Next": "Missing"},
                    "Loop": {"Type": "Pass", "Next": "Loop"},
                    "End": {"Type": "Succeed"},
                },
            }
        )
    )
    root = machine.root
    assert root.reachable() == {"A", "B"}
    assert root.targets == {"A", "B", "Missing", "Loop"}
    assert root.with_incoming() == {"A", "B", "Loop"}
    assert root.successors(state(machine, "B")) == []
    assert root.can_reach_terminal() == {"End"}
