"""ASL603 wait-fields: a Wait state needs exactly one of Seconds, SecondsPath, Timestamp,
TimestampPath, and a literal Timestamp must be an RFC 3339 timestamp."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.fields import field_index
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.lint.values import is_substituted, is_timestamp
from asl_lsp.syntax.nodes import StringNode

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

NOT_ONE_FIELD = Finding(
    "a Wait state with none of Seconds, SecondsPath, Timestamp and TimestampPath, or several",
    Severity.ERROR,
    "refuses the definition (SCHEMA_VALIDATION_FAILED)",
)
BAD_TIMESTAMP = Finding(
    "a Timestamp that is not an RFC 3339 timestamp with an upper-case T and Z "
    "(2024-13-01T00:00:00Z, a date without a time)",
    Severity.ERROR,
    "refuses the definition (SCHEMA_VALIDATION_FAILED: the Timestamp must be a valid "
    "RFC 3339 timestamp)",
)


@register
class WaitFields(Rule):
    code = "ASL603"
    name = "wait-fields"
    per_state = True
    severity = Severity.ERROR
    message = "{detail}"
    doc = RuleDoc(
        summary=(
            "A Wait state without exactly one of Seconds, SecondsPath, Timestamp or …Path, or a "
            "Timestamp that is not RFC 3339"
        ),
        why=(
            "A Wait state waits either for a duration or until a time, given literally or by a "
            "path; AWS refuses a Wait state with none of the four fields or with several, and a "
            "literal Timestamp that is not an RFC 3339 timestamp such as 2024-01-31T12:00:00Z "
            "(upper-case T between date and time, Z or a numeric offset for the zone)."
        ),
        bad=Example(BAD, line=7),
        good=Example(GOOD),
        spec="https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html",
        findings=(NOT_ONE_FIELD, BAD_TIMESTAMP),
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
        for state, body in field_index(ctx).of_type("Wait"):
            timestamp = body.get("Timestamp")
            if not isinstance(timestamp, StringNode) or is_substituted(timestamp):
                continue  # a non-string is the schema's finding; placeholders are resolved later
            value = timestamp.value
            if value.startswith("{%") or is_timestamp(value):
                continue
            yield self.report(
                ctx,
                timestamp.span,
                (*state.pointer, "Timestamp"),
                finding=BAD_TIMESTAMP,
                detail=(
                    f"Timestamp must be an RFC 3339 timestamp such as 2024-01-31T12:00:00Z, "
                    f"but the value is '{value}'"
                ),
            )
