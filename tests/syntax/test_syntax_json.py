"""The tolerant JSON parser: values, spans, messages, recovery, limits, speed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from asl_lsp.diagnostic import Diagnostic
from asl_lsp.syntax.json_depth import MAX_DEPTH
from asl_lsp.syntax.json_parser import parse_json
from asl_lsp.syntax.nodes import (
    ArrayNode,
    BoolNode,
    Member,
    Node,
    NullNode,
    NumberNode,
    ObjectNode,
    Span,
    StringNode,
    to_value,
)
from tests.syntax.syntax_walk import all_nodes

HERE = Path(__file__).resolve().parent


def _messages(text: str) -> list[tuple[str, str, str]]:
    """(code, message, text under the span) of each diagnostic."""
    result = parse_json(text)
    return [(d.code, d.message, text[d.span.start : d.span.end]) for d in result.diagnostics]


def test_values_match_json_loads() -> None:
    text = json.dumps(
        {"a": [1, -2.5, 3e2, True, False, None, 'x\u00e9\n"q"', {"b": {}}], "c": [], "d": "😀"},
        indent=2,
    )
    result = parse_json(text)
    assert result.diagnostics == ()
    assert to_value(result.root) == json.loads(text)
    escaped = '{"a": "\\u00e9\\ud83d\\ude00\\t\\/"}'
    assert to_value(parse_json(escaped).root) == json.loads(escaped)


def test_numbers_keep_raw_and_int_float() -> None:
    root = parse_json("[1, 1.0, -0, 2e3, 12345678901234567890]").root
    assert isinstance(root, ArrayNode)
    items = root.items
    assert all(isinstance(i, NumberNode) for i in items)
    values = [(i.value, type(i.value), i.raw) for i in items if isinstance(i, NumberNode)]
    assert values == [
        (1, int, "1"),
        (1.0, float, "1.0"),
        (0, int, "-0"),
        (2000.0, float, "2e3"),
        (12345678901234567890, int, "12345678901234567890"),
    ]


def test_spans_of_keys_and_values_with_non_ascii_names() -> None:
    text = (
        '{\n  "States": {\n    "Grüße 😀": {"Type": "Pass", "Next": "Ende ✓"},\n'
        '    "n": 12.5\n  }\n}'
    )
    root = parse_json(text).root
    assert isinstance(root, ObjectNode)
    states = root.get("States")
    assert isinstance(states, ObjectNode)
    member = states.member("Grüße 😀")
    assert member is not None
    assert text[member.key.span.start : member.key.span.end] == '"Grüße 😀"'
    state = member.value
    assert isinstance(state, ObjectNode)
    assert text[state.span.start : state.span.end] == '{"Type": "Pass", "Next": "Ende ✓"}'
    nxt = state.member("Next")
    assert nxt is not None and nxt.value is not None
    assert text[nxt.value.span.start : nxt.value.span.end] == '"Ende ✓"'
    assert text[nxt.span.start : nxt.span.end] == '"Next": "Ende ✓"'
    number = states.get("n")
    assert isinstance(number, NumberNode)
    assert text[number.span.start : number.span.end] == "12.5"
    assert text[root.span.start : root.span.end] == text


def test_parsed_nodes_equal_nodes_built_by_hand() -> None:
    root = parse_json('{"a": "b"}').root
    expected = ObjectNode(
        (Member(StringNode("a", 1, 4), StringNode("b", 6, 9), 1, 9),),
        0,
        10,
    )
    assert root == expected
    assert isinstance(root, ObjectNode)
    assert root.members[0].key.span == Span(1, 4)
    assert root.members[0].span == Span(1, 9)
    assert root.get("a") == StringNode("b", 6, 9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"Next": "A" "Type": "Pass"}',
            [("ASL001", "expected ',' or '}' after property 'Next'", '"Type"')],
        ),
        ('{"Next": , "End": true}', [("ASL001", "expected a value after ':'", ",")]),
        ('{"a": 1,}', [("ASL001", "trailing comma is not allowed in JSON", ",")]),
        ("[1, 2,]", [("ASL001", "trailing comma is not allowed in JSON", ",")]),
        ('{"a": 1 // note\n}', [("ASL001", "comments are not allowed in JSON", "// note")]),
        ('{"a": /* x */ 1}', [("ASL001", "comments are not allowed in JSON", "/* x */")]),
        ('{"a": "abc\n}', [("ASL001", "unterminated string", '"abc')]),
        ('{"a" 1}', [("ASL001", "expected ':' after property 'a'", " ")]),
        ("{a: 1}", [("ASL001", "property names must be in double quotes", "a")]),
        (
            '{"a": Task}',
            [("ASL001", "unexpected 'Task': strings must be in double quotes", "Task")],
        ),
        ('{"a": 01}', [("ASL001", "invalid number '01': leading zeros are not allowed", "01")]),
        ('{"a": NaN}', [("ASL001", "NaN is not allowed in JSON", "NaN")]),
        ('{"a": -Infinity}', [("ASL001", "Infinity is not allowed in JSON", "-Infinity")]),
        ('{"a": "x\\qy"}', [("ASL001", "invalid escape '\\q' in string", "\\q")]),
        ('{"a": "\\ud800"}', [("ASL001", "lone surrogate '\\ud800' in string", "\\ud800")]),
        (
            '{"a": "t\tb"}',
            [("ASL001", "control character U+0009 must be escaped in a string", "\t")],
        ),
        ('{"a": [1 2]}', [("ASL001", "expected ',' or ']' after an array item", "2")]),
        ('{"a": 1}}', [("ASL001", "unexpected text after the end of the JSON value", "}")]),
        ("", [("ASL001", "expected a JSON value", "")]),
        ('{"a": 1, "a": 2}', [("ASL002", "duplicate key 'a'", '"a"')]),
    ],
)
def test_error_messages_and_spans(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _messages(text) == expected


def test_unclosed_object_at_eof() -> None:
    text = '{"StartAt": "A", "States": {"A": {"Type": "Pass"'
    result = parse_json(text)
    assert [d.message for d in result.diagnostics] == ["unexpected end of text: '{' is not closed"]
    diagnostic = result.diagnostics[0]
    assert diagnostic.span == Span(len(text), len(text))
    assert text[diagnostic.related[0].span.start] == "{"
    assert diagnostic.path == "/States/A"
    assert to_value(result.root) == {"StartAt": "A", "States": {"A": {"Type": "Pass"}}}


def test_missing_value_at_eof_gives_member_without_value() -> None:
    result = parse_json('{"Next":')
    root = result.root
    assert isinstance(root, ObjectNode)
    member = root.member("Next")
    assert member is not None and member.value is None
    assert result.diagnostics[0].message == "expected a value after ':'"


def test_duplicate_key_related_and_path() -> None:
    text = '{"States": {"A": {"Type": "Pass", "Type": "Task"}}}'
    (diagnostic,) = parse_json(text).diagnostics
    assert diagnostic.code == "ASL002" and diagnostic.rule == "duplicate-key"
    assert diagnostic.path == "/States/A"
    assert diagnostic.span.start == text.rindex('"Type"')
    assert diagnostic.related[0].span.start == text.index('"Type"')


def test_missing_comma_between_states_keeps_both() -> None:
    text = """{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "B"}
    "B": {"Type": "Succeed"}
  }
}"""
    result = parse_json(text)
    assert [d.message for d in result.diagnostics] == ["expected ',' or '}' after property 'A'"]
    assert result.diagnostics[0].path == "/States"
    value = to_value(result.root)
    assert isinstance(value, dict)
    assert value["States"] == {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}


def test_recovery_keeps_later_states_after_garbage() -> None:
    text = '{"States": {"A": {"Type": "Pass", "Next": @@@, "End": true}, "B": {"Type": "Fail"}}}'
    result = parse_json(text)
    value = to_value(result.root)
    assert isinstance(value, dict)
    assert value["States"]["B"] == {"Type": "Fail"}
    assert value["States"]["A"]["End"] is True
    assert len(result.diagnostics) == 1


def test_mismatched_brackets_recover() -> None:
    result = parse_json('{"a": [1, 2}')
    assert to_value(result.root) == {"a": [1, 2]}
    assert [d.message for d in result.diagnostics] == ["expected ',' or ']' after an array item"]


def test_deep_nesting_is_bounded_and_never_raises() -> None:
    for text in ("[" * 10_000, "[" * 10_000 + "]" * 10_000, '{"a":' * 10_000 + "1" + "}" * 10_000):
        result = parse_json(text)
        messages = [d.message for d in result.diagnostics]
        assert messages[0] == f"nesting deeper than {MAX_DEPTH} levels"
        assert messages.count(messages[0]) == 1
        to_value(result.root)  # iterative: no RecursionError
    closed = parse_json("[" * 10_000 + "]" * 10_000)
    assert len(closed.diagnostics) == 1


@pytest.mark.parametrize(
    "text", ["[]", "null", "  ", "\x00\x01\xff garbage \ufffd", "}{", "]]]", '"']
)
def test_odd_documents_never_raise(text: str) -> None:
    result = parse_json(text)
    for diagnostic in result.diagnostics:
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text)


def _check_spans(text: str, root: Node | None, diagnostics: tuple[Diagnostic, ...]) -> None:
    for node in all_nodes(root):
        assert 0 <= node.span.start <= node.span.end <= len(text)
    for diagnostic in diagnostics:
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text)


def test_truncation_at_every_offset_never_raises() -> None:
    text = (HERE / "fixtures" / "sixty-lines.asl.json").read_text(encoding="utf-8")
    assert len(text.splitlines()) >= 55
    for cut in range(len(text) + 1):
        prefix = text[:cut]
        result = parse_json(prefix)
        _check_spans(prefix, result.root, result.diagnostics)
        if cut < len(text.rstrip()):
            assert result.diagnostics, cut
    assert parse_json(text).diagnostics == ()


def test_every_single_character_deletion_never_raises() -> None:
    text = (HERE / "fixtures" / "sixty-lines.asl.json").read_text(encoding="utf-8")
    for cut in range(len(text)):
        mutated = text[:cut] + text[cut + 1 :]
        result = parse_json(mutated)
        _check_spans(mutated, result.root, result.diagnostics)


def test_string_and_literal_nodes() -> None:
    root = parse_json('{"t": true, "f": false, "n": null, "s": ""}').root
    assert isinstance(root, ObjectNode)
    assert isinstance(root.get("t"), BoolNode)
    assert isinstance(root.get("n"), NullNode)
    s = root.get("s")
    assert isinstance(s, StringNode) and s.value == "" and s.span.end - s.span.start == 2


def test_a_large_definition_parses_whole() -> None:
    """5,000 states parse without findings; the speed of this is measured in ``benchmarks/``."""
    from tests.syntax.syntax_bigdefs import big_json_text

    text = big_json_text(5000)
    result = parse_json(text)
    assert not result.diagnostics
    assert isinstance(result.root, ObjectNode)
    states = result.root.get("States")
    assert isinstance(states, ObjectNode) and len(states.members) == 5000
