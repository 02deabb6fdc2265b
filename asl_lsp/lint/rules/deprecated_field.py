"""ASL606 deprecated-field: a Map state's Iterator or Parameters, renamed ItemProcessor and
ItemSelector."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Fix, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.edits import rename_key
from asl_lsp.lint.fields import field_index
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.model.machine import JSONPATH

BAD = """{
  "StartAt": "Each",
  "States": {
    "Each": {
      "Type": "Map",
      "Iterator": {
        "StartAt": "Work",
        "States": {"Work": {"Type": "Pass", "End": true}}
      },
      "End": true
    }
  }
}
"""

GOOD = BAD.replace('"Iterator"', '"ItemProcessor"')

RENAMED = (("Iterator", "ItemProcessor"), ("Parameters", "ItemSelector"))


@register
class DeprecatedField(Rule):
    code = "ASL606"
    name = "deprecated-field"
    per_state = True
    severity = Severity.INFO
    message = "'{old}' is deprecated in a Map state; use '{new}'"
    fixable = True
    doc = RuleDoc(
        summary="A Map state using Iterator (now ItemProcessor) or Parameters (now ItemSelector)",
        why=(
            "AWS still runs Map states written with Iterator and Parameters, but the current "
            "names are ItemProcessor and ItemSelector, and newer features (Distributed mode, "
            "ProcessorConfig) are documented only with them. The rename changes nothing else."
        ),
        bad=Example(BAD, line=6),
        good=Example(GOOD),
        spec="https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html",
        findings=(
            Finding(
                "Iterator or Parameters on a Map state",
                Severity.INFO,
                (
                    "creates and runs the state machine; the fields are deprecated in favour of "
                    "ItemProcessor and ItemSelector"
                ),
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        index = field_index(ctx)
        for old, new in RENAMED:
            for state, kind, body, member in index.named(old):
                if kind != "Map":
                    continue
                if old == "Parameters" and state.query_language != JSONPATH:
                    continue  # the jsonata rule reports Parameters in a JSONata state
                fix = None
                if new not in body:
                    edit = rename_key(ctx.text, member, new)
                    if edit is not None:
                        fix = Fix(f"Replace {old} with {new}", (edit,))
                yield self.report(
                    ctx,
                    member.key.span,
                    (*state.pointer, old),
                    fix=fix,
                    tags=frozenset({"deprecated"}),
                    old=old,
                    new=new,
                )
