"""ASL404 invalid-intrinsic: an intrinsic function call AWS would refuse."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.expr.intrinsics import (
    IntrinsicSyntaxError,
    check_intrinsic,
    is_intrinsic_like,
    parse_intrinsic,
)
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.fields import INTRINSIC_PATH_FIELDS, field_index
from asl_lsp.lint.locate import pointer_of, value_offset_to_span
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.lint.values import has_placeholder
from asl_lsp.model.machine import State
from asl_lsp.spec.intrinsics import STRING_RETURNING
from asl_lsp.syntax.nodes import StringNode

BAD = """{
  "StartAt": "Build",
  "States": {
    "Build": {
      "Type": "Pass",
      "Parameters": {
        "first.$": "States.ArrayGetItem($.items)"
      },
      "End": true
    }
  }
}
"""

GOOD = BAD.replace("States.ArrayGetItem($.items)", "States.ArrayGetItem($.items, 0)")


@register
class InvalidIntrinsic(Rule):
    code = "ASL404"
    name = "invalid-intrinsic"
    per_state = True
    severity = Severity.ERROR
    message = "{detail}"
    doc = RuleDoc(
        summary=(
            "An unknown States.* function, a wrong argument count or literal argument type, "
            "or intrinsics nested too deeply"
        ),
        why=(
            "Intrinsic functions are checked when the definition is created: an unknown name "
            "or a wrong arity is refused, and a literal of the wrong type fails every "
            "execution with States.IntrinsicFailure."
        ),
        bad=Example(BAD, line=7),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#appendix-b",
        findings=(
            Finding(
                (
                    "an unknown States.* function, a wrong argument count or literal type, or "
                    "nesting deeper than 10"
                ),
                Severity.ERROR,
                (
                    "refuses the definition (SCHEMA_VALIDATION_FAILED: the value must be a valid "
                    "intrinsic function)"
                ),
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        index = field_index(ctx)
        clean = index.clean_set("intrinsic")
        for item in index.dollar_members:
            value = item.member.value
            if not isinstance(value, StringNode) or value.value in clean:
                continue
            if "States." in value.value and is_intrinsic_like(value.value):
                found = list(self._check(ctx, item.state, value, string_only=False))
                if not found:
                    clean.add(value.value)
                yield from found
        for path in index.path_fields:
            if path.label in INTRINSIC_PATH_FIELDS and is_intrinsic_like(path.node.value):
                yield from self._check(ctx, path.state, path.node, string_only=True)

    def _check(
        self, ctx: LintContext, state: State, node: StringNode, string_only: bool
    ) -> Iterable[Diagnostic]:
        text = node.value
        if has_placeholder(text):
            return
        errors = check_intrinsic(text)
        for error in errors:
            yield self.report(
                ctx,
                value_offset_to_span(node, ctx.text, error.start, error.end),
                pointer_of(state, node),
                detail=error.message[:1].upper() + error.message[1:],
            )
        if errors or not string_only:
            return
        try:
            call = parse_intrinsic(text)
        except IntrinsicSyntaxError:
            return
        if call.name not in STRING_RETURNING:
            yield self.report(
                ctx,
                value_offset_to_span(node, ctx.text, call.start, call.name_end),
                pointer_of(state, node),
                detail=(
                    f"{call.name} does not return a string; ErrorPath and CausePath accept "
                    "only " + ", ".join(sorted(STRING_RETURNING))
                ),
            )
