"""Paths, payload templates, intrinsics, JSONata and Choice operands; placeholders never error."""

from __future__ import annotations

import json

from asl_lsp.diagnostic import Severity
from asl_lsp.lint.api import lint_text
from tests.lint.lint_helpers import codes, findings, lint, spanned


def machine(states: dict[str, object], language: str | None = None) -> str:
    top: dict[str, object] = {"StartAt": next(iter(states)), "States": states}
    if language:
        top = {"QueryLanguage": language, **top}
    return json.dumps(top, indent=2)


def test_path_error_span_points_into_the_string() -> None:
    text = machine({"A": {"Type": "Pass", "OutputPath": "$.a[0", "End": True}})
    [finding] = findings(text, "ASL401")
    assert spanned(text, finding) in ("[", "[0")
    assert finding.path == "/States/A/OutputPath"


def test_reference_paths() -> None:
    text = machine(
        {
            "A": {
                "Type": "Map",
                "ItemsPath": "$$.Execution.Input.items",
                "ResultPath": "$$.x",
                "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}},
                "Next": "F",
            },
            "F": {"Type": "Fail", "ErrorPath": "$$.State.Name", "CausePath": "$.causes[*]"},
        }
    )
    found = findings(text, "ASL402")
    assert sorted(spanned(text, f) for f in found) == ["$$", "[*]"]


def test_payload_template_checks() -> None:
    text = machine(
        {
            "A": {
                "Type": "Pass",
                "Parameters": {
                    "literal.$": "hello",
                    "id": "$.id",
                    "name": "x",
                    "name.$": "$.name",
                    "static": {"Next": "$.not-a-transition-but-a-path"},
                },
                "End": True,
            }
        }
    )
    found = findings(text, "ASL403")
    messages = {spanned(text, f): f for f in found}
    assert messages['"hello"'].severity is Severity.ERROR
    assert messages['"$.id"'].severity is Severity.WARNING
    assert messages['"$.id"'].fix is not None
    assert messages['"$.id"'].fix.title == "Add '.$' to key 'id'"
    assert "both produce the field 'name'" in messages['"name.$"'].message
    assert '"$.not-a-transition-but-a-path"' in messages  # nested objects are templates too


def test_result_is_static_data() -> None:
    text = machine({"A": {"Type": "Pass", "Result": {"id": "$.id", "x.$": "oops"}, "End": True}})
    assert codes(text) == []


def test_intrinsics() -> None:
    text = machine(
        {
            "A": {
                "Type": "Pass",
                "Parameters": {
                    "a.$": "States.Nope(1)",
                    "b.$": "States.Format('{}', $.x)",
                },
                "Next": "F",
            },
            "F": {"Type": "Fail", "ErrorPath": "States.ArrayLength($.a)"},
        }
    )
    found = findings(text, "ASL404")
    assert len(found) == 2
    assert any("does not return a string" in f.message for f in found)


def test_jsonata_field_mixing_messages() -> None:
    text = machine({"A": {"Type": "Pass", "Output": {"x": 1}, "End": True}})
    [finding] = findings(text, "ASL501")
    assert finding.message == (
        "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the "
        "'JSONata' QueryLanguage"
    )
    assert spanned(text, finding) == '"Output"'
    text = machine({"A": {"Type": "Pass", "InputPath": "$.x", "End": True}}, "JSONata")
    [finding] = findings(text, "ASL501")
    assert "field 'InputPath' is only supported for the 'JSONPath'" in finding.message


def test_jsonpath_fields_of_a_jsonata_state_in_a_jsonpath_machine() -> None:
    # The machine is JSONPath; the state's own QueryLanguage makes it (and only it) JSONata.
    text = machine(
        {
            "A": {"Type": "Pass", "InputPath": "$.x", "Next": "B"},
            "B": {"Type": "Pass", "QueryLanguage": "JSONata", "InputPath": "$.x", "End": True},
        }
    )
    [finding] = findings(text, "ASL501")
    assert "field 'InputPath' is only supported for the 'JSONPath'" in finding.message
    assert finding.span.start > text.index('"B"')


def test_jsonata_language_choices() -> None:
    text = machine(
        {
            "A": {"Type": "Pass", "QueryLanguage": "JSONPath", "Next": "M"},
            "M": {
                "Type": "Map",
                "ItemProcessor": {
                    "QueryLanguage": "JSONata",
                    "StartAt": "B",
                    "States": {"B": {"Type": "Succeed"}},
                },
                "End": True,
            },
        },
        "JSONata",
    )
    found = findings(text, "ASL501")
    assert sorted(spanned(text, f) for f in found) == ['"JSONPath"', '"QueryLanguage"']


