"""ASL604 exclusive-fields: a field and its alternative given together (X and XPath, ...)."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.fields import field_index
from asl_lsp.lint.locate import pointer_of
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.model.machine import State
from asl_lsp.spec.exclusive_fields import MAP_PAIRS, NESTED_PAIRS, STATE_PAIRS
from asl_lsp.syntax.nodes import ObjectNode

BAD = """{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "TimeoutSeconds": 60,
      "TimeoutSecondsPath": "$.timeout",
      "End": true
    }
  }
}
"""

GOOD = BAD.replace('      "TimeoutSecondsPath": "$.timeout",\n', "")


@register
class ExclusiveFields(Rule):
    code = "ASL604"
    name = "exclusive-fields"
    per_state = True
    severity = Severity.ERROR
    message = "'{first}' and '{second}' cannot both be given"
    doc = RuleDoc(
        summary=(
            "Two alternatives given together: TimeoutSeconds/…Path, HeartbeatSeconds/…Path, "
            "Error/ErrorPath, Cause/CausePath, MaxConcurrency/…Path, tolerated failures, "
            "Items/ItemsPath, ItemSelector/Parameters, ItemProcessor/Iterator"
        ),
        why=(
            "Each pair sets one thing in two ways (a literal, or a path read at run time, or a "
            "deprecated and a current name); AWS refuses a state with both."
        ),
        bad=Example(BAD, line=8),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#task-state",
        findings=(
            Finding(
                "two alternative fields given together",
                Severity.ERROR,
                "refuses the definition (SCHEMA_VALIDATION_FAILED: fields are mutually exclusive)",
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        index = field_index(ctx)
        for left, right in STATE_PAIRS:
            for state, _kind, body, _member in index.named(right):
                yield from self._pairs(ctx, state, body, ((left, right),))
        for state, body in index.of_type("Map"):
            yield from self._pairs(ctx, state, body, MAP_PAIRS)
            for steps, pair in NESTED_PAIRS:
                holder: object = body
                for step in steps:
                    holder = holder.get(step) if isinstance(holder, ObjectNode) else None
                if isinstance(holder, ObjectNode):
                    yield from self._pairs(ctx, state, holder, (pair,))

    def _pairs(
        self,
        ctx: LintContext,
        state: State,
        body: ObjectNode,
        pairs: tuple[tuple[str, str], ...],
    ) -> Iterable[Diagnostic]:
        for left, right in pairs:
            a = body.member(left)
            if a is None:
                continue
            b = body.member(right)
            if b is None:
                continue
            first, second = (a, b) if a.key.start < b.key.start else (b, a)
            yield self.report(
                ctx,
                second.key.span,
                pointer_of(state, second.key),
                first=first.key.value,
                second=second.key.value,
            )
