"""The schema layer's findings, computed once per state machine and shared by the three schema
rules (unknown-field, missing-field, invalid-value), which each report their own kind."""

from __future__ import annotations

from collections.abc import Iterator

from asl_lsp.lint.context import LintContext
from asl_lsp.lint.schema_check import SchemaFinding, schema_findings


def findings_of_kind(ctx: LintContext, kind: str) -> Iterator[SchemaFinding]:
    cached = ctx.cache.get("schema")
    if not isinstance(cached, list):
        cached = schema_findings(ctx.definition.source.root, placeholders=ctx.placeholders)
        ctx.cache["schema"] = cached
    for finding in cached:
        if isinstance(finding, SchemaFinding) and finding.kind == kind:
            yield finding
