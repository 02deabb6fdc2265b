"""State machines inside CloudFormation/SAM templates, with spans in template coordinates."""

from __future__ import annotations

import json

from asl_lsp.syntax.document import parse_source
from asl_lsp.syntax.nodes import ObjectNode, Span, StringNode

DEFINITION = {
    "StartAt": "Hello",
    "States": {
        "Hello": {"Type": "Task", "Resource": "${HelloFunctionArn}", "Next": "World"},
        "World": {"Type": "Pass", "End": True},
    },
}


def _state_next(doc_root: ObjectNode, state: str) -> StringNode:
    states = doc_root.get("States")
    assert isinstance(states, ObjectNode)
    node = states.get(state)
    assert isinstance(node, ObjectNode)
    nxt = node.get("Next")
    assert isinstance(nxt, StringNode)
    return nxt


def _text_at(text: str, span: Span) -> str:
    return text[span.start : span.end]


def test_yaml_template_with_definition_object() -> None:
    text = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  HelloFunction:
    Type: AWS::Serverless::Function
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionSubstitutions:
        HelloFunctionArn: !GetAtt HelloFunction.Arn
      Definition:
        StartAt: Hello
        States:
          Hello:
            Type: Task
            Resource: ${HelloFunctionArn}
            Next: World
          World: {Type: Pass, End: true}
"""
    doc = parse_source(text, "template.yaml")
    assert doc.kind == "template" and doc.format == "yaml"
    assert doc.diagnostics == ()
    (definition,) = doc.definitions
    assert definition.name == "Machine"
    assert definition.pointer == ("Resources", "Machine", "Properties", "Definition")
    assert definition.placeholders
    assert definition.substitutions == ("HelloFunctionArn",)
    assert definition.value() == DEFINITION
    nxt = _state_next(definition.root, "Hello")
    assert _text_at(text, nxt.span) == "World"
    assert doc.lines.one_based(nxt.span.start) == (17, 19)


def test_json_template_definition_string_plain_with_escapes() -> None:
    embedded = json.dumps(DEFINITION, indent=2, ensure_ascii=False).replace('"Pass"', '"Pass"')
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Machine": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {"DefinitionString": embedded, "RoleArn": "arn"},
            }
        },
    }
    text = json.dumps(template, indent=2)
    doc = parse_source(text, "stack.json")
    assert doc.kind == "template" and doc.format == "json"
    (definition,) = doc.definitions
    assert definition.pointer == ("Resources", "Machine", "Properties", "DefinitionString")
    assert definition.value() == DEFINITION
    # The embedded text was escaped (\n, \"): a span still lands on the template's own text.
    nxt = _state_next(definition.root, "Hello")
    assert _text_at(text, nxt.span) == '\\"World\\"'
    states = definition.root.get("States")
    assert isinstance(states, ObjectNode)
    world = states.member("World")
    assert world is not None
    assert _text_at(text, world.key.span) == '\\"World\\"'
    assert doc.diagnostics == ()


def test_embedded_syntax_error_points_into_the_template() -> None:
    text = """\
Resources:
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: |
        {
          "StartAt": "A",
          "States": {
            "A": {"Type": "Pass", "End": true}
            "B": {"Type": "Succeed"}
          }
        }
"""
    doc = parse_source(text, "t.yaml")
    (definition,) = doc.definitions
    assert set(definition.root.get("States").keys()) == {"A", "B"}  # type: ignore[union-attr]
    (diagnostic,) = doc.diagnostics
    assert diagnostic.message == "expected ',' or '}' after property 'A'"
    assert _text_at(text, diagnostic.span) == '"B"'
    assert doc.lines.one_based(diagnostic.span.start) == (10, 13)


def test_fn_sub_string_and_variables_yaml_and_json() -> None:
    embedded = (
        '{"StartAt": "Hello", "States": {"Hello": {"Type": "Task", "Resource": "${Fn}", '
        '"Next": "World"}, "World": {"Type": "Pass", "End": true}}}'
    )
    yaml_text = f"""\
Resources:
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: !Sub
        - |
          {embedded}
        - Fn: !GetAtt HelloFunction.Arn
"""
    doc = parse_source(yaml_text, "t.yml")
    assert doc.diagnostics == ()
    (definition,) = doc.definitions
    assert definition.substitutions == ("Fn",)
    nxt = _state_next(definition.root, "Hello")
    assert _text_at(yaml_text, nxt.span) == '"World"'

    json_text = json.dumps(
        {
            "Resources": {
                "Machine": {
                    "Type": "AWS::StepFunctions::StateMachine",
                    "Properties": {"DefinitionString": {"Fn::Sub": json.dumps(DEFINITION)}},
                }
            }
        }
    )
    doc = parse_source(json_text, "t.json")
    (definition,) = doc.definitions
    assert definition.value() == DEFINITION
    assert _text_at(json_text, _state_next(definition.root, "Hello").span) == '\\"World\\"'


def test_fn_join_parts_and_placeholders() -> None:
    text = """\
