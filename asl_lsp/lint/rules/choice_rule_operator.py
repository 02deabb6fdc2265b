"""ASL301 choice-rule-operator: a Choice rule with no comparison operator, or with several."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.fields import field_index
from asl_lsp.lint.locate import first_key_span, pointer_of
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.model.machine import JSONPATH
from asl_lsp.spec.choice_operators import BOOLEAN_OPERATORS, OPERATOR_NAMES

BAD = """{
  "StartAt": "Route",
  "States": {
    "Route": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.count", "NumericGreaterThan": 10, "NumericLessThan": 20, "Next": "Done"}
      ],
      "Default": "Done"
    },
    "Done": {
      "Type": "Succeed"
    }
  }
}
"""

GOOD = """{
  "StartAt": "Route",
  "States": {
    "Route": {
      "Type": "Choice",
      "Choices": [
        {
          "And": [
            {"Variable": "$.count", "NumericGreaterThan": 10},
            {"Variable": "$.count", "NumericLessThan": 20}
          ],
          "Next": "Done"
        }
      ],
      "Default": "Done"
    },
    "Done": {
      "Type": "Succeed"
    }
  }
}
"""

OPERATORS = OPERATOR_NAMES | frozenset(BOOLEAN_OPERATORS)


@register
class ChoiceRuleOperator(Rule):
    code = "ASL301"
    name = "choice-rule-operator"
    per_state = True
    severity = Severity.ERROR
    message = "{detail}"
    doc = RuleDoc(
        summary="A JSONPath Choice rule with no comparison operator, or with more than one",
        why=(
            "Each Choice rule tests exactly one thing: one comparison (with Variable) or one "
            "of And, Or, Not. Two operators in one rule are not combined by AWS, which refuses "
            "the definition; combine them with And."
        ),
        bad=Example(BAD, line=7),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#choice-state",
        findings=(
            Finding(
                "a JSONPath Choice rule with no comparison operator or more than one",
                Severity.ERROR,
                "refuses the definition (SCHEMA_VALIDATION_FAILED)",
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        for state, rule, _top in field_index(ctx).choice_rules:
            if state.query_language != JSONPATH:
                continue
            operators = [m for m in rule.members if m.key.value in OPERATORS]
            if len(operators) == 1:
                continue
            if not operators:
                if "Condition" in rule:
                    continue  # a JSONata rule in a JSONPath state: the jsonata rule says so
                span = first_key_span(rule)
                yield self.report(
                    ctx,
                    span,
                    pointer_of(state, rule),
                    detail="This Choice rule has no comparison operator (and no And, Or or Not)",
                )
                continue
            names = ", ".join(m.key.value for m in operators)
            yield self.report(
                ctx,
                operators[1].key.span,
                pointer_of(state, operators[1].key),
                detail=f"A Choice rule takes exactly one operator, but this one has {names}",
            )
