"""ASL303 choice-rule-next: a top-level Choice rule without Next, or a nested rule with one."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.fields import field_index
from asl_lsp.lint.locate import first_key_span, pointer_of
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc

BAD = """{
  "StartAt": "Route",
  "States": {
    "Route": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.ok", "BooleanEquals": true}
      ],
      "Default": "Done"
    },
    "Done": {
      "Type": "Succeed"
    }
  }
}
"""

GOOD = BAD.replace('"BooleanEquals": true}', '"BooleanEquals": true, "Next": "Done"}')


@register
class ChoiceRuleNext(Rule):
    code = "ASL303"
    name = "choice-rule-next"
    per_state = True
    severity = Severity.ERROR
    message = "{detail}"
    doc = RuleDoc(
        summary="A top-level Choice rule without Next, or a rule nested in And/Or/Not with Next",
        why=(
            "Only the rules directly in Choices transition: each needs a Next. Rules inside "
            "And, Or and Not are parts of a condition, and a Next (or Assign) there is refused."
        ),
        bad=Example(BAD, line=7),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#choice-state",
        findings=(
            Finding(
                "a top-level Choice rule without Next, or a nested rule with Next",
                Severity.ERROR,
                "refuses the definition (SCHEMA_VALIDATION_FAILED)",
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        for state, rule, top in field_index(ctx).choice_rules:
            if top:
                if "Next" not in rule:
                    yield self.report(
                        ctx,
                        first_key_span(rule),
                        pointer_of(state, rule),
                        detail='This Choice rule has no "Next"',
                    )
                continue
            for field in ("Next", "Assign"):
                member = rule.member(field)
                if member is not None:
                    yield self.report(
                        ctx,
                        member.key.span,
                        pointer_of(state, member.key),
                        detail=f'A rule nested in And, Or or Not cannot have "{field}"',
                    )
