"""The per-state, memoised schema check finds exactly what validating the whole definition at
once finds, and validates only the states whose text changed.

The reference validates the whole definition against the whole schema in one call and translates
its errors with the same translator; the incremental check (top level and states apart, a memo
shared across versions) must agree with it on every corpus file and after every edit of seeded
random edit sequences: same findings, same messages, same ranges, same order.
"""

from __future__ import annotations

import json
import random
import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from asl_lsp.lint.linter import lint_document
from asl_lsp.lint.schema_check import (
    SchemaFinding,
    in_document_order,
    too_deep_findings,
    translate,
    validation_errors,
)
from asl_lsp.lint.schema_incremental import (
    SchemaChecker,
    StateFindings,
    default_checker,
    indexed_text,
    states_schema,
)
from asl_lsp.lint.schema_validator import Validator, load_validator
from asl_lsp.lint.schema_values import schema_value
from asl_lsp.lint.text_memo import TextMemo
from asl_lsp.model.document import AslDocument, parse_document, reparse_document
from asl_lsp.spec.schema import definition, ref_name
from asl_lsp.syntax.nodes import ObjectNode
from tests.shared_path import shared_dir
from tests.syntax.corpus_edits import corpus_definitions, random_edit, yaml_definitions


class CountingValidator:
    """A real validator of States maps that counts the states it is asked to validate."""

    def __init__(self, validator: Validator) -> None:
        self.validator = validator
        self.states = 0

    def is_valid(self, instance: Any) -> bool:
        assert isinstance(instance, dict)
        self.states += len(instance)
        return self.validator.is_valid(instance)

    def iter_errors(self, instance: Any) -> Iterator[Any]:
        return self.validator.iter_errors(instance)


def _checker(max_chars: int = 8 * 1024 * 1024) -> SchemaChecker:
    return SchemaChecker(
        load_validator(),
        CountingValidator(load_validator(states_schema())),
        TextMemo[StateFindings](max_chars),
    )


def _whole_definition(root: ObjectNode, placeholders: bool) -> list[SchemaFinding]:
    """The reference: the whole definition validated in one call against the whole schema."""
    value, deep = schema_value(root)
    errors, restore = validation_errors(load_validator(), value)
    findings = translate(root, errors, placeholders, restore)
    findings.extend(too_deep_findings(root, deep))
    return in_document_order(findings)


def _assert_agrees(checker: SchemaChecker, document: AslDocument, reference: AslDocument) -> int:
    """The checker's findings on ``document`` equal the reference's on ``reference`` (a parse of
    the same text from scratch); returns how many findings there were."""
    assert len(document.definitions) == len(reference.definitions)
    count = 0
    for got, expected in zip(document.definitions, reference.definitions, strict=True):
        findings = checker.findings(
            got.source.root,
            placeholders=got.placeholders,
            text=indexed_text(document, got),
        )
        assert findings == _whole_definition(expected.source.root, expected.placeholders)
        count += len(findings)
    return count


def test_every_corpus_file_gets_the_whole_definition_findings() -> None:
    corpus = shared_dir() / "corpus"
    paths = sorted(p for p in corpus.rglob("*") if p.suffix in (".json", ".yaml", ".yml"))
    assert len(paths) > 300
    checker = _checker()
    total = 0
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        document = parse_document(text, str(path))
        # Twice: validated afresh, then every state from the memo.
        total += _assert_agrees(checker, document, document)
        _assert_agrees(checker, document, document)
        # Without a text to keep states by, the whole definition is validated in one call (the
        # data the JSON fast path kept, where it did).
        for only in document.definitions:
            expected = _whole_definition(only.source.root, only.placeholders)
            assert checker.findings(only.source.root, placeholders=only.placeholders) == expected
    # The corpus holds invalid definitions: the comparison covers real findings.
    assert total > 50


def test_fuzzed_edit_sequences_get_the_whole_definition_findings() -> None:
    chance = random.Random(29)
    checker = _checker()
    files = [(str(p), p.read_text(encoding="utf-8")) for p in corpus_definitions()[::2]]
    edits = states = 0
    for path, text in [*files, *yaml_definitions()[::2]]:
        previous = parse_document(text, path)
        for _ in range(6):
            text = random_edit(text, previous.source, chance)
            incremental = reparse_document(previous, text, path)
            _assert_agrees(checker, incremental, parse_document(text, path))
            previous = incremental
            edits += 1
            states += _state_count(incremental)
    assert edits > 300
    # Most states are unchanged by an edit: the memo must have answered for them.
    assert 0 < _state_calls(checker) < states / 2


