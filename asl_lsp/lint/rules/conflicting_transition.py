"""ASL204 conflicting-transition: a state says both where to go and that it ends, or a Choice,
Succeed or Fail state carries Next or End."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from asl_lsp.diagnostic import Diagnostic, Fix, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.edits import remove_member, structural_fixes_allowed
from asl_lsp.lint.fields import field_index
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.model.machine import State
from asl_lsp.spec.states import NEXT_END_TYPES, NO_NEXT_TYPES

BAD = """{
  "StartAt": "Greet",
  "States": {
    "Greet": {
      "Type": "Pass",
      "Next": "Done",
      "End": true
    },
    "Done": {
      "Type": "Succeed"
    }
  }
}
"""

GOOD = BAD.replace(',\n      "End": true', "")

NO_TRANSITION_TYPES = NO_NEXT_TYPES


@register
class ConflictingTransition(Rule):
    code = "ASL204"
    name = "conflicting-transition"
    per_state = True
    severity = Severity.ERROR
    message = "{detail}"
    fixable = True
    doc = RuleDoc(
        summary="Both Next and End on one state, or Next/End on a Choice, Succeed or Fail state",
        why=(
            "A state either transitions or ends; AWS refuses a state with both. Choice states "
            "transition through their rules and Default, and Succeed and Fail always end, so "
            "Next and End are not allowed there at all."
        ),
        bad=Example(BAD, line=7),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#transition",
        findings=(
            Finding(
                "Next together with End, or a transition on a Choice, Succeed or Fail state",
                Severity.ERROR,
                "refuses the definition (SCHEMA_VALIDATION_FAILED)",
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        index = field_index(ctx)
        for state, body in index.of_type(*NO_TRANSITION_TYPES):
            if "Next" in body:
                kind = state.type
                yield from self._each(ctx, state, "Next", f'A {kind} state cannot have "Next"')
        for state, kind, _body, _member in index.named("End"):
            if kind in NO_TRANSITION_TYPES:
                yield self._report(ctx, state, "End", f'A {kind} state cannot have "End"')
        for state, kind, body, _member in index.named("End"):
            if kind in NEXT_END_TYPES and "Next" in body:
                yield self._report(
                    ctx,
                    state,
                    "End",
                    f'State \'{state.name}\' has both "Next" and "End"',
                )

    def _each(
        self, ctx: LintContext, state: State, field: str, detail: str
    ) -> Iterator[Diagnostic]:
        """One finding per ``field`` member of the state (duplicates included)."""
        assert state.node is not None
        for member in state.node.members:
            if member.key.value == field:
                yield self._report(ctx, state, field, detail)

    def _report(self, ctx: LintContext, state: State, field: str, detail: str) -> Diagnostic:
        assert state.node is not None
        member = state.node.member(field)
        assert member is not None
        edit = (
            remove_member(ctx.text, state.node, member) if structural_fixes_allowed(ctx) else None
        )
        fix = Fix(f'Remove "{field}"', (edit,), safe=False) if edit is not None else None
        return self.report(ctx, member.key.span, (*state.pointer, field), fix=fix, detail=detail)
