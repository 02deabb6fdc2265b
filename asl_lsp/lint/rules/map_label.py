"""ASL607 map-label: a Map Label that AWS refuses, or one that two Map states share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from asl_lsp.diagnostic import Diagnostic, Related, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.lint.values import is_substituted
from asl_lsp.model.machine import State
from asl_lsp.spec.map_label import label_problem
from asl_lsp.syntax.nodes import StringNode

BAD = """{
  "StartAt": "Resize images",
  "States": {
    "Resize images": {
      "Type": "Map",
      "Label": "resize: all images",
      "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
        "StartAt": "Resize",
        "States": {"Resize": {"Type": "Pass", "End": true}}
      },
      "End": true
    }
  }
}
"""

GOOD = BAD.replace('"resize: all images"', '"resize-all-images"')

REFUSED_LABEL = Finding(
    "a Label that is empty or holds whitespace, brackets, wildcards, control characters or "
    ': ; , \\ | ^ ~ $ # % & ` "',
    Severity.ERROR,
    "refuses the definition (INVALID_LABEL_NAME)",
)
DUPLICATE_LABEL = Finding(
    "a Label that another Map state of the machine already uses",
    Severity.ERROR,
    "refuses the definition (DUPLICATE_LABEL_NAME)",
)


@register
class MapLabel(Rule):
    code = "ASL607"
    name = "map-label"
    severity = Severity.ERROR
    message = "{detail}"
    doc = RuleDoc(
        summary="A Map Label that is empty, holds characters AWS refuses, or is used twice",
        why=(
            "A Distributed Map names its Map Run and child executions after its Label, so AWS "
            "refuses a label that is empty, holds characters that are not allowed in those "
            "names, or repeats another Map state's label. Labels longer than 40 characters are "
            "reported by invalid-value."
        ),
        bad=Example(BAD, line=6),
        good=Example(GOOD),
        spec="https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html",
        findings=(REFUSED_LABEL, DUPLICATE_LABEL),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        # Labels must be unique across the machine: a whole-machine rule, which reads the Map
        # states from the model rather than from the field index of every state, first by value
        # (nothing to report is the common case), then, only when something is, where they are.
        machine = ctx.machine
        by_value = (
            state.unmoved() for scope in machine.scopes_by_value() for state in scope.state_list
        )
        labels = [label for _, _, label in _labels(by_value)]
        if len(set(labels)) == len(labels) and not any(map(label_problem, labels)):
            return
        seen: dict[str, StringNode] = {}
        for state, node, label in _labels(machine.all_states()):
            problem = label_problem(label)
            if problem is not None:
                yield self.report(
                    ctx, node.span, (*state.pointer, "Label"), finding=REFUSED_LABEL, detail=problem
                )
                continue
            first = seen.setdefault(label, node)
            if first is not node:
                yield self.report(
                    ctx,
                    node.span,
                    (*state.pointer, "Label"),
                    finding=DUPLICATE_LABEL,
                    related=(Related(first.span, f"'{label}' is first used here"),),
                    detail=f"Label '{label}' is already used by another Map state",
                )


def _labels(states: Iterable[State]) -> Iterator[tuple[State, StringNode, str]]:
    """Each Map state with a Label the rule checks, its node and its text."""
    for state in states:
        body = state.node
        if state.type != "Map" or body is None:
            continue
        node = body.get("Label")
        if not isinstance(node, StringNode) or is_substituted(node):
            continue  # a non-string Label is the schema's finding
        label = node.value
        if label.startswith("{%") and label.endswith("%}"):
            continue
        yield state, node, label
