"""ASL003 external-definition: a template's state machine whose definition is not in the file."""

from __future__ import annotations

from asl_lsp.diagnostic import Severity
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import DocumentedRule, Example, Finding, RuleDoc

BAD = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OrderFlow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/flow
      DefinitionS3Location:
        Bucket: my-bucket
        Key: order-flow.asl.json
"""

GOOD = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OrderFlow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/flow
      Definition:
        StartAt: Done
        States:
          Done:
            Type: Succeed
"""


@register
class ExternalDefinition(DocumentedRule):
    code = "ASL003"
    name = "external-definition"
    severity = Severity.INFO
    message = "{detail}"
    doc = RuleDoc(
        summary="A template's state machine defined in S3 or by a string that cannot be resolved",
        why=(
            "Only definitions written in the template (Definition, or a DefinitionString that "
            "can be resolved locally) can be checked; a definition in S3 is noted so that a "
            "clean result is not mistaken for a checked one. A SAM DefinitionUri naming a local "
            "file is linted in that file."
        ),
        bad=Example(BAD, format="yaml", line=7),
        good=Example(GOOD, format="yaml"),
        spec="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html",
        findings=(
            Finding(
                "a template's state machine defined in S3 or by a string the linter cannot resolve",
                Severity.INFO,
                "deploys it as usual; the finding only says the definition was not checked",
            ),
        ),
    )
