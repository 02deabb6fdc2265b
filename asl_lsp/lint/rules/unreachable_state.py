"""ASL203 unreachable-state: no transition of its scope leads to the state."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Fix, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.edits import member_remover, structural_fixes_allowed
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.model.machine import State

BAD = """{
  "StartAt": "Start",
  "States": {
    "Start": {
      "Type": "Succeed"
    },
    "Orphan": {
      "Type": "Pass",
      "End": true
    }
  }
}
"""

GOOD = """{
  "StartAt": "Start",
  "States": {
    "Start": {
      "Type": "Pass",
      "Next": "Done"
    },
    "Done": {
      "Type": "Succeed"
    }
  }
}
"""


@register
class UnreachableState(Rule):
    code = "ASL203"
    name = "unreachable-state"
    severity = Severity.ERROR
    message = "State '{state}' is unreachable: no transition in its scope leads to it"
    fixable = True
    doc = RuleDoc(
        summary="A state that no StartAt, Next, Default, Choice or Catch of its scope names",
        why=(
            "AWS refuses definitions with states that cannot be entered (every state must be the "
            "StartAt or the target of a transition in its own scope). Usually a typo in a Next, "
            "or a state left behind after a refactoring."
        ),
        bad=Example(BAD, line=7),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#states-fields",
        findings=(
            Finding(
                "a state with no incoming transition in its scope",
                Severity.ERROR,
                "refuses the definition: every state must be reachable from StartAt",
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        for scope in ctx.machine.scopes:
            if scope.start_at is None or not scope.state_list:
                continue  # missing StartAt is the schema's finding; everything would be unreachable
            targeted = scope.with_incoming()
            for state in scope.state_list:
                if state.name in targeted:
                    continue
                yield self.report(
                    ctx,
                    state.key.span,
                    state.pointer,
                    fix=self._fix(ctx, state),
                    tags=frozenset({"unnecessary"}),
                    data=(("state", state.name),),
                    state=state.name,
                )

    def _fix(self, ctx: LintContext, state: State) -> Fix | None:
        states_node = state.scope.states_node
        if states_node is None or not structural_fixes_allowed(ctx):
            return None
        # Per States object: each member's position and one remover (it checks the object once).
        cached = ctx.cache.get(f"removal:{id(states_node)}")
        if not isinstance(cached, tuple):
            positions = {id(m.key): i for i, m in enumerate(states_node.members)}
            cached = (positions, member_remover(ctx.text, states_node))
            ctx.cache[f"removal:{id(states_node)}"] = cached
        positions, remover = cached
        index = positions.get(id(state.key))
        if index is None or remover is None:
            return None
        edit = remover(states_node.members[index], index)
        if edit is None:
            return None
        return Fix(f"Remove unreachable state {state.name!r}", (edit,), safe=False)
