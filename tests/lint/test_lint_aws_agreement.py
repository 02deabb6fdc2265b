"""The severity policy against AWS's documented behaviour: no error on what AWS creates, an error
at the value for what it refuses, and placeholders never flagged.

Each test names, in its docstring, the AWS document it follows.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.api import lint_text
from asl_lsp.lint.registry import find_rule
from asl_lsp.spec.integrations import INTEGRATIONS
from tests.lint.aws_agreement_cases import AGREEMENT, EXPECTED
from tests.lint.lint_helpers import spanned
from tests.shared_path import shared_dir


def _lint(states: dict[str, Any], **top: Any) -> tuple[str, list[Diagnostic]]:
    text = json.dumps({**top, "StartAt": next(iter(states)), "States": states}, indent=2)
    return text, lint_text(text)


def _errors(diagnostics: list[Diagnostic]) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in diagnostics if d.severity is Severity.ERROR]


def _task(resource: str) -> dict[str, Any]:
    return {"T": {"Type": "Task", "Resource": resource, "End": True}}


def test_each_item_with_its_severity_at_its_value() -> None:
    """Every item of the policy at once, in text order (the server test uses the same text)."""
    got = [(d.code, d.severity, spanned(AGREEMENT, d)) for d in lint_text(AGREEMENT)]
    assert got == EXPECTED


# --------------------------------------------------------------------------- JSONata surround


@pytest.mark.parametrize("value", ["{%$lowercase($states.input.x)%}", "{% $states.input.x%}"])
def test_jsonata_without_inner_spaces_is_accepted(value: str) -> None:
    """AWS evaluates a string as JSONata when it starts with '{%' and ends with '%}'.

    https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
    """
    _, diagnostics = _lint(
        {"P": {"Type": "Pass", "Output": value, "End": True}}, QueryLanguage="JSONata"
    )
    assert diagnostics == []


def test_jsonata_over_several_lines_is_accepted() -> None:
    """Only the '{%' start and the '%}' end are required.

    https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
    """
    value = "{% $states.input.a\n  + $states.input.b %}"
    _, diagnostics = _lint(
        {"P": {"Type": "Pass", "Output": value, "End": True}}, QueryLanguage="JSONata"
    )
    assert diagnostics == []


@pytest.mark.parametrize("value", [" {% $x %} ", "{% $x %} ", "{% 10 %", "10 %}"])
def test_a_literal_that_looks_like_jsonata_is_a_hint(value: str) -> None:
    """Any other string is a literal, which AWS accepts and passes on as text.

    https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
    """
    _, diagnostics = _lint(
        {"P": {"Type": "Pass", "Output": value, "End": True}}, QueryLanguage="JSONata"
    )
    assert [(d.code, d.severity) for d in diagnostics] == [("ASL501", Severity.HINT)]
    assert diagnostics[0].message.startswith("A literal string, not a JSONata expression")


# --------------------------------------------------------------------------- run-time failures


def test_a_variable_no_assign_sets_is_a_warning() -> None:
    """AWS creates the machine; reading an unassigned variable fails the execution.

    https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
    """
    _, diagnostics = _lint(
        {"P": {"Type": "Pass", "Output": "{% $missing %}", "End": True}}, QueryLanguage="JSONata"
    )
    assert [(d.code, d.severity) for d in diagnostics] == [("ASL502", Severity.WARNING)]


def test_a_jsonpath_variable_no_assign_sets_is_a_warning() -> None:
    """Variables read from JSONPath fields fail the same way, at run time.

    https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
    """
    states = {"F": {"Type": "Fail", "ErrorPath": "$missing", "Cause": "x"}}
    _, diagnostics = _lint(states)
    assert [(d.code, d.severity) for d in diagnostics] == [("ASL502", Severity.WARNING)]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ("$lowercas($states.input.x)", "did you mean '$lowercase'?"),
        ("$eval('1')", "use $parse to read JSON text"),
        ("$nosuchthing()", "is not a JSONata or Step Functions function"),
    ],
)
def test_an_unknown_jsonata_function_is_a_warning(call: str, message: str) -> None:
    """JSONata resolves functions when it evaluates the expression, so AWS creates the machine
    and the execution fails with States.QueryEvaluationError.

    https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
    """
    text, diagnostics = _lint(
        {"P": {"Type": "Pass", "Output": "{% " + call + " %}", "End": True}},
        QueryLanguage="JSONata",
    )
    assert [(d.code, d.severity) for d in diagnostics] == [("ASL501", Severity.WARNING)]
    assert message in diagnostics[0].message
    assert spanned(text, diagnostics[0]) == call.split("(")[0]


def test_functions_defined_in_the_expression_are_known() -> None:
    """https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html"""
    value = "{% ($double := function($v) { $v * 2 }; $double($states.input.n)) %}"
    _, diagnostics = _lint(
        {"P": {"Type": "Pass", "Output": value, "End": True}}, QueryLanguage="JSONata"
    )
    assert diagnostics == []


# --------------------------------------------------------------------------- timestamps


@pytest.mark.parametrize(
    "value", ["2024-13-01T00:00:00Z", "2024-01-31", "2024-01-31 12:00:00Z", "2024-01-31t12:00:00z"]
)
def test_a_wait_timestamp_that_is_not_rfc3339_is_an_error_at_the_value(value: str) -> None:
    """AWS refuses a Wait Timestamp that is not RFC 3339 with an upper-case T and Z.

    https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
    """
    text, diagnostics = _lint({"W": {"Type": "Wait", "Timestamp": value, "End": True}})
    [error] = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert error.code == "ASL603"
    assert spanned(text, error) == json.dumps(value)


@pytest.mark.parametrize(
    "value",
    [
        "2024-01-31T12:00:00Z",
        "2024-01-31T12:00:00.123Z",
        "2024-01-31T12:00:00+02:00",
        "${WakeUpAt}",
        "{% $states.input.at %}",
    ],
)
def test_valid_or_placeholder_wait_timestamps_are_accepted(value: str) -> None:
    """https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html"""
    language = {"QueryLanguage": "JSONata"} if value.startswith("{%") else {}
    _, diagnostics = _lint({"W": {"Type": "Wait", "Timestamp": value, "End": True}}, **language)
    assert _errors(diagnostics) == []


@pytest.mark.parametrize("value", ["2024-01-31T12:00:00Z", "${CutOff}"])
def test_valid_or_placeholder_choice_timestamps_are_accepted(value: str) -> None:
    """https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html"""
    rule = {"Variable": "$.at", "TimestampLessThan": value, "Next": "Done"}
    states = {
        "C": {"Type": "Choice", "Choices": [rule], "Default": "Done"},
        "Done": {"Type": "Succeed"},
    }
    _, diagnostics = _lint(states)
    assert _errors(diagnostics) == []


@pytest.mark.parametrize("value", ["2024-13-01T00:00:00Z", "2024-01-31"])
def test_a_choice_timestamp_operand_that_is_not_rfc3339_is_an_error(value: str) -> None:
    """AWS refuses a Timestamp* comparison whose operand is not an RFC 3339 timestamp.

    https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
    """
    rule = {"Variable": "$.at", "TimestampGreaterThanEquals": value, "Next": "Done"}
    states = {
        "C": {"Type": "Choice", "Choices": [rule], "Default": "Done"},
        "Done": {"Type": "Succeed"},
    }
    text, diagnostics = _lint(states)
    [error] = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert error.code == "ASL302"
    assert spanned(text, error) == json.dumps(value)


# --------------------------------------------------------------------------- integrations


@pytest.mark.parametrize(
    ("resource", "hint"),
    [
        ("arn:aws:states:::dynamodb:query", "arn:aws:states:::aws-sdk:dynamodb:query"),
        ("arn:aws:states:::dynamodb:scan", "arn:aws:states:::aws-sdk:dynamodb:scan"),
        ("arn:aws:states:::events:putRule", "arn:aws:states:::aws-sdk:eventbridge:putRule"),
        ("arn:aws:states:::states:describeExecution", "aws-sdk:sfn:describeExecution"),
        ("arn:aws:states:::s3:deleteObject", "arn:aws:states:::aws-sdk:s3:deleteObject"),
        ("arn:aws-cn:states:::rekognition:detectLabels", "arn:aws-cn:states:::aws-sdk:"),
        ("arn:${AWS::Partition}:states:::dynamodb:query", "aws-sdk:dynamodb:query"),
    ],
)
def test_an_optimized_integration_aws_does_not_offer_is_an_error(resource: str, hint: str) -> None:
    """AWS offers a few optimized APIs per service (DynamoDB: getItem, putItem, updateItem,
    deleteItem) and refuses other names; the aws-sdk integration reaches every API.

    https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
    https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html
    """
    text, diagnostics = _lint(_task(resource))
    [error] = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert error.code == "ASL602"
    assert hint in error.message
    assert spanned(text, error) == json.dumps(resource)


@pytest.mark.parametrize(
    "resource",
    [
        "arn:aws:states:::dynamodb:putItem.sync",
        "arn:aws:states:::dynamodb:getItem.waitForTaskToken",
        "arn:aws:states:::lambda:invoke.sync",
        "arn:aws:states:::sns:publish.sync",
        "arn:aws:states:::athena:getQueryResults.sync",
        "arn:aws:states:::glue:startJobRun.waitForTaskToken",
        "arn:aws:states:::ecs:runTask.sync:2",
        "arn:aws:states:::aws-sdk:s3:getObject.sync",
        "arn:aws:states:::http:invoke.waitForTaskToken",
    ],
)
def test_an_integration_pattern_aws_does_not_support_is_an_error(resource: str) -> None:
    """Each optimized integration supports its own patterns; AWS SDK integrations never .sync.

    https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
    """
    _, diagnostics = _lint(_task(resource))
    assert [d.code for d in diagnostics if d.severity is Severity.ERROR] == ["ASL602"]


@pytest.mark.parametrize(
    "resource",
    sorted(
        {arn for i in INTEGRATIONS for arn in i.arns()}
        | {
            "arn:aws:states:::aws-sdk:dynamodb:query",
            "arn:aws:states:::aws-sdk:sfn:startSyncExecution",
            "arn:aws:states:::aws-sdk:ecs:runTask.waitForTaskToken",
            "arn:aws-us-gov:states:::lambda:invoke",
            "arn:aws:lambda:us-east-1:123456789012:function:charge:live",
            "arn:aws:states:us-east-1:123456789012:activity:review",
            "${ChargeFunctionArn}",
            "arn:${AWS::Partition}:states:::lambda:invoke",
            "arn:aws:states:::${Service}:${Action}",
            "arn:aws:states:::dynamodb:${Action}",
        }
    ),
)
def test_every_offered_integration_and_placeholder_is_accepted(resource: str) -> None:
    """https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html"""
    _, diagnostics = _lint(_task(resource))
    assert _errors(diagnostics) == []


def test_a_cloudformation_intrinsic_resource_is_accepted() -> None:
    """Templates resolve Fn::GetAtt / Fn::Sub before AWS sees the definition.

    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html
    """
    template = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Flow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/flow
      Definition:
        StartAt: Call
        States:
          Call:
            Type: Task
            Resource: !GetAtt Charge.Arn
            Next: Query
          Query:
            Type: Task
            Resource: !Sub arn:${AWS::Partition}:states:::dynamodb:getItem
            End: true
"""
    assert _errors(lint_text(template, "template.yaml")) == []
    refused = template.replace("dynamodb:getItem", "dynamodb:query")
    [error] = _errors(lint_text(refused, "template.yaml"))
    assert error[0] == "ASL602" and "aws-sdk:dynamodb:query" in error[1]
    variables = template.replace(
        "!Sub arn:${AWS::Partition}:states:::dynamodb:getItem",
        '!Sub ["arn:${AWS::Partition}:states:::${Service}:getItem", {Service: dynamodb}]',
    )
    assert _errors(lint_text(variables, "template.yaml")) == []


