"""ASL101 unknown-field: a field the state (or object) does not have (schema layer)."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.lint.schema_support import findings_of_kind

BAD = """{
  "StartAt": "Greet",
  "States": {
    "Greet": {
      "Type": "Pass",
      "TimeoutSeconds": 30,
      "End": true
    }
  }
}
"""

GOOD = BAD.replace('      "TimeoutSeconds": 30,\n', "")


@register
class UnknownField(Rule):
    code = "ASL101"
    name = "unknown-field"
    severity = Severity.ERROR
    message = "{detail}"
    doc = RuleDoc(
        summary="A field that is not allowed where it appears ('TimeoutSeconds' in a Pass state)",
        why=(
            "AWS refuses definitions with fields it does not know (SCHEMA_VALIDATION_FAILED). "
            "Most are typos or fields of another state type; the closest valid name is "
            "suggested."
        ),
        bad=Example(BAD, line=6),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#state-type-table",
        findings=(
            Finding(
                "a field that is not allowed where it appears",
                Severity.ERROR,
                "refuses the definition (SCHEMA_VALIDATION_FAILED: 'Field ... is not supported')",
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        base = ctx.definition.source.pointer
        for finding in findings_of_kind(ctx, "unknown-field"):
            yield self.report(ctx, finding.span, (*base, *finding.path), detail=finding.message)
