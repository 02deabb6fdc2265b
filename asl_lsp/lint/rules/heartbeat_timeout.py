"""ASL605 heartbeat-timeout: a heartbeat interval that is not shorter than the task's timeout."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Related, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.fields import field_index
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.syntax.nodes import NumberNode

BAD = """{
  "StartAt": "Approve",
  "States": {
    "Approve": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "TimeoutSeconds": 300,
      "HeartbeatSeconds": 600,
      "End": true
    }
  }
}
"""

GOOD = BAD.replace('"HeartbeatSeconds": 600', '"HeartbeatSeconds": 60')


@register
class HeartbeatTimeout(Rule):
    code = "ASL605"
    name = "heartbeat-timeout"
    per_state = True
    severity = Severity.ERROR
    message = "HeartbeatSeconds ({heartbeat}) must be smaller than TimeoutSeconds ({timeout})"
    doc = RuleDoc(
        summary="HeartbeatSeconds greater than or equal to TimeoutSeconds",
        why=(
            "A heartbeat must arrive more often than the task times out; the spec requires "
            "HeartbeatSeconds to be smaller than TimeoutSeconds and AWS refuses the definition "
            "otherwise."
        ),
        bad=Example(BAD, line=8),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#task-state",
        findings=(
            Finding(
                "HeartbeatSeconds greater than or equal to TimeoutSeconds",
                Severity.ERROR,
                "refuses the definition (SCHEMA_VALIDATION_FAILED)",
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        for state, kind, body, member in field_index(ctx).named("HeartbeatSeconds"):
            if kind != "Task":
                continue
            heartbeat = member.value
            timeout = body.get("TimeoutSeconds")
            if not isinstance(heartbeat, NumberNode) or not isinstance(timeout, NumberNode):
                continue
            if heartbeat.value < timeout.value:
                continue
            yield self.report(
                ctx,
                heartbeat.span,
                (*state.pointer, "HeartbeatSeconds"),
                related=(Related(timeout.span, "TimeoutSeconds is set here"),),
                heartbeat=heartbeat.raw or heartbeat.value,
                timeout=timeout.raw or timeout.value,
            )
