"""ASL603 wait-fields: a Wait state needs exactly one of Seconds, SecondsPath, Timestamp,
TimestampPath."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.fields import field_index
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Rule, RuleDoc

BAD = """{
  "StartAt": "Pause",
  "States": {
    "Pause": {
      "Type": "Wait",
      "Seconds": 10,
      "Timestamp": "2024-01-31T12:00:00Z",
      "End": true
    }
  }
}
"""

GOOD = BAD.replace(',\n      "Timestamp": "2024-01-31T12:00:00Z"', "")

WAIT_FIELDS = ("Seconds", "SecondsPath", "Timestamp", "TimestampPath")


@register
class WaitFields(Rule):
    code = "ASL603"
    name = "wait-fields"
    severity = Severity.ERROR
    message = "{detail}"
    doc = RuleDoc(
        summary="A Wait state without exactly one of Seconds, SecondsPath, Timestamp or …Path",
        why=(
            "A Wait state waits either for a duration or until a time, given literally or by a "
            "path; AWS refuses a Wait state with none of the four fields or with several."
        ),
        bad=Example(BAD, line=7),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#wait-state",
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        for state, body in field_index(ctx).of_type("Wait"):
            present = [m for m in body.members if m.key.value in WAIT_FIELDS]
            if not present:
                yield self.report(
                    ctx,
                    state.key.span,
                    state.pointer,
                    detail=(
                        f"Wait state '{state.name}' needs one of Seconds, SecondsPath, "
                        "Timestamp or TimestampPath"
                    ),
                )
                continue
            for member in present[1:]:
                yield self.report(
                    ctx,
                    member.key.span,
                    (*state.pointer, member.key.value),
                    detail=(
                        f"A Wait state takes exactly one of Seconds, SecondsPath, Timestamp and "
                        f"TimestampPath, but '{present[0].key.value}' is already given"
                    ),
                )
