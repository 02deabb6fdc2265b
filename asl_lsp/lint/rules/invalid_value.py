"""ASL103 invalid-value: a field's value has the wrong type or is out of range (schema layer)."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.lint.schema_support import findings_of_kind

BAD = """{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
      "Retry": [
        {"ErrorEquals": ["States.Timeout"], "BackoffRate": 0.5}
      ],
      "End": true
    }
  }
}
"""

GOOD = BAD.replace('"BackoffRate": 0.5', '"BackoffRate": 2.0')


@register
class InvalidValue(Rule):
    code = "ASL103"
    name = "invalid-value"
    severity = Severity.ERROR
    message = "{detail}"
    doc = RuleDoc(
        summary="A value of the wrong type or out of range ('BackoffRate must be >= 1.0')",
        why=(
            "AWS checks types, ranges and enumerations of every field when the definition is "
            "created (SCHEMA_VALIDATION_FAILED): a wrong Type, a negative TimeoutSeconds, an "
            "empty ErrorEquals."
        ),
        bad=Example(BAD, line=8),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#state-type-table",
        findings=(
            Finding(
                "a value of the wrong type, out of range or not one of the allowed values",
                Severity.ERROR,
                "refuses the definition (SCHEMA_VALIDATION_FAILED)",
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        base = ctx.definition.source.pointer
        for finding in findings_of_kind(ctx, "invalid-value"):
            yield self.report(ctx, finding.span, (*base, *finding.path), detail=finding.message)
