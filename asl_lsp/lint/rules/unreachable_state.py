"""ASL203 unreachable-state: no transition of its scope leads to the state."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from asl_lsp.diagnostic import DeferredFix, Diagnostic, Fix, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.edits import MemberRemover, member_remover, structural_fixes_allowed
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.model.machine import State
from asl_lsp.syntax.nodes import Member, ObjectNode, pointer_token

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

    per_scope = True

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        # The removal changes behaviour (it is an unsafe fix): prepared only for a caller that
        # uses such fixes, not for 100,000 findings of a report that never shows one.
        removals = ctx.unsafe_fixes and structural_fixes_allowed(ctx)
        for scope in ctx.local_scopes():
            if scope.start_at is None or not scope.state_list:
                continue  # missing StartAt is the schema's finding; everything would be unreachable
            targeted = scope.with_incoming()
            if len(targeted) == len(scope.states):
                continue  # every state is the target of some transition
            removal: _Removal | None = None
            # Every state of the scope is reported under the same States path: formatted once.
            states_path = ctx.relative_pointer((*scope.pointer, "States"))
            for index, state in enumerate(scope.state_list):
                if state.name in targeted:
                    continue
                if removals and removal is None:
                    removal = _Removal(ctx.text, scope.states_node)
                yield self.report(
                    ctx,
                    state.key.span,
                    path=states_path + pointer_token(state.name),
                    fix=removal.fix(index, state) if removal is not None else None,
                    tags=_UNNECESSARY,
                    data=(("state", state.name),),
                    state=state.name,
                )


_UNNECESSARY = frozenset({"unnecessary"})


class _Removal:
    """Removing members of one States object: its layout is checked once, and each fix is
    deferred until something asks for its edit (most reports never do)."""

    def __init__(self, text: str, states_node: ObjectNode | None) -> None:
        self.remover = member_remover(text, states_node) if states_node is not None else None
        self.members = states_node.members if states_node is not None else ()

    def fix(self, index: int, state: State) -> DeferredFix | None:
        """The removal of the ``index``-th state of the scope: the model reads one state per
        member of States, in order, so it is the ``index``-th member (checked, not assumed)."""
        remover = self.remover
        members = self.members
        if remover is None or index >= len(members) or members[index].key is not state.key:
            return None
        return DeferredFix(False, partial(_removal_fix, remover, members[index], index, state.name))


def _removal_fix(remover: MemberRemover, member: Member, index: int, name: str) -> Fix | None:
    edit = remover(member, index)
    if edit is None:
        return None
    return Fix(f"Remove unreachable state {name!r}", (edit,), False)
