"""YAML through PyYAML's composer into the shared node tree."""

from __future__ import annotations

from asl_lsp.syntax.nodes import ArrayNode, NumberNode, ObjectNode, StringNode, to_value
from asl_lsp.syntax.positions import LineIndex
from asl_lsp.syntax.yaml_loader import MAX_ALIAS_EXPANSION, parse_yaml

HELLO = """\
Comment: Hello
StartAt: Yes
States:
  Yes:
    Type: Choice
    Choices:
      - Variable: $.flag
        BooleanEquals: true
        Next: On
    Default: Off
  On: {Type: Pass, Next: No}
  Off: {Type: Pass, Next: No}
  No:
    Type: Wait
    Seconds: 10
    Timestamp: 2024-01-01T00:00:00Z
    Next: "1"
  "1": {Type: Succeed, Comment: null}
  null: {Type: Succeed, Extra: ~, Numbers: [0x1F, 0o17, 1.5, -3, .inf, 1_000, 012]}
"""


def test_yes_no_on_off_stay_strings() -> None:
    result = parse_yaml(HELLO)
    assert result.diagnostics == ()
    value = to_value(result.root)
    assert isinstance(value, dict)
    assert value["StartAt"] == "Yes"
    assert list(value["States"]) == ["Yes", "On", "Off", "No", "1", "null"]
    assert value["States"]["Yes"]["Choices"][0] == {
        "Variable": "$.flag",
        "BooleanEquals": True,
        "Next": "On",
    }
    assert value["States"]["Yes"]["Default"] == "Off"
    assert value["States"]["No"]["Timestamp"] == "2024-01-01T00:00:00Z"
    assert value["States"]["No"]["Seconds"] == 10
    assert value["States"]["1"]["Comment"] is None
    assert value["States"]["null"]["Numbers"] == [31, 15, 1.5, -3, float("inf"), "1_000", 12]


def test_spans_are_code_point_offsets() -> None:
    text = "States:\n  Grüße 😀:\n    Type: Pass\n    Next: 'Ende ✓'\n"
    root = parse_yaml(text).root
    assert isinstance(root, ObjectNode)
    states = root.get("States")
    assert isinstance(states, ObjectNode)
    member = states.members[0]
    assert text[member.key.span.start : member.key.span.end] == "Grüße 😀"
    state = member.value
    assert isinstance(state, ObjectNode)
    nxt = state.get("Next")
    assert isinstance(nxt, StringNode)
    assert text[nxt.span.start : nxt.span.end] == "'Ende ✓'"
    # Marks agree with line/column computed by LineIndex.
    assert LineIndex(text).one_based(nxt.span.start) == (4, 11)


def test_duplicate_keys() -> None:
    text = "States:\n  A: {Type: Pass}\n  A: {Type: Fail}\n"
    (diagnostic,) = parse_yaml(text).diagnostics
    assert (diagnostic.code, diagnostic.rule, diagnostic.message) == (
        "ASL002",
        "duplicate-key",
        "duplicate key 'A'",
    )
    assert diagnostic.path == "/States"
    assert diagnostic.span.start == text.rindex("A:")
    assert diagnostic.related[0].span.start == text.index("A:")


def test_broken_yaml_position() -> None:
    text = "StartAt: A\nStates:\n  A: [1, 2\n  B: c\n"
    result = parse_yaml(text)
    assert result.root is None
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "ASL001"
    assert diagnostic.message == "did not find expected ',' or ']'"
    assert LineIndex(text).one_based(diagnostic.span.start) == (4, 4)


def test_bad_indentation_reports_mark() -> None:
    result = parse_yaml("a: 1\n b: 2\n")
    assert result.root is None
    assert result.diagnostics[0].message.startswith("mapping values are not allowed")


def test_alias_bomb_is_bounded() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    result = parse_yaml("\n".join(lines) + "\n")
    assert result.root is None
    assert [d.message for d in result.diagnostics] == ["YAML aliases expand to too many nodes"]