def _state_count(document: AslDocument) -> int:
    count = 0
    for machine in document.definitions:
        states = machine.source.root.get("States")
        if isinstance(states, ObjectNode):
            count += sum(isinstance(m.value, ObjectNode) for m in states.members)
    return count


def _deep_choice(levels: int) -> str:
    rule = '{"Variable": "$.x", "IsNull": true, "Next": "B"}'
    for _ in range(levels):
        rule = '{"Not": ' + rule + ', "Next": "B"}'
    return '"A": {"Type": "Choice", "Choices": [' + rule + "]}"


_PASS_B = '"B": {"Type": "Pass", "End": true}'
EDGE_CASES = {
    "duplicate state names": '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Bogus": 1}, '
    '"A": {"Type": "Wait", "End": true}, ' + _PASS_B + "}}",
    "an object hidden by a later value": '{"StartAt": "A", "States": {"A": {"Type": "Nope"}, '
    '"A": 5, ' + _PASS_B + "}}",
    "a value hidden by a later object": '{"StartAt": "A", "States": {"A": [1], '
    '"A": {"Typo": "Pass"}, ' + _PASS_B + "}}",
    "duplicate States": '{"StartAt": "A", "States": {"A": {"Type": "Nope"}}, '
    '"States": {"A": {"Type": "Pass", "X": 1, "End": true}}, "Extra": 1}',
    "States is not an object": '{"StartAt": "A", "States": [{"Type": "Pass"}]}',
    "a state is not an object": '{"StartAt": "A", "States": {"A": "Pass", ' + _PASS_B + "}}",
    "nesting too deep": '{"StartAt": "A", "States": {' + _deep_choice(240) + ", " + _PASS_B + "}}",
    "nesting too deep and hidden": '{"StartAt": "A", "States": {'
    + _deep_choice(240)
    + ", "
    + _deep_choice(3)
    + ", "
    + _PASS_B
    + "}}",
    "states named by digits": '{"StartAt": "1", "States": {"1": {"Type": "Pass", "X": 1}, '
    '"01": {"Type": "Wait", "End": true}, "2": {"Type": "Nope"}}}',
    "an intrinsic States map": '{"StartAt": "A", "States": {"Fn::If": {"Type": 1}}}',
    "placeholders": '{"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": "${s}", '
    '"End": true, "Bogus": "${b}"}}}',
    "intrinsic values": '{"StartAt": "A", "States": {"A": {"Type": "Task", '
    '"Resource": {"Fn::GetAtt": ["F", "Arn"]}, "TimeoutSeconds": {"Ref": "T"}, "End": true}}}',
}
YAML_EDGE_CASES = {
    "tags": "StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: !GetAtt F.Arn\n"
    "    TimeoutSeconds: !Ref T\n    End: true\n",
    "a tagged States map": "StartAt: A\nStates: !Sub\n  A:\n    Type: 5\n",
    "a flow body": "StartAt: A\nStates:\n  A: {Type: Pass, Bogus: 1,\n    End: true}\n",
}


@pytest.mark.parametrize(
    ("name", "path"),
    [
        *((name, "machine.asl.json") for name in EDGE_CASES),
        *((name, "machine.asl.yaml") for name in YAML_EDGE_CASES),
    ],
)
def test_edge_cases_get_the_whole_definition_findings(name: str, path: str) -> None:
    text = {**EDGE_CASES, **YAML_EDGE_CASES}[name]
    checker = _checker()
    document = parse_document(text, path)
    for placeholders in (False, True):
        (only,) = document.definitions
        for _ in range(2):  # validated, then from the memo
            findings = checker.findings(
                only.source.root, placeholders=placeholders, text=indexed_text(document, only)
            )
            assert findings == _whole_definition(only.source.root, placeholders)


def _states_text(count: int, *, broken: int | None = None) -> str:
    states: dict[str, Any] = {}
    for index in range(count):
        state: dict[str, Any] = {"Type": "Pass", "Next": f"S{index + 1}"}
        if index == broken:
            state["Bogus"] = 1
        states[f"S{index}"] = state
    states[f"S{count}"] = {"Type": "Succeed"}
    return json.dumps({"StartAt": "S0", "States": states}, indent=2)


