"""ASL502 undefined-variable: a ``$name`` read where some path from the start has not set it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.flow import variable_flow
from asl_lsp.lint.locate import pointer_of
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc

BAD = """{
  "QueryLanguage": "JSONata",
  "StartAt": "Start",
  "States": {
    "Start": {
      "Type": "Pass",
      "Assign": {"orderId": "{% $states.input.id %}"},
      "Next": "Report"
    },
    "Report": {
      "Type": "Pass",
      "Output": {"order": "{% $orderID %}"},
      "End": true
    }
  }
}
"""

GOOD = BAD.replace("$orderID", "$orderId")

NEVER_ASSIGNED = Finding(
    "a variable that no Assign of the machine sets",
    Severity.WARNING,
    "creates the state machine; the execution fails (States.QueryEvaluationError or "
    "States.Runtime) when it reads the variable",
)
SOME_PATHS = Finding(
    "a variable assigned on some paths to the state only",
    Severity.WARNING,
    "creates the state machine; an execution that takes a path without the Assign fails when "
    "it reads the variable",
)


@register
class UndefinedVariable(Rule):
    code = "ASL502"
    name = "undefined-variable"
    severity = Severity.WARNING
    message = "{detail}"
    doc = RuleDoc(
        summary="A variable read where no Assign on every path from the start has set it",
        why=(
            "Reading a variable that was never assigned fails the execution at run time "
            "(States.QueryEvaluationError or States.Runtime). Variables assigned in a Parallel "
            "branch or Map iteration stay there; those assigned before a Parallel or inline Map "
            "state are visible inside it, but not inside a Distributed Map's child executions. "
            "AWS does not check variables when it creates the state machine, so both findings "
            "are warnings."
        ),
        bad=Example(BAD, line=12),
        good=Example(GOOD),
        spec="https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html",
        findings=(NEVER_ASSIGNED, SOME_PATHS),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        flow = variable_flow(ctx)
        if not flow.reads:
            return
        for state in ctx.machine.all_states():
            reads = flow.reads.get(id(state))
            if not reads:
                continue
            assigned = flow.assigned_in.get(id(state))
            if assigned is None:
                continue  # not reached by the analysis (unreachable, or a broken start)
            for read in reads:
                if read.name in assigned:
                    continue
                if read.name in flow.assigned_anywhere:
                    yield self.report(
                        ctx,
                        read.span,
                        pointer_of(state, read.node),
                        finding=SOME_PATHS,
                        detail=(
                            f"Variable '${read.name}' may not be assigned on every path to "
                            f"state '{state.name}'"
                        ),
                    )
                else:
                    hint = self._hint(read.name, flow.assigned_anywhere)
                    yield self.report(
                        ctx,
                        read.span,
                        pointer_of(state, read.node),
                        detail=f"Variable '${read.name}' is never assigned{hint}",
                    )

    @staticmethod
    def _hint(name: str, known: set[str]) -> str:
        if len(known) > 500:
            return ""  # a fuzzy search per finding would make huge definitions quadratic
        close = difflib.get_close_matches(name, sorted(known), n=1)
        return f"; did you mean '${close[0]}'?" if close else ""