Resources:
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: !Join
        - ""
        - - '{"StartAt": "Hello", "States": {"Hello": {"Type": "Task", "Resource": "'
          - !GetAtt HelloFunction.Arn
          - '", "Next": "World"}, "World": {"Type": "Pass", "End": true}}}'
"""
    doc = parse_source(text, "t.yaml")
    assert doc.diagnostics == ()
    (definition,) = doc.definitions
    value = definition.value()
    assert isinstance(value, dict)
    assert value["States"]["Hello"]["Resource"] == "${GetAtt:HelloFunction.Arn}"
    assert definition.placeholders
    assert _text_at(text, _state_next(definition.root, "Hello").span) == '"World"'


def test_s3_locations_and_definition_uri() -> None:
    text = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  InS3:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionS3Location: {Bucket: b, Key: k.json}
  SamLocal:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: statemachine/flow.asl.json
  SamS3:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: s3://bucket/flow.asl.json
  SamS3Object:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: {Bucket: b, Key: k}
"""
    doc = parse_source(text, "/repo/app/template.yaml")
    assert doc.kind == "template"
    notes = [(d.code, d.rule, d.severity.value, d.message) for d in doc.diagnostics]
    assert notes == [
        (
            "ASL003",
            "external-definition",
            "info",
            "definition of 'InS3' is in S3 (DefinitionS3Location) and is not linted locally",
        ),
        (
            "ASL003",
            "external-definition",
            "info",
            "definition of 'SamS3' is in S3 (DefinitionUri) and is not linted locally",
        ),
        (
            "ASL003",
            "external-definition",
            "info",
            "definition of 'SamS3Object' is in S3 (DefinitionUri) and is not linted locally",
        ),
    ]
    assert _text_at(text, doc.diagnostics[0].span) == "DefinitionS3Location"
    (local,) = doc.definitions
    assert local.name == "SamLocal"
    assert local.external_path == "/repo/app/statemachine/flow.asl.json"
    assert doc.local_definitions == ()


def test_unresolvable_definition_string_is_noted() -> None:
    text = """\
Resources:
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: !GetAtt Other.Definition
"""
    doc = parse_source(text, "t.yaml")
    assert doc.definitions == ()
    assert [d.message for d in doc.diagnostics] == [
        "definition of 'Machine' is built with Fn::GetAtt and is not linted"
    ]


def test_template_without_state_machines() -> None:
    text = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
    doc = parse_source(text, "t.yaml")
    assert doc.kind == "template"
    assert doc.definitions == () and doc.diagnostics == ()


def test_several_state_machines_in_order() -> None:
    resources = {
        f"M{i}": {
            "Type": "AWS::StepFunctions::StateMachine",
            "Properties": {"Definition": DEFINITION},
        }
        for i in range(3)
    }
    text = json.dumps({"Resources": resources}, indent=1)
    doc = parse_source(text, "t.json")
    assert [d.name for d in doc.definitions] == ["M0", "M1", "M2"]
    spans = [d.root.span for d in doc.definitions]
    assert spans == sorted(spans, key=lambda s: s.start)


def test_json_template_fn_join_with_newline_delimiter() -> None:
    lines = [
        "{",
        '  "StartAt": "Hello",',
        '  "States": {',
        '    "Hello": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",',
        '              "Next": "World"},',
        '    "World": {"Type": "Pass", "End": true}',
        "  }",
        "}",
    ]
    template = {
        "Resources": {
            "Machine": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {"DefinitionString": {"Fn::Join": ["\n", lines]}},
            }
        }
    }
    text = json.dumps(template, indent=2)
    doc = parse_source(text, "stack.template")
    assert doc.format == "json" and doc.kind == "template"
    (definition,) = doc.definitions
    value = definition.value()
    assert isinstance(value, dict)
    assert value["States"]["Hello"]["Next"] == "World"
    assert _text_at(text, _state_next(definition.root, "Hello").span) == '\\"World\\"'
    states = definition.root.get("States")
    assert isinstance(states, ObjectNode)
    assert _text_at(text, states.span).startswith("{")


def test_broken_definition_string_and_odd_properties() -> None:
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Empty": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {"DefinitionString": ""},
            },
            "NoProps": {"Type": "AWS::StepFunctions::StateMachine"},
            "NotObject": {"Type": "AWS::StepFunctions::StateMachine", "Properties": []},
            "SubObject": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {"DefinitionString": {"Fn::Sub": {"x": 1}}},
            },
            "Weird": "not a resource",
        },
    }
    text = json.dumps(template)
    doc = parse_source(text, "t.json")
    assert doc.kind == "template" and doc.definitions == ()
    messages = [d.message for d in doc.diagnostics]
    assert messages == [
        "expected a JSON value",
        "definition of 'SubObject' uses Fn::Sub without a literal string and is not linted",
    ]
    empty_string = text.index('""')
    assert doc.diagnostics[0].span == Span(empty_string, empty_string)