def _state_calls(checker: SchemaChecker) -> int:
    """How many states ``checker`` has validated."""
    validator = checker.states_validator
    assert isinstance(validator, CountingValidator)
    return validator.states


def _findings(checker: SchemaChecker, document: AslDocument) -> list[SchemaFinding]:
    (only,) = document.definitions
    return checker.findings(
        only.source.root, placeholders=only.placeholders, text=indexed_text(document, only)
    )


def test_an_edit_revalidates_only_the_edited_state() -> None:
    checker = _checker()
    text = _states_text(50, broken=40)
    document = parse_document(text, "machine.asl.json")
    before = _findings(checker, document)
    assert _state_calls(checker) == 51
    assert [f.message for f in before] == ["'Bogus' is not allowed in a Pass state"]

    # One character typed in S10's body (a new field that is not allowed there).
    at = text.index('"Type"', text.index('"S10"'))
    edited = text[:at] + '"X": 1, ' + text[at:]
    document = reparse_document(document, edited, "machine.asl.json")
    after = _findings(checker, document)
    assert _state_calls(checker) == 52
    assert [f.message for f in after] == [
        "'X' is not allowed in a Pass state",
        "'Bogus' is not allowed in a Pass state",
    ]
    # S40's finding came from the memo, moved by the length of the edit.
    assert after[1].span.start == before[0].span.start + len('"X": 1, ')
    assert after == _whole_definition(document.source.root, False)  # type: ignore[arg-type]

    # The same text again: nothing is validated.
    _findings(checker, parse_document(edited, "machine.asl.json"))
    assert _state_calls(checker) == 52


def test_what_changes_a_state_verdict_is_part_of_the_key() -> None:
    checker = _checker()
    text = _states_text(3)
    _findings(checker, parse_document(text, "machine.asl.json"))
    assert _state_calls(checker) == 4
    # A placeholder anywhere in the text changes how every state is read.
    with_placeholder = text.replace('"StartAt"', '"Comment": "${x}", "StartAt"')
    _findings(checker, parse_document(with_placeholder, "machine.asl.json"))
    assert _state_calls(checker) == 8
    # A renamed state is validated again (its name is in every finding's path).
    renamed = text.replace('"S1": {', '"Renamed": {')
    _findings(checker, parse_document(renamed, "machine.asl.json"))
    assert _state_calls(checker) == 9


def test_a_yaml_body_is_keyed_by_its_column() -> None:
    checker = _checker()
    shallow = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n"
    deep = "StartAt: A\nStates:\n    A:\n        Type: Pass\n        End: true\n"
    for text in (shallow, deep):
        document = parse_document(text, "machine.asl.yaml")
        assert _findings(checker, document) == _whole_definition(
            document.source.root,  # type: ignore[arg-type]
            False,
        )
    assert _state_calls(checker) == 2


def test_a_yaml_body_with_an_alias_is_not_memoised() -> None:
    checker = _checker()
    text = (
        "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: &r {x: 1}\n    Next: B\n"
        "  B:\n    Type: Pass\n    Result: *r\n    End: true\n"
    )
    for _ in range(2):
        _findings(checker, parse_document(text, "machine.asl.yaml"))
    assert _state_calls(checker) == 3  # A once, then from the memo; B both times
    assert len(checker.memo) == 1


def test_a_definition_string_is_validated_without_the_memo() -> None:
    checker = _checker()
    machine = json.loads(_states_text(2, broken=1))
    template = {
        "Resources": {
            "Machine": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {"DefinitionString": json.dumps(machine)},
            }
        }
    }
    document = parse_document(json.dumps(template), "template.json")
    (only,) = document.definitions
    assert indexed_text(document, only) is None
    for _ in range(2):
        findings = checker.findings(only.source.root, placeholders=True, text=None)
        assert findings == _whole_definition(only.source.root, True)
    assert [f.message for f in findings] == ["'Bogus' is not allowed in a Pass state"]
    assert len(checker.memo) == 0


def test_leaving_state_bodies_out_of_the_top_level_loses_no_error() -> None:
    """The top level is validated without the state bodies: right only while the schema checks
    each entry of a States map on its own, with nothing that looks at the map as a whole."""
    states = definition("states")
    assert set(states) <= {"type", "description", "additionalProperties"}
    assert ref_name(states["additionalProperties"]) == "state"
    assert ref_name(definition("")["properties"]["States"]) == "states"


