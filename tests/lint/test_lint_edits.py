"""Fix edits keep formatting and leave JSON and YAML parseable."""

from __future__ import annotations

from asl_lsp.diagnostic import TextEdit
from asl_lsp.lint.edits import (
    apply_edits,
    insert_member,
    member_remover,
    move_item_last,
    remove_member,
    rename_key,
    replace_string,
    replace_value,
)
from asl_lsp.syntax.json_parser import parse_json
from asl_lsp.syntax.nodes import (
    ArrayNode,
    JsonValue,
    ObjectNode,
    StringNode,
    node_at_pointer,
    to_value,
)
from asl_lsp.syntax.yaml_loader import parse_yaml


def parse(text: str, fmt: str) -> ObjectNode:
    result = parse_json(text) if fmt == "json" else parse_yaml(text)
    assert [d.message for d in result.diagnostics] == []
    assert isinstance(result.root, ObjectNode)
    return result.root


def obj(root: ObjectNode, *path: str | int) -> ObjectNode:
    node = node_at_pointer(root, path)
    assert isinstance(node, ObjectNode)
    return node


def applied(text: str, edit: TextEdit | None, fmt: str) -> tuple[str, JsonValue]:
    assert edit is not None
    new_text = apply_edits(text, [edit])
    return new_text, to_value(parse(new_text, fmt))


JSON = """{
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Pass",
      "Next": "B"
    },
    "B": {"Type": "Pass", "Result": {"x": 1}},
    "C": {
      "Type": "Succeed"
    }
  }
}
"""

YAML = """# header comment
StartAt: A
States:
  A:
    Type: Pass   # keep me
    Next: B
  B:
    Type: Pass
    Result:
      x: 1
  C:
    Type: Succeed
"""


def test_insert_member_json_keeps_indentation() -> None:
    root = parse(JSON, "json")
    text, value = applied(JSON, insert_member(JSON, obj(root, "States", "C"), "End", True), "json")
    assert '      "Type": "Succeed",\n      "End": true\n    }' in text
    assert value["States"]["C"] == {"Type": "Succeed", "End": True}  # type: ignore[index]
    # One-line object: stays on one line.
    text, value = applied(JSON, insert_member(JSON, obj(root, "States", "B"), "End", True), "json")
    assert '"Result": {"x": 1}, "End": true}' in text
    assert list(value["States"]["B"]) == ["Type", "Result", "End"]  # type: ignore[index]


def test_insert_member_json_empty_object() -> None:
    text = '{"StartAt": "A", "States": {}}'
    root = parse(text, "json")
    edit = insert_member(text, obj(root, "States"), "A", {"Type": "Pass"})
    new_text, value = applied(text, edit, "json")
    assert value == {"StartAt": "A", "States": {"A": {"Type": "Pass"}}}
    assert new_text.startswith('{"StartAt": "A", "States": {')


def test_insert_member_yaml_block_and_nested() -> None:
    root = parse(YAML, "yaml")
    text, value = applied(YAML, insert_member(YAML, obj(root, "States", "C"), "End", True), "yaml")
    assert text.endswith("    Type: Succeed\n    End: true\n")
    assert value["States"]["C"] == {"Type": "Succeed", "End": True}  # type: ignore[index]
    # After a nested mapping: the new key goes to the outer mapping's indentation.
    text, value = applied(YAML, insert_member(YAML, obj(root, "States", "B"), "Next", "C"), "yaml")
    assert "      x: 1\n    Next: C\n  C:" in text
    assert value["States"]["B"]["Next"] == "C"  # type: ignore[index]
    assert text.startswith("# header comment\n") and "# keep me" in text


def test_insert_member_yaml_sequence_item_and_flow() -> None:
    text = "Retry:\n  - ErrorEquals: [States.ALL]\n    MaxAttempts: 2\nFlow: {a: 1, b: 2}\n"
    root = parse(text, "yaml")
    item = node_at_pointer(root, ("Retry", 0))
    assert isinstance(item, ObjectNode)
    new_text, value = applied(text, insert_member(text, item, "BackoffRate", 2), "yaml")
    assert "    MaxAttempts: 2\n    BackoffRate: 2\n" in new_text
    assert value["Retry"][0]["BackoffRate"] == 2  # type: ignore[index]
    new_text, value = applied(text, insert_member(text, obj(root, "Flow"), "c", "Yes"), "yaml")
    assert value["Flow"] == {"a": 1, "b": 2, "c": "Yes"}  # type: ignore[index]


def test_remove_member_json_first_middle_last() -> None:
    root = parse(JSON, "json")
    states = obj(root, "States")
    for name in ("A", "B", "C"):
        member = states.member(name)
        assert member is not None
        text, value = applied(JSON, remove_member(JSON, states, member), "json")
        expected = [n for n in ("A", "B", "C") if n != name]
        assert list(value["States"]) == expected  # type: ignore[index]
        assert text.startswith('{\n  "StartAt": "A",\n  "States": {\n    "')
    only = '{"States": {"A": 1}}'
    states = obj(parse(only, "json"), "States")
    member = states.member("A")
    assert member is not None
    _, value = applied(only, remove_member(only, states, member), "json")
    assert value == {"States": {}}


