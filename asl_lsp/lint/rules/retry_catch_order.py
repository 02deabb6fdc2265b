"""ASL601 retry-catch-order: ``States.ALL`` shares its retrier or catcher, or is not the last."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Fix, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.edits import move_item_last, structural_fixes_allowed
from asl_lsp.lint.fields import field_index
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.spec.errors import ALL
from asl_lsp.syntax.nodes import ArrayNode, ObjectNode, StringNode

BAD = """{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
      "Retry": [
        {"ErrorEquals": ["States.ALL"], "MaxAttempts": 2},
        {"ErrorEquals": ["States.Timeout"], "MaxAttempts": 5}
      ],
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
      "Retry": [
        {"ErrorEquals": ["States.Timeout"], "MaxAttempts": 5},
        {"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}
      ],
      "End": true
    }
  }
}
"""


@register
class RetryCatchOrder(Rule):
    code = "ASL601"
    name = "retry-catch-order"
    per_state = True
    severity = Severity.ERROR
    message = "{detail}"
    fixable = True
    doc = RuleDoc(
        summary="States.ALL not alone in its ErrorEquals, or not in the last retrier/catcher",
        why=(
            "Retriers and catchers are tried in order and States.ALL matches every error, so "
            "anything after it could never apply. The spec requires States.ALL to appear alone "
            "and in the last retrier or catcher; AWS refuses the definition otherwise."
        ),
        bad=Example(BAD, line=8),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#retrying-after-error",
        findings=(
            Finding(
                "States.ALL not alone in its ErrorEquals or not in the last retrier or catcher",
                Severity.ERROR,
                "refuses the definition (SCHEMA_VALIDATION_FAILED)",
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        found = field_index(ctx)
        for field, noun in (("Retry", "retrier"), ("Catch", "catcher")):
            for state, _kind, _body, member in found.named(field):
                handlers = member.value
                if not isinstance(handlers, ArrayNode):
                    continue
                last = len(handlers.items) - 1
                for index, handler in enumerate(handlers.items):
                    if not isinstance(handler, ObjectNode):
                        continue
                    errors = handler.get("ErrorEquals")
                    if not isinstance(errors, ArrayNode):
                        continue
                    node = next(
                        (n for n in errors.items if isinstance(n, StringNode) and n.value == ALL),
                        None,
                    )
                    if node is None:
                        continue
                    pointer = (*state.pointer, field, index, "ErrorEquals")
                    if len(errors.items) > 1:
                        yield self.report(
                            ctx,
                            node.span,
                            pointer,
                            detail=f"{ALL} must be the only error name in its {noun}",
                        )
                    if index != last:
                        edit = (
                            move_item_last(ctx.text, handlers, index)
                            if structural_fixes_allowed(ctx)
                            else None
                        )
                        fix = (
                            Fix(f"Move the {ALL} {noun} last", (edit,))
                            if edit is not None
                            else None
                        )
                        yield self.report(
                            ctx,
                            node.span,
                            pointer,
                            fix=fix,
                            detail=f"The {noun} with {ALL} must be the last one in {field}",
                        )
