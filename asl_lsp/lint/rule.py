"""The contract of a lint rule: identity, documentation with runnable examples, a check, a fix.

One rule per module under ``asl_lsp/lint/rules/``. The documentation is data, not prose in a
separate
file, because ``asl rules``, ``docs/rules.md``, the README table, the LSP's ``codeDescription`` and
the
example tests are all generated from it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from asl_lsp.diagnostic import DeferredFix, Diagnostic, Fix, Related, Severity
from asl_lsp.syntax.nodes import Span

if TYPE_CHECKING:
    from asl_lsp.lint.context import LintContext

DOCS_BASE_URL = "https://github.com/asl-lsp/asl-lsp/blob/main/docs/rules.md"


class Example(NamedTuple):
    """A complete definition. For a ``bad`` example, ``line`` is the 1-based line the rule
    reports."""

    text: str
    format: str = "json"  # json | yaml
    line: int | None = None


class Finding(NamedTuple):
    """One kind of finding of a rule, with the severity the policy gives it and the AWS
    behaviour that justifies that severity (see :mod:`asl_lsp.lint.policy`)."""

    kind: str  # what is found, as a short phrase
    severity: Severity
    aws: str  # what AWS does with a definition that has it


class RuleDoc(NamedTuple):
    summary: str  # one line: what the rule finds
    why: str  # why it matters (what AWS does with it)
    bad: Example
    good: Example
    spec: str  # link to the spec or AWS docs section
    notes: str = ""
    # Every kind of finding the rule reports; the first one carries the rule's default severity.
    findings: tuple[Finding, ...] = ()


class Rule(ABC):
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    message: ClassVar[str]  # template, formatted with report(**fields)
    doc: ClassVar[RuleDoc]
    fixable: ClassVar[bool] = False
    # Rules reported by the parser or the schema layer, not by check(): they document only.
    reported_elsewhere: ClassVar[bool] = False
    # True when each finding is about one top-level state (a member of the definition's States),
    # lies inside that state's text (name and body, nested states included) and depends on
    # nothing else but the context the linter keys its memo with (the machine's QueryLanguage,
    # placeholders, whether structural fixes are allowed and unsafe ones used). Such a rule reads
    # states through ``ctx.states()``/``ctx.scopes()``/``field_index(ctx)``, never ``ctx.machine``
    # directly, so the linter can run it on the edited states only and reuse its findings for the
    # others (:mod:`asl_lsp.lint.state_memo`).
    per_state: ClassVar[bool] = False
    # True when each finding is about one scope (the machine, a Parallel branch, a Map
    # processor), lies inside it and depends on nothing but that scope's states and the memo's
    # context. Such a rule reads scopes through ``ctx.local_scopes()``: the linter runs it on the
    # machine's own scope every time and, like a per-state rule, on the scopes nested in a
    # top-level state only when that state is re-checked (a nested scope lies wholly inside one).
    per_scope: ClassVar[bool] = False

    @abstractmethod
    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        """Yield findings for one state machine of the document."""

    @classmethod
    def docs_url(cls) -> str:
        return f"{DOCS_BASE_URL}#{cls.code.lower()}-{cls.name}"

    def report(
        self,
        ctx: LintContext,
        span: Span,
        pointer: tuple[str | int, ...] = (),
        message: str | None = None,
        *,
        fix: Fix | DeferredFix | None = None,
        related: tuple[Related, ...] = (),
        tags: frozenset[str] = frozenset(),
        data: tuple[tuple[str, str], ...] = (),
        finding: Finding | None = None,
        path: str | None = None,
        **fields: object,
    ) -> Diagnostic:
        """A diagnostic of this rule. ``pointer`` is absolute in the document (model pointers are);
        the reported ``path`` is relative to the state machine's definition object.

        ``path`` is that relative path when the rule has it already, in place of ``pointer``: a
        rule reporting many states of one scope formats the scope's part once and appends each
        state's token (:func:`asl_lsp.syntax.nodes.pointer_token`) instead of building and
        formatting a whole pointer per finding.

        ``finding`` names the documented kind of finding when it is not the rule's default one:
        its severity is the one the severity policy gives that kind.
        """
        text = message if message is not None else self.message.format(**fields)
        if finding is not None and finding not in self.doc.findings:
            raise ValueError(f"{self.code}: finding {finding.kind!r} is not documented")
        return Diagnostic(  # positional: a rule may report once per state of a large definition
            self.code,
            self.name,
            finding.severity if finding is not None else self.severity,
            text,
            span,
            ctx.relative_pointer(pointer) if path is None else path,
            related,
            fix,
            tags,
            data,
        )


class DocumentedRule(Rule):
    """A rule whose findings come from the parser or the schema layer; it exists for docs and
    config."""

    reported_elsewhere = True

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        return ()
