"""ASL401 invalid-path: a JSONPath that does not parse (path fields, Variable, ``.$`` values)."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.expr.intrinsics import is_intrinsic_like
from asl_lsp.expr.jsonpath import PathSyntaxError, parse_path
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.fields import INTRINSIC_PATH_FIELDS, field_index
from asl_lsp.lint.locate import pointer_of, value_offset_to_span
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.lint.values import has_placeholder
from asl_lsp.model.machine import State
from asl_lsp.syntax.nodes import StringNode

BAD = """{
  "StartAt": "Load",
  "States": {
    "Load": {
      "Type": "Pass",
      "InputPath": "$.order[0",
      "End": true
    }
  }
}
"""

GOOD = BAD.replace('"$.order[0"', '"$.order[0]"')


@register
class InvalidPath(Rule):
    code = "ASL401"
    name = "invalid-path"
    per_state = True
    severity = Severity.ERROR
    message = "Invalid JSONPath in {field}: {detail}"
    doc = RuleDoc(
        summary=(
            "A malformed JSONPath in InputPath, OutputPath, ItemsPath, Variable, a ...Path field "
            "or a '.$' value"
        ),
        why=(
            "Paths must start with '$' (the input), '$$' (the context object) or '$name' (a "
            "variable) and be well-formed JSONPath; AWS refuses the definition otherwise "
            "(SCHEMA_VALIDATION_FAILED)."
        ),
        bad=Example(BAD, line=6),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#path",
        findings=(
            Finding(
                "a malformed JSONPath",
                Severity.ERROR,
                (
                    "refuses the definition (SCHEMA_VALIDATION_FAILED: 'The value for the "
                    "field ... must be a valid JSONPath')"
                ),
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        index = field_index(ctx)
        found: list[Diagnostic] = []
        clean = index.clean_set("path")
        for path in index.path_fields:
            text = path.node.value
            if text in clean:
                continue
            if path.label in INTRINSIC_PATH_FIELDS and is_intrinsic_like(text):
                continue
            self._check(ctx, path.state, path.label, path.node, found, clean)
        for item in index.dollar_members:
            value = item.member.value
            if not isinstance(value, StringNode):
                continue
            text = value.value
            if text in clean:
                continue
            if text[:1] == "$" or (text.lstrip().startswith("$") and not is_intrinsic_like(text)):
                self._check(ctx, item.state, f"'{item.member.key.value}'", value, found, clean)
        return found

    def _check(
        self,
        ctx: LintContext,
        state: State,
        field: str,
        node: StringNode,
        found: list[Diagnostic],
        clean: set[str],
    ) -> None:
        text = node.value
        try:
            parse_path(text)
            clean.add(text)
        except PathSyntaxError as error:
            if has_placeholder(text):
                return
            found.append(
                self.report(
                    ctx,
                    value_offset_to_span(node, ctx.text, error.start, error.end),
                    pointer_of(state, node),
                    field=field,
                    detail=error.message,
                )
            )
