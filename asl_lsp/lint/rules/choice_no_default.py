"""ASL304 choice-no-default: a Choice state without Default fails when no rule matches."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.fields import field_index
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc

BAD = """{
  "StartAt": "Route",
  "States": {
    "Route": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.ok", "BooleanEquals": true, "Next": "Done"}
      ]
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
        {"Variable": "$.ok", "BooleanEquals": true, "Next": "Done"}
      ],
      "Default": "Rejected"
    },
    "Done": {
      "Type": "Succeed"
    },
    "Rejected": {
      "Type": "Fail",
      "Error": "NotOk"
    }
  }
}
"""


@register
class ChoiceNoDefault(Rule):
    code = "ASL304"
    name = "choice-no-default"
    per_state = True
    severity = Severity.HINT
    message = (
        "Choice state '{state}' has no \"Default\": States.NoChoiceMatched fails the execution "
        "when no rule matches"
    )
    doc = RuleDoc(
        summary="A Choice state without Default",
        why=(
            "When no rule matches and there is no Default, the execution fails with "
            "States.NoChoiceMatched. That may be intended, but a Default (even to a Fail state "
            "with a clear error) makes the intent explicit."
        ),
        bad=Example(BAD, line=4),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#choice-state",
        findings=(
            Finding(
                "a Choice state without Default",
                Severity.HINT,
                (
                    "creates and runs the state machine; an input that no rule matches fails the "
                    "execution with States.NoChoiceMatched, which is often what the rules intend"
                ),
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        for state, body in field_index(ctx).of_type("Choice"):
            if "Default" not in body:
                yield self.report(ctx, state.key.span, state.pointer, state=state.name)
