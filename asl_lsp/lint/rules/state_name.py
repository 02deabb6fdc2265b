"""ASL207 state-name: a state name AWS refuses, or one that is awkward in logs and metrics."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.model.naming import (
    AWKWARD_CHARACTERS,
    MAX_STATE_NAME_LENGTH,
    state_name_caution,
    state_name_problem,
)

LONG = "Validate the incoming order and reserve the stock in every warehouse of the region"

BAD = f"""{{
  "StartAt": "{LONG}",
  "States": {{
    "{LONG}": {{
      "Type": "Succeed"
    }}
  }}
}}
"""

REFUSED_NAME = Finding(
    "a state name that is empty, longer than 80 characters, or holds control characters",
    Severity.ERROR,
    "refuses the definition (INVALID_STATE_NAME)",
)
AWKWARD_NAME = Finding(
    "a state name with characters such as brackets, wildcards or '$'",
    Severity.INFO,
    "creates and runs the state machine; such names are hard to use in CloudWatch Logs "
    "and metrics, which expect 0-9, A-Z, a-z, '-' and '_'",
)

GOOD = """{
  "StartAt": "Reserve stock",
  "States": {
    "Reserve stock": {
      "Type": "Succeed"
    }
  }
}
"""


def _plain_names(names: Collection[str]) -> bool:
    """None of ``names`` is too long or holds a control or awkward character."""
    joined = "".join(names)
    return (
        max(map(len, names), default=0) <= MAX_STATE_NAME_LENGTH
        and joined.isprintable()
        and AWKWARD_CHARACTERS.isdisjoint(joined)
    )


@register
class StateName(Rule):
    code = "ASL207"
    name = "state-name"
    severity = Severity.ERROR
    message = "Invalid state name: {detail}"
    doc = RuleDoc(
        summary="A state name longer than 80 characters, empty, or with characters AWS refuses",
        why=(
            "The spec caps state names at 80 Unicode characters and AWS refuses control "
            "characters (INVALID_STATE_NAME). Characters such as brackets, wildcards or '$' are "
            "accepted but make names hard to use in CloudWatch logs and metrics."
        ),
        bad=Example(BAD, line=4),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#states-fields",
        findings=(REFUSED_NAME, AWKWARD_NAME),
    )

    per_state = True

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        states = list(ctx.states())
        if _plain_names([state.name for state in states]):
            return  # the common case, checked in C for all names at once
        for state in states:
            name = state.name
            if _plain_names((name,)):
                continue
            problem = state_name_problem(name)
            if problem is not None:
                yield self.report(ctx, state.key.span, state.pointer, detail=problem)
                continue
            caution = state_name_caution(name)
            if caution is not None:
                yield self.report(
                    ctx,
                    state.key.span,
                    state.pointer,
                    message=caution[0].upper() + caution[1:],
                    finding=AWKWARD_NAME,
                )
