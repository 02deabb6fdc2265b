"""The memo of per-state findings changes nothing but the work: an incremental lint with it
finds exactly what a lint from scratch finds, and an edit re-checks only the edited state."""

from __future__ import annotations

import json
import random

from asl_lsp.diagnostic import Diagnostic
from asl_lsp.lint.linter import lint_document
from asl_lsp.lint.registry import all_rules
from asl_lsp.lint.state_memo import MemoContext, StateFacts, StateFindingsMemo
from asl_lsp.model.document import AslDocument, parse_document, reparse_document
from asl_lsp.syntax.nodes import Member, ObjectNode
from tests.syntax.corpus_edits import corpus_definitions, random_edit, yaml_definitions

EDITS_PER_FILE = 6


def _examples() -> list[tuple[str, str]]:
    """Every rule's documented examples: each per-state rule reports on its bad one."""
    found: list[tuple[str, str]] = []
    for rule in all_rules():
        for kind, example in (("bad", rule.doc.bad), ("good", rule.doc.good)):
            suffix = "yaml" if example.format == "yaml" else "json"
            found.append((f"/examples/{rule.name}-{kind}.asl.{suffix}", example.text))
    return found


def _inputs() -> list[tuple[str, str]]:
    corpus = [(str(p), p.read_text(encoding="utf-8")) for p in corpus_definitions()]
    return [*_examples(), *corpus, *yaml_definitions()]


def test_memoised_lint_finds_what_a_lint_from_scratch_finds() -> None:
    memo = StateFindingsMemo()  # one for every file: identical states are shared across files
    chance = random.Random(29)
    checked = 0
    for path, text in _inputs():
        document = parse_document(text, path)
        assert lint_document(document, memo=memo) == lint_document(parse_document(text, path))
        for _ in range(EDITS_PER_FILE):
            text = random_edit(text, document.source, chance)
            document = reparse_document(document, text, path)
            expected = lint_document(parse_document(text, path))
            assert lint_document(document, memo=memo) == expected, path
            checked += 1
    # The memo was used, and the per-state findings it gave back were not all empty.
    assert memo.hits > checked
    reported = {d.rule for path, text in _examples() for d in _lint_twice(memo, path, text)}
    per_state = {rule.name for rule in all_rules() if rule.per_state}
    assert per_state <= reported


def _lint_twice(memo: StateFindingsMemo, path: str, text: str) -> list[Diagnostic]:
    """The findings of a second lint, every per-state one of them from the memo."""
    document = parse_document(text, path)
    lint_document(document, memo=memo)
    hits = memo.hits
    found = lint_document(document, memo=memo)
    states = _top_level_states(document)
    assert memo.hits - hits == len(states)
    return found


def _top_level_states(document: AslDocument) -> list[Member]:
    root = document.source.root
    states = root.get("States") if isinstance(root, ObjectNode) else None
    return list(states.members) if isinstance(states, ObjectNode) else []


def _machine(states: int) -> str:
    body = {
        f"S{i}": {"Type": "Pass", "Comment": "step", "Next": f"S{i + 1}"} for i in range(states)
    }
    body[f"S{states}"] = {"Type": "Wait", "Seconds": 1, "SecondsPath": "$.x", "End": True}
    return json.dumps({"StartAt": "S0", "States": body}, indent=2)


def test_an_edit_re_checks_only_the_edited_state() -> None:
    memo = StateFindingsMemo()
    path = "/m/machine.asl.json"
    text = _machine(50)
    document = parse_document(text, path)
    lint_document(document, memo=memo)
    at = text.index('"step"', len(text) // 2) + 1
    edited = text[:at] + "x" + text[at:]
    hits, misses = memo.hits, memo.misses
    found = lint_document(reparse_document(document, edited, path), memo=memo)
    assert (memo.hits - hits, memo.misses - misses) == (50, 1)
    assert found == lint_document(parse_document(edited, path))
    assert [d.rule for d in found] == ["wait-fields"]  # the memo moved it by the edit's length
    assert found[0].span.start == edited.index('"SecondsPath"')


def test_the_memo_keeps_within_its_size_forgetting_the_least_recently_used() -> None:
    memo = StateFindingsMemo(max_chars=100)
    context = MemoContext("JSONPath", False, True, "json", ())
    facts = StateFacts((), False)
    keys = [(str(i) * 40, (0, context)) for i in range(4)]
    memo.put(keys[0], facts)
    memo.put(keys[1], facts)
    assert memo.get_many([keys[0]]) == [facts]  # now the most recently used
    memo.put(keys[2], facts)
    assert memo.chars <= 100
    assert memo.get_many(keys[:3]) == [facts, None, facts]
    assert (memo.hits, memo.misses) == (3, 1)
    memo.put(("x" * 101, (0, context)), facts)  # larger than the memo: not kept
    assert memo.chars == 80


def test_a_definition_too_large_for_the_memo_is_linted_without_it() -> None:
    text = _machine(40)
    memo = StateFindingsMemo(max_chars=len(text))
    path = "/m/machine.asl.json"
    assert lint_document(parse_document(text, path), memo=memo) == lint_document(
        parse_document(text, path)
    )
    assert (memo.hits, memo.misses, memo.chars) == (0, 0, 0)


ALIASED = """StartAt: A
States:
  A: &wait
    Type: Wait
    Seconds: 1
    End: true
  B: *wait
"""


def test_a_yaml_state_with_an_alias_is_checked_again_when_its_anchor_changes() -> None:
    memo = StateFindingsMemo()
    path = "/m/machine.asl.yaml"
    lint_document(parse_document(ALIASED, path), memo=memo)
    edited = ALIASED.replace("Seconds: 1", "Comment: x")
    found = lint_document(parse_document(edited, path), memo=memo)
    assert found == lint_document(parse_document(edited, path))
    assert [d.path for d in found if d.rule == "wait-fields"] == ["/States/A", "/States/B"]
