"""Re-reading only the edited state gives what a full parse gives, and the same findings.

Each corpus definition is edited by seeded random edit sequences (characters typed or deleted
inside a state, and anywhere else); after every edit the incremental result (built from the
previous version) is compared with a parse of the new text from scratch: same tree, same offsets,
same diagnostics; and, for the whole analysis, the same findings at the same ranges.
"""

from __future__ import annotations

import random

import pytest

from asl_lsp.diagnostic import Diagnostic
from asl_lsp.lint.linter import lint_document
from asl_lsp.model.document import parse_document, reparse_document
from asl_lsp.syntax.document import SourceDocument, parse_source, reparse_source
from asl_lsp.syntax.nodes import ObjectNode
from asl_lsp.syntax.reparse import changed_region, reparse_state
from tests.syntax.corpus_edits import corpus_definitions, random_edit, yaml_definitions

EDITS_PER_FILE = 12


def _same(got: SourceDocument, expected: SourceDocument) -> None:
    assert got.root == expected.root
    assert got.diagnostics == expected.diagnostics
    assert got.kind == expected.kind
    assert [(d.root, d.pointer, d.placeholders) for d in got.definitions] == [
        (d.root, d.pointer, d.placeholders) for d in expected.definitions
    ]


def test_fuzzed_edit_sequences_give_the_full_parse() -> None:
    files = corpus_definitions()
    assert len(files) > 100
    chance = random.Random(13)
    reread = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        previous = parse_source(text, str(path))
        for _ in range(EDITS_PER_FILE):
            text = random_edit(text, previous, chance)
            expected = parse_source(text, str(path))
            got = reparse_source(previous, text, str(path))
            _same(got, expected)
            if isinstance(previous.root, ObjectNode) and not previous.diagnostics:
                reread += reparse_state(previous.root, previous.text, text) is not None
            previous = got
    # The fast path must actually be taken, or this test would compare two full parses.
    assert reread > len(files)


def test_fuzzed_yaml_edit_sequences_give_the_full_parse() -> None:
    definitions = yaml_definitions()
    assert len(definitions) > 50
    chance = random.Random(17)
    reread = 0
    for path, text in definitions:
        previous = parse_source(text, path)
        for _ in range(EDITS_PER_FILE):
            text = random_edit(text, previous, chance)
            expected = parse_source(text, path)
            got = reparse_source(previous, text, path)
            _same(got, expected)
            if isinstance(previous.root, ObjectNode) and not previous.diagnostics:
                reread += reparse_state(previous.root, previous.text, text, "yaml") is not None
            previous = got
    assert reread > len(definitions)


def test_incremental_analysis_finds_what_a_full_analysis_finds() -> None:
    chance = random.Random(7)
    files = [(str(p), p.read_text(encoding="utf-8")) for p in corpus_definitions()[::4]]
    for path, text in [*files, *yaml_definitions()[::4]]:
        previous = parse_document(text, path)
        for _ in range(4):
            text = random_edit(text, previous.source, chance)
            incremental = reparse_document(previous, text, path)
            scratch = parse_document(text, path)
            assert _findings(lint_document(incremental)) == _findings(lint_document(scratch))
            previous = incremental


def _findings(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int, str, str]]:
    return [(d.code, d.span.start, d.span.end, d.message, d.path) for d in diagnostics]


@pytest.mark.parametrize(
    ("before", "after", "region"),
    [
        ("abc", "abc", (3, 3, 3)),
        ("abc", "abxc", (2, 2, 3)),
        ("abxc", "abc", (2, 3, 2)),
        ("aaa", "aaaa", (3, 3, 4)),
        ("", "x", (0, 0, 1)),
        (
            "x" * 200_000 + "y" + "x" * 70_000,
            "x" * 200_000 + "z" + "x" * 70_000,
            (200_000, 200_001, 200_001),
        ),
    ],
)
def test_changed_region(before: str, after: str, region: tuple[int, int, int]) -> None:
    assert changed_region(before, after) == region
    start, old_end, new_end = region
    assert before[:start] == after[:start]
    assert before[old_end:] == after[new_end:]


def test_edits_outside_one_state_body_take_the_full_parse() -> None:
    text = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}'
    root = parse_source(text).root
    assert isinstance(root, ObjectNode)
    # Inside the body of A: re-read alone, and moved to its place.
    inside = text.replace('"Pass"', '"Succeed"').replace(', "End": true', "")
    result = reparse_state(root, text, inside)
    assert result is not None
    assert result.root == parse_source(inside).root
    # The state's name, StartAt, or a brace of the body: the whole text is parsed.
    for edited in (
        text.replace('"A": {', '"B": {'),
        text.replace('"StartAt": "A"', '"StartAt": "B"'),
        text.replace('"End": true}}', '"End": true}'),
        text.replace('"Type": "Pass"', '"Type": "Pass"}, "B": {"Type": "Pass"'),
    ):
        assert reparse_state(root, text, edited) is None
        assert reparse_source(parse_source(text), edited).root == parse_source(edited).root


@pytest.mark.usefixtures("deep_stack")
@pytest.mark.parametrize(("levels", "reread"), [(509, True), (510, False)])
def test_nesting_past_the_parser_limit_is_left_to_the_full_parse(levels: int, reread: bool) -> None:
    # The state's body is the third container of the document; the parser keeps 512 levels.
    deep = "[" * levels + "]" * levels
    text = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "End": true}}}'
    edited = text.replace('"Result": 1', f'"Result": {deep}')
    previous = parse_source(text)
    assert isinstance(previous.root, ObjectNode)
    assert (reparse_state(previous.root, text, edited) is not None) is reread
    assert bool(parse_source(edited).diagnostics) is not reread
    _same(reparse_source(previous, edited), parse_source(edited))


_PLAIN = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Comment": "a$b", "End": true}}}'
_HELD = _PLAIN.replace("a$b", "${x}")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (_PLAIN, _PLAIN.replace("a$b", "a${b")),  # typed after a "$"
        (_PLAIN, _PLAIN.replace("a$b", "a$ {b")),
        (_PLAIN.replace("a$b", "a$xb"), _PLAIN.replace("a$b", "a${b")),  # "{" over a character
        (_PLAIN.replace("a$b", "a$x{b"), _PLAIN.replace("a$b", "a${b")),  # a deletion joins them
        (_PLAIN.replace("a$b", "a$ b"), _PLAIN.replace("a$b", "a$b")),
        (_HELD, _HELD.replace("${x}", "$x}")),  # the only one removed
        (_HELD, _HELD.replace("${x}", "${x}y")),  # kept
        (
            _HELD.replace("Pass", "Pass${y}"),
            _HELD.replace("${x}", "$x}").replace("Pass", "Pass${y}"),
        ),
    ],
)
def test_an_edit_knows_whether_the_text_holds_a_placeholder(before: str, after: str) -> None:
    previous = parse_source(before, "p.asl.json")
    got = reparse_source(previous, after, "p.asl.json")
    assert got.edit is not None  # re-read, not parsed in full
    _same(got, parse_source(after, "p.asl.json"))
    assert got.definitions[0].placeholders == ("${" in after)
