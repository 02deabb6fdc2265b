"""ASL201 undefined-state: a transition names a state that its scope does not have."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Fix, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.edits import insert_member, replace_string, structural_fixes_allowed
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.lint.values import has_placeholder
from asl_lsp.model.machine import Scope, Transition

BAD = """{
  "StartAt": "Validate",
  "States": {
    "Validate": {
      "Type": "Pass",
      "Next": "Proces"
    },
    "Process": {
      "Type": "Pass",
      "End": true
    }
  }
}
"""

SUGGESTION_BUDGET = 50_000  # names compared by fuzzy searches per lint run

GOOD = BAD.replace('"Proces"', '"Process"')


@register
class UndefinedState(Rule):
    code = "ASL201"
    name = "undefined-state"
    severity = Severity.ERROR
    message = "{kind} names state '{target}', which is not defined in this scope{hint}"
    fixable = True
    doc = RuleDoc(
        summary="StartAt, Next, Default or a Catch/Choice Next names a state that does not exist",
        why=(
            "Transitions may only name states of their own scope (a Parallel branch or a Map "
            "processor cannot jump outside, and the outside cannot jump in). AWS refuses the "
            "definition with MISSING_TRANSITION_TARGET. The closest existing name is suggested."
        ),
        bad=Example(BAD, line=6),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#transition",
        findings=(
            Finding(
                "a StartAt, Next or Default naming a state that does not exist",
                Severity.ERROR,
                "refuses the definition (MISSING_TRANSITION_TARGET)",
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        machine = ctx.machine
        if all(scope.targets <= scope.states.keys() for scope in machine.scopes_by_value()):
            return  # every target exists: the common case, decided by names alone
        for scope in machine.scopes:
            states = scope.states
            if scope.targets <= states.keys():
                continue  # decided in C
            for transition in scope.transitions():
                if transition.target in states or has_placeholder(transition.target):
                    continue
                yield self._finding(ctx, scope, transition)

    def _finding(self, ctx: LintContext, scope: Scope, transition: Transition) -> Diagnostic:
        target = transition.target
        source = transition.source.name if transition.source is not None else None
        key = f"lowered-names:{id(scope)}"
        cached = ctx.cache.get(key)
        lowered: dict[str, str]
        if isinstance(cached, dict):
            lowered = cached
        else:
            lowered = {}
            for name in scope.states:
                lowered.setdefault(name.lower(), name)
            ctx.cache[key] = lowered
        candidates = [k for k in (target.lower(),) if k in lowered]
        # A fuzzy search costs a pass over the scope's names: bounded per run, so that a
        # definition with thousands of broken targets stays linear.
        budget = ctx.cache.get("suggestion-budget", SUGGESTION_BUDGET)
        if not candidates and isinstance(budget, int) and budget >= len(lowered):
            ctx.cache["suggestion-budget"] = budget - len(lowered)
            candidates = difflib.get_close_matches(target.lower(), list(lowered), n=2, cutoff=0.6)
        close = [lowered[c] for c in candidates if lowered[c] != source][:1]
        kind = transition.kind.value if transition.kind.value != "Choice" else "Choice rule Next"
        data: list[tuple[str, str]] = [("target", target)]
        fix: Fix | None = None
        if close:
            suggestion = close[0]
            data.append(("suggestion", suggestion))
            edit = replace_string(ctx.text, transition.node, suggestion)
            if edit is not None:
                field = (
                    "StartAt"
                    if transition.kind.value == "StartAt"
                    else ("Default" if transition.kind.value == "Default" else "Next")
                )
                fix = Fix(f"Change {field} to {suggestion!r}", (edit,), safe=False)
        elif target and scope.states_node is not None and structural_fixes_allowed(ctx):
            edit = insert_member(ctx.text, scope.states_node, target, {"Type": "Pass", "End": True})
            if edit is not None:
                fix = Fix(f"Create state {target!r}", (edit,), safe=False)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return self.report(
            ctx,
            transition.span,
            transition.pointer,
            fix=fix,
            data=tuple(data),
            kind=kind,
            target=target,
            hint=hint,
        )
