"""The diagnostic every layer reports: syntax, schema, rules, and internal failures.

It lives below all other modules so that the parser can report without importing the linter.
Positions are code-point ``Span`` offsets; converting to line/column happens only at the edges
(``asl_lsp.syntax.positions`` for the CLI, ``asl_lsp.lsp`` for the client's encoding).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from asl_lsp.syntax.nodes import Span


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    HINT = "hint"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2, Severity.HINT: 3}


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace ``span`` of the document text with ``new_text``."""

    span: Span
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A quick fix: edits that apply together. ``safe`` fixes are the ones ``asl lint --fix``
    applies."""

    title: str
    edits: tuple[TextEdit, ...]
    safe: bool = True


@dataclass(frozen=True, slots=True, eq=False)
class DeferredFix:
    """A fix worked out only when something asks for it (``--fix``, a code action, the JSON
    report): a definition with 100,000 findings would otherwise have 100,000 sets of edits built
    that a text report never shows. ``safe`` is known up front, so ``--fix`` without unsafe fixes
    and the reports that mark safe fixes never build an unsafe one.

    ``build`` must be pure: it may run any number of times, from any thread, and return None
    when the text turns out not to allow the edit. Two deferred fixes are equal when they build
    equal fixes.
    """

    safe: bool
    build: Callable[[], Fix | None]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DeferredFix):
            return NotImplemented
        return self.safe == other.safe and self.build() == other.build()

    def __hash__(self) -> int:
        return hash(self.build())


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that explains the finding (the first occurrence of a duplicate, ...)."""

    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding. ``path`` is the RFC 6901 pointer of the offending node inside the definition
    (``/States/Orphan``); ``span`` is where an editor underlines it."""

    code: str
    rule: str
    severity: Severity
    message: str
    span: Span
    path: str = ""
    related: tuple[Related, ...] = ()
    fix: Fix | DeferredFix | None = None
    tags: frozenset[str] = field(default_factory=frozenset)  # "unnecessary", "deprecated"
    data: tuple[
        tuple[str, str], ...
    ] = ()  # rule-specific facts for editor features (e.g. the target name)

    def resolve_fix(self) -> Fix | None:
        """The fix, built now if it was deferred."""
        fix = self.fix
        return fix.build() if isinstance(fix, DeferredFix) else fix

    @property
    def has_safe_fix(self) -> bool:
        """Whether ``asl lint --fix`` would apply a fix (an unsafe deferred fix is not built)."""
        fix = self.fix
        if fix is None or not fix.safe:
            return False
        return not isinstance(fix, DeferredFix) or fix.build() is not None

    def with_severity(self, severity: Severity) -> Diagnostic:
        return Diagnostic(
            self.code,
            self.rule,
            severity,
            self.message,
            self.span,
            self.path,
            self.related,
            self.fix,
            self.tags,
            self.data,
        )
