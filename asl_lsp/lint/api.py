"""The linter as a library: text in, diagnostics out."""

from __future__ import annotations

from asl_lsp.diagnostic import Diagnostic
from asl_lsp.gcpause import gc_paused
from asl_lsp.lint.config import LintConfig
from asl_lsp.lint.linter import lint_document
from asl_lsp.model.document import parse_document


def lint_text(
    text: str,
    path: str | None = None,
    config: LintConfig | None = None,
    language_id: str | None = None,
) -> list[Diagnostic]:
    """Lint one document's text (JSON, YAML or a CloudFormation/SAM template)."""
    with gc_paused():
        return lint_document(parse_document(text, path, language_id), config)