def test_states_result_and_error_output() -> None:
    text = machine(
        {
            "A": {"Type": "Pass", "Output": "{% $states.result %}", "Next": "T"},
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": "{% $states.result %}",
                "Output": "{% $states.result.Payload %}",
                "Catch": [
                    {
                        "ErrorEquals": ["States.ALL"],
                        "Output": "{% $states.errorOutput %}",
                        "Next": "F",
                    }
                ],
                "End": True,
            },
            "F": {"Type": "Fail"},
        },
        "JSONata",
    )
    found = findings(text, "ASL501")
    assert sorted(f.path for f in found) == ["/States/A/Output", "/States/T/Arguments"]
    assert all(spanned(text, f) == "$states.result" for f in found)


def test_jsonata_parse_error_points_into_the_expression() -> None:
    text = machine({"A": {"Type": "Pass", "Output": "{% 1 + %}", "End": True}}, "JSONata")
    [finding] = findings(text, "ASL501")
    assert finding.message.startswith("Invalid JSONata expression")
    assert finding.span.start > text.index('"{% 1 + %}"')


def test_choice_rules() -> None:
    text = machine(
        {
            "A": {
                "Type": "Choice",
                "Choices": [
                    {"And": [{"Variable": "$.a", "IsPresent": True, "Next": "B"}], "Next": "B"},
                    {"Variable": "$.t", "TimestampEquals": "2024-01-31 12:00", "Next": "B"},
                    {"Variable": "$.s", "StringMatches": "log-\\d*", "Next": "B"},
                    {"Variable": "$.n", "Next": "B"},
                    {"Variable": "$.s", "StringMatches": "log-\\\\*.txt", "Next": "B"},
                ],
                "Default": "B",
            },
            "B": {"Type": "Succeed"},
        }
    )
    assert len(findings(text, "ASL303")) == 1
    assert len(findings(text, "ASL302")) == 2
    assert len(findings(text, "ASL301")) == 1


def test_placeholders_and_intrinsic_objects_are_accepted() -> None:
    text = machine(
        {
            "A": {
                "Type": "Task",
                "Resource": "${ProcessFunctionArn}",
                "Next": "B",
                "TimeoutSeconds": 30,
            },
            "B": {"Type": "Task", "Resource": {"Fn::GetAtt": ["Fn", "Arn"]}, "Next": "C"},
            "C": {
                "Type": "Task",
                "Resource": "arn:${AWS::Partition}:states:::sqs:sendMessage",
                "Parameters": {"QueueUrl": "${QueueUrl}", "MessageBody.$": "$"},
                "Next": "D",
            },
            "D": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.n", "NumericGreaterThan": "${Threshold}", "Next": "E"}],
                "Default": "E",
            },
            "E": {"Type": "Succeed"},
        }
    )
    errors = [d for d in lint(text)[1] if d.severity is Severity.ERROR]
    assert errors == [], [(d.code, d.message) for d in errors]


def test_sam_template_with_tags_and_substitutions() -> None:
    template = """AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionSubstitutions:
        FnArn: !GetAtt Fn.Arn
      Definition:
        StartAt: Call
        States:
          Call:
            Type: Task
            Resource: !GetAtt Fn.Arn
            Next: Notify
          Notify:
            Type: Task
            Resource: ${FnArn}
            Next: Missing
"""
    diagnostics = lint_text(template, "template.yaml")
    errors = [(d.code, d.message) for d in diagnostics if d.severity is Severity.ERROR]
    assert [code for code, _ in errors] == ["ASL201"], errors


def test_bad_resources() -> None:
    text = machine(
        {
            "A": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Next": "B",
            },
            "B": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f:",
                "Next": "C",
            },
            "C": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject", "Next": "D"},
            "D": {"Type": "Task", "Resource": "arn:aws:states:::", "End": True},
        }
    )
    assert [f.path for f in findings(text, "ASL602")] == [
        "/States/B/Resource",
        "/States/D/Resource",
    ]


def test_exclusive_wait_and_heartbeat() -> None:
    text = machine(
        {
            "W": {"Type": "Wait", "Next": "F"},
            "F": {
                "Type": "Fail",
                "Error": "E",
                "ErrorPath": "$.e",
                "Cause": "c",
                "CausePath": "$.c",
            },
        }
    )
    assert len(findings(text, "ASL603")) == 1
    assert sorted(spanned(text, f) for f in findings(text, "ASL604")) == [
        '"CausePath"',
        '"ErrorPath"',
    ]
    text = machine(
        {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "TimeoutSeconds": 10,
                "HeartbeatSeconds": 10,
                "End": True,
            }
        }
    )
    [finding] = findings(text, "ASL605")
    assert spanned(text, finding) == "10" and finding.related


def test_retry_catch_order() -> None:
    text = machine(
        {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Catch": [{"ErrorEquals": ["States.ALL", "X"], "Next": "F"}],
                "End": True,
            },
            "F": {"Type": "Fail"},
        }
    )
    [finding] = findings(text, "ASL601")
    assert "must be the only error name" in finding.message
