"""ASL102 missing-field: a required field is absent (schema layer)."""

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
      "End": true
    }
  }
}
"""

GOOD = """{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
      "End": true
    }
  }
}
"""


@register
class MissingField(Rule):
    code = "ASL102"
    name = "missing-field"
    severity = Severity.ERROR
    message = "{detail}"
    doc = RuleDoc(
        summary="A required field is missing (a Task's Resource, a Choice's Choices, StartAt, ...)",
        why="AWS refuses definitions that lack a required field (SCHEMA_VALIDATION_FAILED).",
        bad=Example(BAD, line=4),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#state-type-table",
        findings=(
            Finding(
                "a required field that is missing",
                Severity.ERROR,
                "refuses the definition (SCHEMA_VALIDATION_FAILED: 'These fields are required')",
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        base = ctx.definition.source.pointer
        for finding in findings_of_kind(ctx, "missing-field"):
            yield self.report(ctx, finding.span, (*base, *finding.path), detail=finding.message)
