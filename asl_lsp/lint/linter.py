"""Run every enabled rule over every state machine of a document, in one pass.

A rule that crashes does not stop the others: its exception becomes one ``internal-error``
diagnostic (and a log record), so the linter and the language server keep working.
"""

from __future__ import annotations

import dataclasses
import re

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.gcpause import gc_paused
from asl_lsp.lint.config import OFF, LintConfig
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.registry import all_rules
from asl_lsp.model.document import AslDocument
from asl_lsp.syntax.nodes import Span

INTERNAL_CODE = "ASL000"
INTERNAL_RULE = "internal-error"
MAX_MESSAGE_CHARS = 500
MAX_QUOTED_CHARS = 80
_QUOTED = re.compile("'([^']{" + str(MAX_QUOTED_CHARS + 1) + ",})'")


def shorten_message(message: str) -> str:
    """A message with every quoted token over :data:`MAX_QUOTED_CHARS` shortened (a 1 MB key or
    separator would otherwise be repeated in each finding, and in each LSP message), then cut at
    :data:`MAX_MESSAGE_CHARS`."""
    keep = MAX_QUOTED_CHARS // 2

    def shorten(match: re.Match[str]) -> str:
        token = match.group(1)
        return f"'{token[:keep]}…{token[-8:]}' ({len(token):,} characters)"

    short = _QUOTED.sub(shorten, message)
    return short if len(short) <= MAX_MESSAGE_CHARS else short[: MAX_MESSAGE_CHARS - 1] + "…"


def lint_document(document: AslDocument, config: LintConfig | None = None) -> list[Diagnostic]:
    """All findings of ``document``, configured, de-duplicated and in text order."""
    with gc_paused():
        return _lint(document, config or LintConfig())


def _lint(document: AslDocument, config: LintConfig) -> list[Diagnostic]:
    path = document.path
    findings: list[Diagnostic] = list(document.source.diagnostics)
    rules = [r for r in all_rules() if not r.reported_elsewhere]
    for definition in document.definitions:
        ctx = LintContext(document, definition)
        for rule in rules:
            if not config.is_enabled(rule.code, rule.name, path):
                continue
            try:
                findings.extend(rule.check(ctx))
            except Exception as error:  # a broken rule must never take the linter down
                import logging  # only on a crash: linting never pays for the logging module

                logging.getLogger(__name__).exception(
                    "rule %s crashed on %s", rule.name, path or "<text>"
                )
                findings.append(
                    Diagnostic(
                        INTERNAL_CODE,
                        INTERNAL_RULE,
                        Severity.WARNING,
                        f"internal error in rule {rule.name}: {type(error).__name__}: {error}",
                        Span(definition.source.root.span.start, definition.source.root.span.start),
                    )
                )
    return _configure(findings, config, path)


def _configure(
    findings: list[Diagnostic], config: LintConfig, path: str | None
) -> list[Diagnostic]:
    result: list[Diagnostic] = []
    seen: set[tuple[str, int, int, str]] = set()
    # What the configuration says about each rule, asked once per rule, not once per finding.
    verdicts: dict[tuple[str, str], tuple[bool, Severity | None]] = {}
    for diagnostic in findings:
        code = diagnostic.code
        verdict = verdicts.get((code, diagnostic.rule))
        if verdict is None:
            verdict = verdicts[(code, diagnostic.rule)] = _verdict(config, diagnostic, path)
        enabled, severity = verdict
        if not enabled:
            continue
        if len(diagnostic.message) > MAX_MESSAGE_CHARS:
            short = shorten_message(diagnostic.message)
            diagnostic = dataclasses.replace(diagnostic, message=short)
        if severity is not None:
            diagnostic = diagnostic.with_severity(severity)
        span = diagnostic.span
        key = (code, span.start, span.end, diagnostic.message)
        if key in seen:
            continue
        seen.add(key)
        result.append(diagnostic)
    result.sort(key=_text_order)
    return result


def _verdict(
    config: LintConfig, diagnostic: Diagnostic, path: str | None
) -> tuple[bool, Severity | None]:
    """Whether the rule's findings are kept, and the severity the configuration gives them."""
    code, rule = diagnostic.code, diagnostic.rule
    enabled = code == INTERNAL_CODE or config.is_enabled(code, rule, path)
    override = config.severity_for(code, rule)
    return enabled, Severity(override) if override is not None and override != OFF else None


def _text_order(diagnostic: Diagnostic) -> tuple[int, int, str]:
    span = diagnostic.span
    return span.start, span.end, diagnostic.code
