"""What a front end (JSON parser or YAML loader) hands back: a tree, possibly partial, and findings."""

from __future__ import annotations

from dataclasses import dataclass

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.syntax.nodes import Node, Span

SYNTAX_ERROR = ("ASL001", "syntax-error")
DUPLICATE_KEY = ("ASL002", "duplicate-key")


@dataclass(frozen=True)
class ParseResult:
    """``root`` is None only when nothing usable could be recovered (empty or hopeless text)."""

    root: Node | None
    diagnostics: tuple[Diagnostic, ...]


def syntax_error(message: str, span: Span, path: str = "") -> Diagnostic:
    """An ``ASL001 syntax-error`` diagnostic."""
    return Diagnostic(SYNTAX_ERROR[0], SYNTAX_ERROR[1], Severity.ERROR, message, span, path)