def test_remove_member_yaml_lines() -> None:
    root = parse(YAML, "yaml")
    states = obj(root, "States")
    member = states.member("B")
    assert member is not None
    text, value = applied(YAML, remove_member(YAML, states, member), "yaml")
    assert "  B:" not in text and "x: 1" not in text
    assert list(value["States"]) == ["A", "C"]  # type: ignore[index]
    member = states.member("C")
    assert member is not None
    _, value = applied(YAML, remove_member(YAML, states, member), "yaml")
    assert list(value["States"]) == ["A", "B"]  # type: ignore[index]
    # The first key of a sequence item keeps the dash.
    seq = "Catch:\n  - ErrorEquals: [X]\n    Next: A\n"
    item = node_at_pointer(parse(seq, "yaml"), ("Catch", 0))
    assert isinstance(item, ObjectNode) and item.member("ErrorEquals") is not None
    _, value = applied(seq, remove_member(seq, item, item.members[0]), "yaml")
    assert value == {"Catch": [{"Next": "A"}]}


def test_rename_key_keeps_quoting() -> None:
    root = parse(JSON, "json")
    member = obj(root, "States", "A").member("Next")
    assert member is not None
    edit = rename_key(JSON, member, "Default")
    assert edit is not None and edit.new_text == '"Default"'
    yaml = "Parameters:\n  id: $.x\n  'name': $.y\n  \"other\": 1\n"
    params = obj(parse(yaml, "yaml"), "Parameters")
    renamed = [rename_key(yaml, m, f"{m.key.value}.$") for m in params.members]
    assert [e.new_text for e in renamed if e is not None] == ['"id.$"', "'name.$'", '"other.$"']
    _, value = applied(yaml, renamed[0], "yaml")
    assert value == {"Parameters": {"id.$": "$.x", "name": "$.y", "other": 1}}


def test_replace_string_plain_yaml_quotes_reserved_words() -> None:
    yaml = "StartAt: A\nNext: B\n"
    root = parse(yaml, "yaml")
    node = root.get("Next")
    assert isinstance(node, StringNode)
    edit = replace_string(yaml, node, "Yes")
    assert edit is not None and edit.new_text == '"Yes"'
    edit = replace_string(yaml, node, "Process order")
    _, value = applied(yaml, edit, "yaml")
    assert value == {"StartAt": "A", "Next": "Process order"}
    edit = replace_string(JSON, node_at_pointer(parse(JSON, "json"), ("StartAt",)), 'Say "hi"')  # type: ignore[arg-type]
    _, value = applied(JSON, edit, "json")
    assert value["StartAt"] == 'Say "hi"'  # type: ignore[index]


def test_replace_value_boolean() -> None:
    text = '{"End": false}'
    root = parse(text, "json")
    end = root.get("End")
    assert end is not None
    _, value = applied(text, replace_value(text, end, "true"), "json")
    assert value == {"End": True}


def _retry(text: str, fmt: str) -> tuple[ArrayNode, ObjectNode]:
    root = parse(text, fmt)
    retry = node_at_pointer(root, ("Retry",))
    assert isinstance(retry, ArrayNode)
    return retry, root


def test_move_item_last_json_and_yaml() -> None:
    text = (
        '{"Retry": [\n  {"ErrorEquals": ["States.ALL"]},\n  {"ErrorEquals": ["A"]},\n'
        '  {"ErrorEquals": ["B"]}\n]}'
    )
    retry, _ = _retry(text, "json")
    new_text, value = applied(text, move_item_last(text, retry, 0), "json")
    assert value == {
        "Retry": [{"ErrorEquals": ["A"]}, {"ErrorEquals": ["B"]}, {"ErrorEquals": ["States.ALL"]}]
    }
    assert new_text.count("\n") == text.count("\n")
    yaml = (
        "Retry:\n  - ErrorEquals:\n      - States.ALL\n    MaxAttempts: 1\n"
        "  - ErrorEquals: [A]\n    MaxAttempts: 2\nEnd: true\n"
    )
    retry, _ = _retry(yaml, "yaml")
    new_text, value = applied(yaml, move_item_last(yaml, retry, 0), "yaml")
    assert value == {
        "Retry": [
            {"ErrorEquals": ["A"], "MaxAttempts": 2},
            {"ErrorEquals": ["States.ALL"], "MaxAttempts": 1},
        ],
        "End": True,
    }
    assert new_text.endswith("End: true\n")


def test_edits_refuse_text_that_does_not_match_the_nodes() -> None:
    # Nodes of one text applied to another (as for definitions embedded in a string): no edit.
    root = parse(JSON, "json")
    other = JSON.replace('"', "#")
    states = obj(root, "States")
    member = states.member("A")
    assert member is not None
    assert insert_member(other, states, "X", 1) is None
    assert remove_member(other, states, member) is None
    assert rename_key(other, member, "Z") is None


def test_one_remover_serves_every_member_of_an_object() -> None:
    # Checked once per object, so deleting each of n members is linear, not quadratic.
    for text, fmt in ((JSON, "json"), (YAML, "yaml")):
        states = obj(parse(text, fmt), "States")
        remover = member_remover(text, states)
        assert remover is not None
        for index, member in enumerate(states.members):
            edit = remover(member, index)
            assert edit == remove_member(text, states, member)
            assert remover(member, None) == edit
            _, value = applied(text, edit, fmt)
            assert isinstance(value, dict) and isinstance(value["States"], dict)
            assert list(value["States"]) == [m.key.value for m in states.members if m is not member]
    flow_in_block = "States:\n  A: 1\n  B: 2\nOther: {x: 1, y: 2}\n"
    root = parse(flow_in_block, "yaml")
    assert member_remover(flow_in_block, obj(root, "Other")) is not None
    odd = "States:\n  ? A\n  : 1\n  B: 2\n"
    assert member_remover(odd, obj(parse(odd, "yaml"), "States")) is None
