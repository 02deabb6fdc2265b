"""The diagnostic every layer reports: syntax, schema, rules, and internal failures.

It lives below all other modules so that the parser can report without importing the linter.
Positions are code-point ``Span`` offsets; converting to line/column happens only at the edges
(``asl_lsp.syntax.positions`` for the CLI, ``asl_lsp.lsp`` for the client's encoding).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from asl_lsp.records import Frozen, set_field
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


_NO_TAGS: frozenset[str] = frozenset()


# These classes are written out rather than made by ``dataclasses`` (see ``asl_lsp.records``).
class TextEdit(Frozen):
    """Replace ``span`` of the document text with ``new_text``."""

    _fields = ("span", "new_text")
    __slots__ = _fields
    span: Span
    new_text: str

    def __init__(self, span: Span, new_text: str) -> None:
        set_field(self, "span", span)
        set_field(self, "new_text", new_text)


class Fix(Frozen):
    """A quick fix: edits that apply together. ``safe`` fixes are the ones ``asl lint --fix``
    applies."""

    _fields = ("title", "edits", "safe")
    __slots__ = _fields
    title: str
    edits: tuple[TextEdit, ...]
    safe: bool

    def __init__(self, title: str, edits: tuple[TextEdit, ...], safe: bool = True) -> None:
        set_field(self, "title", title)
        set_field(self, "edits", edits)
        set_field(self, "safe", safe)


class DeferredFix(Frozen):
    """A fix worked out only when something asks for it (``--fix``, a code action, the JSON
    report): a definition with 100,000 findings would otherwise have 100,000 sets of edits built
    that a text report never shows. ``safe`` is known up front, so ``--fix`` without unsafe fixes
    and the reports that mark safe fixes never build an unsafe one.

    ``build`` must be pure: it may run any number of times, from any thread, and return None
    when the text turns out not to allow the edit. Two deferred fixes are equal when they build
    equal fixes.
    """

    _fields = ("safe", "build")
    __slots__ = _fields
    safe: bool
    build: Callable[[], Fix | None]

    def __init__(self, safe: bool, build: Callable[[], Fix | None]) -> None:
        set_field(self, "safe", safe)
        set_field(self, "build", build)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DeferredFix):
            return NotImplemented
        return self.safe == other.safe and self.build() == other.build()

    def __hash__(self) -> int:
        return hash(self.build())


class Related(Frozen):
    """Another place that explains the finding (the first occurrence of a duplicate, ...)."""

    _fields = ("span", "message")
    __slots__ = _fields
    span: Span
    message: str

    def __init__(self, span: Span, message: str) -> None:
        set_field(self, "span", span)
        set_field(self, "message", message)


class Diagnostic(Frozen):
    """One finding. ``path`` is the RFC 6901 pointer of the offending node inside the definition
    (``/States/Orphan``); ``span`` is where an editor underlines it."""

    _fields = (
        "code",
        "rule",
        "severity",
        "message",
        "span",
        "path",
        "related",
        "fix",
        "tags",
        "data",
    )
    __slots__ = _fields
    code: str
    rule: str
    severity: Severity
    message: str
    span: Span
    path: str
    related: tuple[Related, ...]
    fix: Fix | DeferredFix | None
    tags: frozenset[str]  # "unnecessary", "deprecated"
    # Rule-specific facts for editor features (e.g. the target name).
    data: tuple[tuple[str, str], ...]

    def __init__(
        self,
        code: str,
        rule: str,
        severity: Severity,
        message: str,
        span: Span,
        path: str = "",
        related: tuple[Related, ...] = (),
        fix: Fix | DeferredFix | None = None,
        tags: frozenset[str] = _NO_TAGS,
        data: tuple[tuple[str, str], ...] = (),
    ) -> None:
        set_field(self, "code", code)
        set_field(self, "rule", rule)
        set_field(self, "severity", severity)
        set_field(self, "message", message)
        set_field(self, "span", span)
        set_field(self, "path", path)
        set_field(self, "related", related)
        set_field(self, "fix", fix)
        set_field(self, "tags", tags)
        set_field(self, "data", data)

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
