"""A parsed and linted document holds no reference cycle, so reference counting frees it.

The model's links back up (a state's scope, a transition's source, a scope's parent state) are
weak for this reason: with strong ones every version of a document became garbage that only a
full collection could free, and the language server's memory grew with each edit.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator

import pytest

from asl_lsp.lint.linter import lint_document
from asl_lsp.model.document import parse_document, reparse_document
from asl_lsp.model.machine import Scope, State, Transition
from asl_lsp.syntax.document import SourceDocument
from asl_lsp.syntax.nodes import ArrayNode, Member, ObjectNode, StringNode

OURS = (State, Scope, Transition, ObjectNode, ArrayNode, Member, StringNode, SourceDocument)

JSON = json.dumps(
    {
        "StartAt": "A",
        "States": {
            "A": {
                "Type": "Parallel",
                "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}],
                "Next": "M",
            },
            "M": {
                "Type": "Map",
                "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}},
                "Next": "C",
            },
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.x", "IsPresent": True, "Next": "F"}],
                "Default": "Lost",
            },
            "Orphan": {"Type": "Pass", "Next": "Nowhere"},
            "F": {"Type": "Fail", "Error": "E"},
        },
    },
    indent=2,
)
YAML = """StartAt: A
States:
  A:
    Type: Pass
    Next: B
  B:
    Type: Wait
    Seconds: x
    End: true
"""
TEMPLATE = """Resources:
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      Definition:
        StartAt: A
        States:
          A: {Type: Pass, End: true}
"""


@pytest.fixture
def collector_keeping_garbage() -> Iterator[None]:
    """The collector runs only when asked, and keeps what it finds in ``gc.garbage``."""
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


@pytest.mark.parametrize(
    ("text", "path"),
    [(JSON, "m.asl.json"), (YAML, "m.asl.yaml"), (TEMPLATE, "template.yaml")],
)
@pytest.mark.usefixtures("collector_keeping_garbage")
def test_documents_and_their_findings_leave_no_cycles(text: str, path: str) -> None:
    lint_document(parse_document(text, path))  # first use: caches and imports settle
    document = parse_document(text, path)
    findings = lint_document(document)
    edited = reparse_document(document, text.replace("Pass", "Succeed", 1), path)
    assert findings or path != "m.asl.json"
    assert lint_document(edited) is not None
    del document, findings, edited
    gc.collect()
    assert not [o for o in gc.garbage if isinstance(o, OURS)]
