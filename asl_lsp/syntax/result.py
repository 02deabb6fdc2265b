"""What a front end (JSON parser or YAML loader) hands back: a tree, maybe partial, and findings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from asl_lsp.diagnostic import Diagnostic, Related, Severity
from asl_lsp.numbers import MAX_INT_DIGITS
from asl_lsp.syntax.nodes import Member, Node, Span, StringNode

SYNTAX_ERROR = ("ASL001", "syntax-error")
DUPLICATE_KEY = ("ASL002", "duplicate-key")


class ParseResult(NamedTuple):
    """``root`` is None only when nothing usable could be recovered (empty or hopeless text)."""

    root: Node | None
    diagnostics: tuple[Diagnostic, ...]


class StateEdit(NamedTuple):
    """How a definition re-read after an edit differs from the previous version's: the
    top-level state at ``position`` (of States) was parsed anew, the states before it are the
    previous version's, and those after it are the previous version's moved by ``delta``."""

    position: int
    delta: int


def huge_integer(raw: str, span: Span, path: str = "") -> Diagnostic:
    """The syntax error for an integer literal too long to be a number here."""
    return syntax_error(
        f"integer literal of {len(raw.lstrip('+-')):,} digits '{raw[:12]}...': numbers are "
        f"limited to {MAX_INT_DIGITS:,} digits",
        span,
        path,
    )


def syntax_error(message: str, span: Span, path: str = "") -> Diagnostic:
    """An ``ASL001 syntax-error`` diagnostic."""
    return Diagnostic(SYNTAX_ERROR[0], SYNTAX_ERROR[1], Severity.ERROR, message, span, path)


def duplicate_keys(members: Iterable[Member], path: str) -> Iterator[Diagnostic]:
    """An ``ASL002 duplicate-key`` diagnostic at every later occurrence of a key, pointing back
    at the first one (both front ends report duplicates the same way)."""
    first: dict[str, StringNode] = {}
    for member in members:
        key = member.key
        earlier = first.get(key.value)
        if earlier is None:
            first[key.value] = key
            continue
        yield Diagnostic(
            DUPLICATE_KEY[0],
            DUPLICATE_KEY[1],
            Severity.ERROR,
            f"duplicate key '{key.value}'",
            key.span,
            path,
            (Related(earlier.span, f"'{key.value}' is first defined here"),),
        )
