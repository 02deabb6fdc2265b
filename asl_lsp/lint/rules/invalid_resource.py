"""ASL602 invalid-resource: a Task's Resource is not an ARN of a shape Step Functions accepts, or
names an optimized integration or integration pattern that AWS does not offer."""

from __future__ import annotations

import re
from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.fields import field_index
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.lint.values import has_placeholder, is_substituted
from asl_lsp.spec.integrations import OPTIMIZED_DOCS
from asl_lsp.spec.resources import classify_resource
from asl_lsp.syntax.nodes import ArrayNode, Node, ObjectNode, StringNode

BAD = """{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "lambda:charge-card",
      "End": true
    }
  }
}
"""

GOOD = BAD.replace(
    '"lambda:charge-card"', '"arn:aws:lambda:us-east-1:123456789012:function:charge-card"'
)

_PARTITION = r"arn:aws(?:-[a-z]+)*"
# Service integrations: arn:aws:states:::service:action[.sync|.sync:2|.waitForTaskToken]
_INTEGRATION = re.compile(
    _PARTITION
    + r":states:::(?:aws-sdk:[A-Za-z0-9-]+:[A-Za-z0-9]+|[A-Za-z0-9-]+(?::[A-Za-z0-9-]+)*)"
    r"(?:\.sync(?::2)?|\.waitForTaskToken)?\Z"
)
# Lambda functions, activities and other services' ARNs: region and account are not checked
# (published samples use placeholders such as REGION or ACCOUNT_ID there).
_LAMBDA = re.compile(
    _PARTITION + r":lambda:[^:\s]*:[^:\s]*:function:[A-Za-z0-9_-]{1,140}"
    r"(?::(?:\$LATEST|[A-Za-z0-9_-]+))?\Z"
)
_ARN = re.compile(_PARTITION + r":[a-z0-9-]+:[^:\s]*:[^:\s]*:\S+\Z")


NOT_AN_ARN = Finding(
    "a Resource that is not an ARN of a known shape",
    Severity.ERROR,
    "refuses the definition (INVALID_RESOURCE or SCHEMA_VALIDATION_FAILED)",
)
NOT_OFFERED = Finding(
    "arn:aws:states:::service:action naming an optimized integration AWS does not offer, or a "
    "pattern (.sync, .sync:2, .waitForTaskToken) the integration does not support",
    Severity.ERROR,
    "refuses the definition ('The resource provided ... is not recognized'); the message names "
    "the aws-sdk: integration that calls the same API",
)


def integration_problem(value: str) -> str | None:
    """Why AWS refuses an integration ARN (``arn:aws:states:::...``) of a valid shape, or None.

    Placeholders in the partition (``arn:${AWS::Partition}:states:::...``) are resolved by the
    template; a placeholder in the service or action leaves nothing to check.
    """
    if ":states:::" not in value:
        return None
    info = classify_resource(value)
    if info is None or info.kind not in ("integration", "aws-sdk"):
        return None
    return info.problem


def resource_problem(value: str) -> str | None:
    """Why ``value`` is not a Task resource ARN, or None when it has a known shape."""
    if not value.startswith("arn:"):
        return "it is not an ARN (arn:aws:...)"
    if ":states:::" in value:
        if _INTEGRATION.match(value):
            return None
        return "it is not a service integration ARN (arn:aws:states:::service:action)"
    if ":lambda:" in value and ":function:" in value:
        if _LAMBDA.match(value):
            return None
        return (
            "it is not a Lambda function ARN "
            "(arn:aws:lambda:region:account:function:name[:alias or version])"
        )
    if _ARN.match(value):
        return None
    return "the ARN is malformed (arn:partition:service:region:account:resource)"


@register
class InvalidResource(Rule):
    code = "ASL602"
    name = "invalid-resource"
    per_state = True
    severity = Severity.ERROR
    message = "Invalid Task Resource '{resource}': {detail}"
    doc = RuleDoc(
        summary=(
            "A Task Resource that is not an ARN of a known shape, or names an optimized "
            "integration or pattern AWS does not offer (placeholders accepted)"
        ),
        why=(
            "A Task's Resource is a Lambda function or activity ARN, or a service integration "
            "such as arn:aws:states:::dynamodb:putItem or arn:aws:states:::aws-sdk:s3:getObject. "
            "AWS refuses anything else with INVALID_RESOURCE. Optimized integrations cover a "
            "few APIs per service, each with its own patterns: DynamoDB offers getItem, "
            "putItem, updateItem and deleteItem, with no .sync or .waitForTaskToken; any other "
            "API is called through arn:aws:states:::aws-sdk:<service>:<action>. ${...} "
            "substitutions and CloudFormation intrinsics are accepted; only the integration "
            "named around them (arn:${AWS::Partition}:states:::dynamodb:query) is checked."
        ),
        bad=Example(BAD, line=6),
        good=Example(GOOD),
        spec=OPTIMIZED_DOCS,
        findings=(NOT_AN_ARN, NOT_OFFERED),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        index = field_index(ctx)
        # Resources found sound in this run: a definition names the same few many times. One
        # without a placeholder is sound however it is written (a template tag changes nothing).
        sound = index.clean_set("resource")
        for state, kind, _body, member in index.named("Resource"):
            if kind != "Task":
                continue
            node = member.value
            substituted = _sub_template(node)
            if substituted is not None:
                node = substituted  # Fn::Sub: the template fills in the ${...} parts only
            elif not isinstance(node, StringNode):
                continue  # a non-string Resource is the schema's finding
            if node.value in sound:
                continue
            if substituted is not None or is_substituted(node):
                # Only the integration can be checked when a template fills in the partition.
                problem = integration_problem(node.value) if has_placeholder(node.value) else None
                finding = NOT_OFFERED
            else:
                problem = resource_problem(node.value)
                finding = NOT_AN_ARN
                if problem is None:
                    problem = integration_problem(node.value)
                    finding = NOT_OFFERED
                if problem is None:
                    sound.add(node.value)
            if problem is not None:
                yield self.report(
                    ctx,
                    node.span,
                    (*state.pointer, "Resource"),
                    finding=finding,
                    resource=node.value,
                    detail=problem,
                )


def _sub_template(node: Node | None) -> StringNode | None:
    """The template string of a CloudFormation ``Fn::Sub`` (``!Sub``) Resource, else None."""
    if not isinstance(node, ObjectNode) or len(node.members) != 1:
        return None
    member = node.members[0]
    if member.key.value != "Fn::Sub":
        return None
    value = member.value
    if isinstance(value, ArrayNode) and value.items:
        value = value.items[0]
    return value if isinstance(value, StringNode) else None