# --------------------------------------------------------------------------- Map Label


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("", "ASL607"),
        ("x" * 41, "ASL103"),
        ("resize images", "ASL607"),
        ("resize:images", "ASL607"),
        ("resize$images", "ASL607"),
        ("tab\there", "ASL607"),
    ],
)
def test_a_map_label_aws_refuses_is_an_error_at_the_value(label: str, code: str) -> None:
    """A Label is at most 40 characters, and neither empty nor holding whitespace, brackets,
    wildcards, control characters or special characters (INVALID_LABEL_NAME).

    https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
    """
    text, diagnostics = _lint({"M": _map(label)})
    [error] = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert error.code == code
    assert spanned(text, error) == json.dumps(label)


@pytest.mark.parametrize("label", ["x" * 40, "resize-images_v2.1", "${MapLabel}"])
def test_valid_or_placeholder_map_labels_are_accepted(label: str) -> None:
    """https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html"""
    _, diagnostics = _lint({"M": _map(label)})
    assert _errors(diagnostics) == []


def test_a_label_used_by_two_map_states_is_an_error() -> None:
    """AWS refuses repeated labels (DUPLICATE_LABEL_NAME).

    https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
    """
    first, second = _map("resize", "Work A"), _map("resize", "Work B")
    first = {**first, "Next": "N"}
    del first["End"]
    _, diagnostics = _lint({"M": first, "N": second})
    [error] = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert error.code == "ASL607" and "already used" in error.message
    assert error.related


def _map(label: str, inner: str = "Work") -> dict[str, Any]:
    return {
        "Type": "Map",
        "Label": label,
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
            "StartAt": inner,
            "States": {inner: {"Type": "Pass", "End": True}},
        },
        "End": True,
    }


# --------------------------------------------------------------------------- the policy itself


def _corpus_texts() -> list[tuple[str, str]]:
    root = shared_dir() / "corpus"
    out = []
    for line in (root / "manifest.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            path = root / json.loads(line)["path"]
            out.append((str(path), path.read_text("utf-8")))
    return out


def test_every_reported_severity_is_a_documented_finding() -> None:
    """Over the whole corpus, each finding's severity is one its rule documents.

    https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html
    """
    seen: set[tuple[str, Severity]] = set()
    for path, text in _corpus_texts():
        for diagnostic in lint_text(text, path):
            seen.add((diagnostic.code, diagnostic.severity))
    for code, severity in seen:
        rule = find_rule(code)
        assert rule is not None, code
        documented = {rule.severity, *(f.severity for f in rule.doc.findings)}
        assert severity in documented, (code, severity)
