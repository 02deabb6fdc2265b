"""Shared helpers of the lint tests: lint a text, find findings, apply a fix and re-lint."""

from __future__ import annotations

from asl_lsp.diagnostic import Diagnostic
from asl_lsp.lint.edits import apply_edits
from asl_lsp.lint.linter import lint_document
from asl_lsp.model.document import AslDocument, parse_document


def lint(text: str, fmt: str = "json") -> tuple[AslDocument, list[Diagnostic]]:
    document = parse_document(text, None, "asl-yaml" if fmt == "yaml" else "asl")
    return document, lint_document(document)


def codes(text: str, fmt: str = "json") -> list[str]:
    return [d.code for d in lint(text, fmt)[1]]


def findings(text: str, code: str, fmt: str = "json") -> list[Diagnostic]:
    return [d for d in lint(text, fmt)[1] if d.code == code]


def line_of(document: AslDocument, diagnostic: Diagnostic) -> int:
    return document.source.lines.one_based(diagnostic.span.start)[0]


def spanned(text: str, diagnostic: Diagnostic) -> str:
    return text[diagnostic.span.start : diagnostic.span.end]


def syntax_errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code == "ASL001"]


def apply_fix(text: str, diagnostic: Diagnostic) -> str:
    fix = diagnostic.resolve_fix()
    assert fix is not None, diagnostic
    return apply_edits(text, fix.edits)