def test_small_aliases_are_shared() -> None:
    text = (
        "retry: &r {ErrorEquals: [States.ALL], MaxAttempts: 2}\n"
        "A: {Retry: [*r]}\nB: {Retry: [*r]}\n"
    )
    result = parse_yaml(text)
    assert result.diagnostics == ()
    value = to_value(result.root)
    assert isinstance(value, dict)
    expected = {"Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}]}
    assert value["A"] == value["B"] == expected
    assert MAX_ALIAS_EXPANSION >= 10_000


def test_recursive_alias() -> None:
    result = parse_yaml("a: &x [1, *x]\n")
    assert result.root is None
    assert result.diagnostics[0].code == "ASL001"


def test_cloudformation_short_tags_become_long_form() -> None:
    text = (
        "A: !Ref Bucket\n"
        "B: !GetAtt Fn.Arn\n"
        "C: !Sub 'arn:${AWS::Partition}:s3:::x'\n"
        "D: !Join ['', [a, !Ref B]]\n"
        "E: !If [Cond, 1, 2]\n"
        "F: !Custom thing\n"
    )
    result = parse_yaml(text)
    assert result.diagnostics == ()
    value = to_value(result.root)
    assert value == {
        "A": {"Ref": "Bucket"},
        "B": {"Fn::GetAtt": ["Fn", "Arn"]},
        "C": {"Fn::Sub": "arn:${AWS::Partition}:s3:::x"},
        "D": {"Fn::Join": ["", ["a", {"Ref": "B"}]]},
        "E": {"Fn::If": ["Cond", 1, 2]},
        "F": "thing",
    }
    root = result.root
    assert isinstance(root, ObjectNode)
    ref = root.get("A")
    assert isinstance(ref, ObjectNode) and ref.tag == "!Ref"
    inner = ref.get("Ref")
    assert isinstance(inner, StringNode)
    assert text[inner.span.start : inner.span.end] == "Bucket"
    getatt = root.get("B")
    assert isinstance(getatt, ObjectNode)
    parts = getatt.get("Fn::GetAtt")
    assert isinstance(parts, ArrayNode)
    assert [text[p.span.start : p.span.end] for p in parts.items] == ["Fn", "Arn"]
    custom = root.get("F")
    assert isinstance(custom, StringNode) and custom.tag == "!Custom"


def test_empty_and_odd_documents() -> None:
    assert parse_yaml("").root is None
    assert parse_yaml("").diagnostics == ()
    assert to_value(parse_yaml("[]").root) == []
    assert parse_yaml("null").root is not None
    number = parse_yaml("5").root
    assert isinstance(number, NumberNode)
    multi = parse_yaml("a: 1\n---\nb: 2\n")
    assert to_value(multi.root) == {"a": 1}
    assert "only one YAML document" in multi.diagnostics[0].message
    garbage = parse_yaml("\x00\x01\xff garbage")
    assert garbage.root is None and garbage.diagnostics


def test_deep_nesting_never_raises() -> None:
    for text in ("[" * 10_000 + "]" * 10_000, "".join("  " * i + "a:\n" for i in range(3000))):
        result = parse_yaml(text)
        assert result.root is None
        assert result.diagnostics[0].code == "ASL001"


def test_complex_keys_are_reported() -> None:
    result = parse_yaml("? [a, b]\n: 1\nc: 2\n")
    assert to_value(result.root) == {"c": 2}
    assert result.diagnostics[0].message == "mapping keys must be plain strings"


def test_pure_python_loader_behaves_the_same(monkeypatch: object) -> None:
    import pytest

    from asl_lsp.syntax import yaml_loader

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    with_c = parse_yaml(HELLO)
    monkeypatch.setattr(yaml_loader, "_Loader", yaml_loader._PyLoader)
    pure = parse_yaml(HELLO)
    assert to_value(pure.root) == to_value(with_c.root)
    assert pure.root == with_c.root  # same spans too
    deep = parse_yaml("[" * 10_000 + "]" * 10_000)
    assert deep.root is None and deep.diagnostics[0].code == "ASL001"
    broken = parse_yaml("StartAt: A\nStates:\n  A: [1, 2\n  B: c\n")
    # The pure-Python parser words it differently and stops one token later.
    assert broken.diagnostics[0].message == "expected ',' or ']', but got ':'"


def test_crlf_and_non_ascii_marks_match_the_text() -> None:
    text = 'States:\r\n  Grüße 😀:\r\n    Next: "Ende ✓"\r\n    Other: plain\r\n'
    root = parse_yaml(text).root
    assert isinstance(root, ObjectNode)
    states = root.get("States")
    assert isinstance(states, ObjectNode)
    (member,) = states.members
    assert text[member.key.span.start : member.key.span.end] == "Grüße 😀"
    state = member.value
    assert isinstance(state, ObjectNode)
    spans = [text[m.span.start : m.span.end] for m in state.members]
    assert spans == ['Next: "Ende ✓"', "Other: plain"]