def test_the_memo_is_bounded_by_the_text_it_holds() -> None:
    memo = TextMemo[int](10)
    memo.put(("abcd", 1), 1)
    memo.put(("efgh", 1), 2)
    assert memo.get_many([("abcd", 1)]) == [1]  # now the most recently used
    memo.put(("ijkl", 1), 3)
    assert memo.chars == 8
    assert memo.get_many([("abcd", 1), ("efgh", 1), ("ijkl", 1)]) == [1, None, 3]
    memo.put(("x" * 11, 1), 4)  # larger than the whole memo: not kept
    assert len(memo) == 2


def test_the_memo_is_safe_across_threads() -> None:
    memo = TextMemo[int](1000)

    def work(seed: int) -> None:
        chance = random.Random(seed)
        for _ in range(3000):
            key = ("t" * chance.randint(1, 40), chance.randint(0, 9))
            if chance.random() < 0.5:
                memo.put(key, len(key[0]))
            else:
                (found,) = memo.get_many([key])
                assert found in (None, len(key[0]))

    _on_four_threads(work)
    assert 0 < memo.chars <= 1000


def _on_four_threads(work: Callable[[int], None]) -> None:
    """Run ``work(seed)`` on four threads at once; a failure on any of them fails the test."""
    failures: list[BaseException] = []

    def run(seed: int) -> None:
        try:
            work(seed)
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    threads = [threading.Thread(target=run, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


@pytest.mark.parametrize("surrogate", ["\ud800", "\udc00x"])
def test_a_lone_surrogate_in_one_state_is_translated_back(surrogate: str) -> None:
    checker = _checker()
    machine = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", f"K{surrogate}": 1, "Next": "B"},
            f"B{surrogate}": {"Type": "Pass", "Bogus": 2, "End": True},
        },
    }
    text = json.dumps(machine, ensure_ascii=False)
    document = parse_document(text, "machine.asl.json")
    for _ in range(2):
        findings = _findings(checker, document)
        assert findings == _whole_definition(document.source.root, False)  # type: ignore[arg-type]
    assert {f.path for f in findings} == {
        ("States", "A", f"K{surrogate}"),
        ("States", f"B{surrogate}", "Bogus"),
    }


def test_threads_sharing_one_checker_get_the_whole_definition_findings() -> None:
    """The server lints on several threads, all with the one process-wide memo."""
    base = _states_text(30, broken=7)
    texts = [base.replace('"Type": "Pass"', f'"Type": "Pass", "Bad{n}": 1') for n in range(8)]
    # Room for two definitions: the memo is used, and entries are evicted while others are read.
    checker = _checker(max_chars=2 * max(map(len, texts)) + 200)
    expected = [_findings_of(parse_document(t, "m.asl.json")) for t in texts]

    def work(seed: int) -> None:
        chance = random.Random(seed)
        for _ in range(40):
            index = chance.randrange(len(texts))
            document = parse_document(texts[index], "m.asl.json")
            assert _findings(checker, document) == expected[index]

    _on_four_threads(work)


def _findings_of(document: AslDocument) -> list[SchemaFinding]:
    (only,) = document.definitions
    return _whole_definition(only.source.root, only.placeholders)


def test_a_definition_too_large_for_the_memo_is_checked_without_it() -> None:
    text = _states_text(30, broken=7)
    checker = _checker(max_chars=len(text))
    document = parse_document(text, "machine.asl.json")
    assert _findings(checker, document) == _findings_of(document)
    assert (len(checker.memo), checker.memo.chars) == (0, 0)


def test_a_lint_run_once_keeps_nothing_in_the_memo_and_finds_the_same() -> None:
    # A text no other test lints, so the process's memo cannot already hold its states.
    text = re.sub(r'"S(\d+)"', r'"Once\1"', _states_text(40, broken=11))
    memo = default_checker().memo
    before = len(memo)
    once = lint_document(parse_document(text, "machine.asl.json"), once=True)
    assert len(memo) == before
    again = lint_document(parse_document(text, "machine.asl.json"))
    assert len(memo) == before + 41
    assert once == again
    assert any(finding.rule == "unknown-field" for finding in once)
