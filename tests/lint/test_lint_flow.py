"""The endless-loop search against its definition, on written and on random state graphs."""

from __future__ import annotations

import json
import random

from asl_lsp.lint.flow import may_exit, stuck_states
from asl_lsp.model.document import parse_document
from asl_lsp.model.machine import Scope, StateMachine


def build(text: str) -> StateMachine:
    [definition] = parse_document(text, None, "asl").definitions
    return definition.machine


def stuck_by_definition(scope: Scope) -> list[str]:
    """Reachable states from which no path reaches a state that may exit, by plain iteration
    to a fixed point (quadratic, so only for small graphs)."""
    states = scope.states
    done = {name for name, state in states.items() if may_exit(state, states)}
    changed = True
    while changed:
        changed = False
        for name, state in states.items():
            if name not in done and any(t.target in done for t in state.transitions):
                done.add(name)
                changed = True
    reachable = scope.reachable()
    return [
        s.name
        for s in scope.state_list
        if s.name in reachable and s.name not in done and states[s.name] is s
    ]


def names(scope: Scope) -> list[str]:
    return [s.name for s in stuck_states(scope)]


def test_a_loop_without_exit_is_stuck_wherever_it_is_written() -> None:
    forward = {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Wait", "Seconds": 1, "Next": "A"},
        "Exit": {"Type": "Succeed"},
    }
    for order in (list(forward), list(reversed(forward))):
        states = {name: forward[name] for name in order}
        machine = build(json.dumps({"StartAt": "A", "States": states}))
        assert sorted(names(machine.root)) == ["A", "B"]


def test_a_chain_written_backwards_reaches_its_end() -> None:
    count = 2_000
    states = {f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in reversed(range(count))}
    states[f"S{count}"] = {"Type": "Succeed"}
    machine = build(json.dumps({"StartAt": "S0", "States": states}))
    assert names(machine.root) == []


def test_states_that_other_rules_report_never_make_a_loop() -> None:
    states = {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Choice", "End": True, "Choices": [{"Next": "A"}]},
        "C": {"Type": "Choice", "Choices": "not a list", "Default": "A"},
        "D": {"Type": "Pass", "Next": "Missing"},
        "E": {"Type": "Unknown", "Next": "A"},
    }
    machine = build(json.dumps({"StartAt": "A", "States": states}))
    # A Choice state's End is not an exit (the schema reports it): A and B loop.
    assert names(machine.root) == ["A", "B"]
    for name in "CDE":
        machine = build(json.dumps({"StartAt": name, "States": states}))
        assert names(machine.root) == stuck_by_definition(machine.root)


def test_the_last_of_duplicate_names_decides() -> None:
    text = """{"StartAt": "A", "States": {
      "A": {"Type": "Succeed"},
      "B": {"Type": "Pass", "Next": "A"},
      "A": {"Type": "Pass", "Next": "B"}}}"""
    machine = build(text)
    assert names(machine.root) == ["B", "A"]
    assert [s.key.span.start for s in stuck_states(machine.root)][1] > text.index('"B"')


def random_machine(seed: int) -> str:
    rng = random.Random(seed)
    count = rng.randint(1, 9)
    pool = [f"S{i}" for i in range(count)]
    states: list[str] = []
    for name in [*pool, *rng.sample(pool, k=rng.randint(0, min(2, count)))]:  # some duplicates
        kind = rng.choice(["Pass", "Task", "Wait", "Choice", "Succeed", "Fail", "Other"])
        body: dict[str, object] = {"Type": kind}
        if rng.random() < 0.8:
            body["Next"] = rng.choice([*pool, "Missing"])
        if rng.random() < 0.1:
            body["End"] = True
        if kind == "Choice":
            body["Choices"] = [{"Next": rng.choice(pool)} for _ in range(rng.randint(0, 2))]
            if rng.random() < 0.5:
                body["Default"] = rng.choice(pool)
        if rng.random() < 0.2:
            body["Catch"] = [{"ErrorEquals": ["States.ALL"], "Next": rng.choice(pool)}]
        states.append(f"{json.dumps(name)}: {json.dumps(body)}")
    rng.shuffle(states)
    return '{"StartAt": "S0", "States": {' + ", ".join(states) + "}}"


def test_random_graphs_agree_with_the_definition() -> None:
    found = 0
    for seed in range(400):
        machine = build(random_machine(seed))
        expected = stuck_by_definition(machine.root)
        assert names(machine.root) == expected, seed
        found += bool(expected)
    assert found > 20  # the generator does produce loops
