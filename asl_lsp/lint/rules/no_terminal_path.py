"""ASL206 no-terminal-path: from this state no path ever reaches the end of its scope."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.flow import stuck_states
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc

BAD = """{
  "StartAt": "Poll",
  "States": {
    "Poll": {
      "Type": "Wait",
      "Seconds": 10,
      "Next": "Check"
    },
    "Check": {
      "Type": "Pass",
      "Next": "Poll"
    }
  }
}
"""

GOOD = """{
  "StartAt": "Poll",
  "States": {
    "Poll": {
      "Type": "Wait",
      "Seconds": 10,
      "Next": "Check"
    },
    "Check": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.done", "BooleanEquals": true, "Next": "Done"}
      ],
      "Default": "Poll"
    },
    "Done": {
      "Type": "Succeed"
    }
  }
}
"""


@register
class NoTerminalPath(Rule):
    code = "ASL206"
    name = "no-terminal-path"
    severity = Severity.ERROR
    message = "No path from state '{state}' reaches a terminal state: the execution loops forever"
    doc = RuleDoc(
        summary="States from which no Succeed, Fail or End: true can be reached (an endless loop)",
        why=(
            "An execution entering such a loop never finishes on its own: it runs until the "
            "machine's TimeoutSeconds or the one-year limit, and is billed for every transition. "
            "A loop needs an exit, usually a Choice rule."
        ),
        bad=Example(BAD, line=4),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#terminal-state",
        findings=(
            Finding(
                "states from which no Succeed, Fail or End: true can be reached",
                Severity.ERROR,
                "refuses the definition (MISSING_END_STATE)",
            ),
        ),
    )

    per_scope = True

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        for scope in ctx.local_scopes():
            for state in stuck_states(scope):
                yield self.report(ctx, state.key.span, state.pointer, state=state.name)
