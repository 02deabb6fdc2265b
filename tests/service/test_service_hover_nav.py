"""Hover, navigation, rename, outline, semantic tokens and formatting without a server."""

from __future__ import annotations

import itertools
import json

import pytest
import yaml

from asl_lsp.lint.fixing import apply_edits
from asl_lsp.model.document import parse_document
from asl_lsp.service.hover import hover
from asl_lsp.service.navigation import definition, references
from asl_lsp.service.outline import outline
from asl_lsp.service.rename import RenameError, rename_state
from asl_lsp.service.semantic import semantic_tokens

JSON = """{
  "QueryLanguage": "JSONata",
  "StartAt": "Load",
  "States": {
    "Load": {
      "Type": "Task",
      "Comment": "Fetch the order",
      "Resource": "arn:aws:states:::dynamodb:getItem",
      "Assign": {"order": "{% $states.result.Item %}"},
      "Retry": [{"ErrorEquals": ["States.Timeout"]}],
      "Next": "Check"
    },
    "Check": {
      "Type": "Pass",
      "Output": "{% $uppercase($order.id) %}",
      "End": true
    }
  }
}"""


def _hover_at(text: str, needle: str, delta: int = 1, fmt: str = "json") -> str:
    info = hover(parse_document(text, f"f.asl.{fmt}"), text.index(needle) + delta)
    assert info is not None, needle
    return info.markdown


def test_hover_explains_references_fields_functions_variables_errors_and_arns() -> None:
    target = _hover_at(JSON, '"Load",\n  "States"', 2)
    assert "Task" in target and "Fetch the order" in target and "`Check`" in target
    assert "**Retry**" in _hover_at(JSON, '"Retry"')
    assert "$uppercase(" in _hover_at(JSON, "$uppercase", 3)
    assert "assigned in state `Load`" in _hover_at(JSON, "$order.id", 2)
    assert "States.Timeout" in _hover_at(JSON, '"States.Timeout"', 3)
    assert "DynamoDB" in _hover_at(JSON, "dynamodb:getItem", 2)
    assert "$states.result" in _hover_at(JSON, "$states.result", 9)
    assert "Task state" in _hover_at(JSON, '"Task"', 2)


def test_hover_in_yaml() -> None:
    text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n  B:\n    Type: Succeed\n"
    assert "Succeed" in _hover_at(text, "Next: B", 6, "yaml")
    assert "**Next**" in _hover_at(text, "Next", 1, "yaml")


def test_definition_and_references_for_states_and_variables() -> None:
    document = parse_document(JSON, "f.asl.json")
    found = definition(document, JSON.index('"Check"') + 2)
    assert [JSON[loc.span.start : loc.span.end] for loc in found] == ['"Check"']
    assert found[0].span.start == JSON.index('"Check": {')
    refs = references(document, JSON.index("$order") + 2)
    assert len(refs) == 2 and refs[0].is_write


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_rename_edits_key_and_references_and_refuses_collisions(fmt: str) -> None:
    text = JSON if fmt == "json" else yaml.safe_dump(json.loads(JSON), sort_keys=False)
    document = parse_document(text, f"f.asl.{fmt}")
    offset = text.index("Check") + 1
    edits = rename_state(document, offset, "On")
    renamed = apply_edits(text, edits)
    data = json.loads(renamed) if fmt == "json" else yaml.safe_load(renamed)
    assert data["States"]["Load"]["Next"] == "On" and "On" in data["States"]
    with pytest.raises(RenameError, match="exists already"):
        rename_state(document, offset, "Load")
    with pytest.raises(RenameError):
        rename_state(document, offset, "")


def test_outline_and_semantic_tokens() -> None:
    document = parse_document(JSON, "f.asl.json")
    items = outline(document)
    assert [(i.name, i.detail) for i in items] == [("Load", "Task"), ("Check", "Pass")]
    tokens = semantic_tokens(document)
    spelled = [(JSON[t.span.start : t.span.end], t.kind, t.declaration) for t in tokens]
    assert ("Load", "state", False) in spelled and ("Load", "state", True) in spelled
    assert ("order", "variable", True) in spelled and ("$order", "variable", False) in spelled
    assert all(t.span.start < u.span.start for t, u in itertools.pairwise(tokens))
