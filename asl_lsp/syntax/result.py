"""What a front end (JSON parser or YAML loader) hands back: a tree, maybe partial, and findings."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a tree is built.

    A parse allocates hundreds of thousands of small, acyclic node objects; every few hundred
    allocations the collector would otherwise rescan the growing (and every older) tree, which
    made a 2 MB parse several times slower. Node trees hold no cycles: nothing is left behind.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
