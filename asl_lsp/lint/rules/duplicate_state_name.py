"""ASL205 duplicate-state-name: two states share a name anywhere in the machine."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Related, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.model.machine import State

BAD = """{
  "StartAt": "Fan out",
  "States": {
    "Fan out": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}},
        {"StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}}
      ],
      "End": true
    }
  }
}
"""

GOOD = """{
  "StartAt": "Fan out",
  "States": {
    "Fan out": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "Work A", "States": {"Work A": {"Type": "Pass", "End": true}}},
        {"StartAt": "Work B", "States": {"Work B": {"Type": "Pass", "End": true}}}
      ],
      "End": true
    }
  }
}
"""


@register
class DuplicateStateName(Rule):
    code = "ASL205"
    name = "duplicate-state-name"
    severity = Severity.ERROR
    message = "State name '{state}' is already used in this state machine"
    doc = RuleDoc(
        summary=(
            "The same state name in two scopes of one machine (Parallel branches, Map processors)"
        ),
        why=(
            "State names must be unique within the whole state machine, nested branches and "
            "item processors included; AWS refuses the definition with DUPLICATE_STATE_NAME. "
            "Duplicates inside one States object are reported as duplicate keys."
        ),
        bad=Example(BAD, line=8),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#states-fields",
        findings=(
            Finding(
                "a state name used twice in one machine, nested scopes included",
                Severity.ERROR,
                "refuses the definition (DUPLICATE_STATE_NAME)",
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        scopes = ctx.machine.scopes_by_value()
        names: set[str] = set().union(*(scope.states for scope in scopes))
        if len(names) == sum(len(scope.state_list) for scope in scopes):
            return  # every name is used once: the common case, decided without a loop
        first: dict[str, State] = {}
        counts: dict[str, int] = {}
        for state in ctx.machine.all_states():
            counts[state.name] = counts.get(state.name, 0) + 1
        repeated = [s for s in ctx.machine.all_states() if counts[s.name] > 1]
        for state in sorted(repeated, key=lambda s: s.key.start):
            earlier = first.get(state.name)
            if earlier is None:
                first[state.name] = state
                continue
            if ctx.machine.scope_of(earlier) is ctx.machine.scope_of(state):
                continue  # the parser reports a duplicate key in one object
            yield self.report(
                ctx,
                state.key.span,
                state.pointer,
                related=(Related(earlier.key.span, f"'{state.name}' is first defined here"),),
                data=(("state", state.name),),
                state=state.name,
            )
