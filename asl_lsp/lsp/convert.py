"""Core results (code-point spans, our Diagnostic) to lsprotocol types for one document."""

from __future__ import annotations

from lsprotocol import types

from asl_lsp.diagnostic import Diagnostic, Severity, TextEdit
from asl_lsp.lint.registry import find_rule
from asl_lsp.lsp.positions import PositionMapper

SOURCE = "asl-lsp"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}
_TAGS = {
    "unnecessary": types.DiagnosticTag.Unnecessary,
    "deprecated": types.DiagnosticTag.Deprecated,
}


def to_lsp_diagnostic(diagnostic: Diagnostic, mapper: PositionMapper, uri: str) -> types.Diagnostic:
    rule = find_rule(diagnostic.code)
    description = types.CodeDescription(href=rule.docs_url()) if rule is not None else None
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=mapper.range(r.span)), message=r.message
        )
        for r in diagnostic.related
    ]
    tags = [_TAGS[t] for t in sorted(diagnostic.tags) if t in _TAGS]
    return types.Diagnostic(
        range=mapper.range(diagnostic.span),
        message=diagnostic.message,
        severity=_SEVERITY[diagnostic.severity],
        code=diagnostic.code,
        code_description=description,
        source=SOURCE,
        related_information=related or None,
        tags=tags or None,
        data={"rule": diagnostic.rule, "path": diagnostic.path},
    )


def to_lsp_edits(
    edits: list[TextEdit] | tuple[TextEdit, ...], mapper: PositionMapper
) -> list[types.TextEdit]:
    return [types.TextEdit(range=mapper.range(e.span), new_text=e.new_text) for e in edits]


def minimal_edit(old: str, new: str) -> TextEdit | None:
    """One edit that turns ``old`` into ``new``, touching only the differing middle part."""
    # Imported here: keeps the protocol conversions free of the syntax layer until used.
    from asl_lsp.syntax.nodes import Span

    if old == new:
        return None
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    return TextEdit(Span(prefix, len(old) - suffix), new[prefix : len(new) - suffix])
