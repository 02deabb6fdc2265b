"""ASL202 missing-transition: a state that must say where to go next says nothing."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Fix, Severity, TextEdit
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.edits import insert_member, replace_value, structural_fixes_allowed
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.model.machine import State
from asl_lsp.spec.states import NEXT_END_TYPES
from asl_lsp.syntax.nodes import BoolNode

BAD = """{
  "StartAt": "Greet",
  "States": {
    "Greet": {
      "Type": "Pass",
      "Result": "Hello"
    }
  }
}
"""

GOOD = """{
  "StartAt": "Greet",
  "States": {
    "Greet": {
      "Type": "Pass",
      "Result": "Hello",
      "End": true
    }
  }
}
"""


@register
class MissingTransition(Rule):
    code = "ASL202"
    name = "missing-transition"
    per_state = True
    severity = Severity.ERROR
    message = '{type} state \'{state}\' has neither "Next" nor "End": true'
    fixable = True
    doc = RuleDoc(
        summary="A Pass, Task, Wait, Parallel or Map state with neither Next nor End: true",
        why=(
            "These state types must either transition to another state or end the execution; "
            "AWS refuses a definition where one does neither."
        ),
        bad=Example(BAD, line=4),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#transition",
        findings=(
            Finding(
                "a Pass, Task, Wait, Parallel or Map state with neither Next nor End",
                Severity.ERROR,
                "refuses the definition (SCHEMA_VALIDATION_FAILED)",
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        for state in ctx.states():
            kind = state.type
            body = state.node
            if state.is_end or kind not in NEXT_END_TYPES or body is None or "Next" in body:
                continue
            end = body.get("End")
            if end is not None and not isinstance(end, BoolNode):
                continue  # a non-boolean End is the schema's finding
            yield self.report(
                ctx,
                state.key.span,
                state.pointer,
                fix=self._fix(ctx, state),
                type=kind,
                state=state.name,
            )

    def _fix(self, ctx: LintContext, state: State) -> Fix | None:
        assert state.node is not None
        if not structural_fixes_allowed(ctx):
            return None
        end = state.node.get("End")
        edit: TextEdit | None
        if end is not None:
            edit = replace_value(ctx.text, end, "true")
        else:
            edit = insert_member(ctx.text, state.node, "End", True)
        return Fix('Add "End": true', (edit,)) if edit is not None else None
