"""The schema layer's findings, computed once per state machine and shared by the three schema
rules (unknown-field, missing-field, invalid-value), which each report their own kind."""

from __future__ import annotations

from collections.abc import Iterator

from asl_lsp.lint.context import LintContext
from asl_lsp.lint.schema_check import SchemaFinding
from asl_lsp.lint.schema_incremental import indexed_text, schema_findings
from asl_lsp.spec.fields import comparison_operators


def findings_of_kind(ctx: LintContext, kind: str) -> Iterator[SchemaFinding]:
    # Kept with the definition: every lint of the same document version shares one validation.
    key = ("schema", ctx.placeholders)
    cached = ctx.definition.memo.get(key)
    if not isinstance(cached, list):
        text = None if ctx.once else indexed_text(ctx.document, ctx.definition)
        cached = [
            finding
            for finding in schema_findings(
                ctx.definition.source.root, placeholders=ctx.placeholders, text=text
            )
            if not _left_to_choice_rules(finding)
        ]
        ctx.definition.memo[key] = cached
    for finding in cached:
        if isinstance(finding, SchemaFinding) and finding.kind == kind:
            yield finding


def _left_to_choice_rules(finding: SchemaFinding) -> bool:
    """An operand of the wrong type in a Choice comparison is choice-value-type's finding, with a
    message that names what the operator compares; the schema would report it a second time."""
    return (
        finding.kind == "invalid-value"
        and bool(finding.path)
        and isinstance(finding.path[-1], str)
        and finding.path[-1] in comparison_operators()
    )
