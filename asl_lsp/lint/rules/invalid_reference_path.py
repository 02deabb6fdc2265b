"""ASL402 invalid-reference-path: a reference path that may select more than one node, or
reads from where the field may not (``$$`` in ResultPath, variables in ResultPath)."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.expr.intrinsics import is_intrinsic_like
from asl_lsp.expr.jsonpath import PathKind, PathSyntaxError, check_path, parse_path
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.fields import INTRINSIC_PATH_FIELDS, field_index
from asl_lsp.lint.locate import pointer_of, value_offset_to_span
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.lint.values import has_placeholder

BAD = """{
  "StartAt": "Compute",
  "States": {
    "Compute": {
      "Type": "Pass",
      "Result": 42,
      "ResultPath": "$.items[*].total",
      "End": true
    }
  }
}
"""

GOOD = BAD.replace('"$.items[*].total"', '"$.total"')


@register
class InvalidReferencePath(Rule):
    code = "ASL402"
    name = "invalid-reference-path"
    per_state = True
    severity = Severity.ERROR
    message = "Invalid reference path in {field}: {detail}"
    doc = RuleDoc(
        summary=(
            "ResultPath and other reference paths using wildcards, filters, slices, '..', or "
            "'$$' and variables where they are not allowed"
        ),
        why=(
            "A reference path must name exactly one node, with only '.name' and '[index]' "
            "steps. ResultPath writes into the input, so it can use neither the context object "
            "'$$' nor a variable; only ItemsPath may read from '$$'. AWS refuses the definition."
        ),
        bad=Example(BAD, line=7),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#ref-paths",
        findings=(
            Finding(
                (
                    "a reference path with wildcards, filters, slices, '..', or '$$' and variables "
                    "where they are not allowed"
                ),
                Severity.ERROR,
                (
                    "refuses the definition (SCHEMA_VALIDATION_FAILED: '... must be a valid "
                    "ReferencePath')"
                ),
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        index = field_index(ctx)
        for path in index.path_fields:
            if path.kind is PathKind.PATH:
                continue
            text = path.node.value
            clean = index.clean_set(path.kind.value)
            if text in clean:
                continue
            if has_placeholder(text):
                continue
            if path.label in INTRINSIC_PATH_FIELDS and is_intrinsic_like(text):
                continue
            try:
                parse_path(text)
            except PathSyntaxError:
                continue  # invalid-path reports it
            errors = check_path(text, path.kind)
            if not errors:
                clean.add(text)
            for error in errors:
                yield self.report(
                    ctx,
                    value_offset_to_span(path.node, ctx.text, error.start, error.end),
                    pointer_of(path.state, path.node),
                    field=path.label,
                    detail=error.message,
                )
