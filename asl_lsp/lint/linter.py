"""Run every enabled rule over every state machine of a document, in one pass.

A rule that crashes does not stop the others: its exception becomes one ``internal-error``
diagnostic (and a log record), so the linter and the language server keep working.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from operator import attrgetter

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.gcpause import gc_paused
from asl_lsp.lint.config import OFF, LintConfig
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.edits import structural_fixes_allowed
from asl_lsp.lint.flow import collect_reads
from asl_lsp.lint.registry import all_rules
from asl_lsp.lint.rule import Rule
from asl_lsp.lint.schema_incremental import default_checker
from asl_lsp.lint.state_memo import (
    FACTS_KEY,
    FactsByPosition,
    MemoContext,
    MemoKey,
    StateFacts,
    StateFindingsMemo,
    known_facts,
    memo_key,
    moved,
    relative,
)
from asl_lsp.model.document import AslDocument, Definition, definition_pieces
from asl_lsp.model.state_pieces import StatePiece
from asl_lsp.records import replace
from asl_lsp.syntax.nodes import Member, ObjectNode, Span

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


def load_linter() -> None:
    """Import every rule and build the schema validators now, not in the first lint.

    A long-running process (the language server) calls this when it starts: a first lint that
    loaded them would take a few hundred milliseconds, more while other documents' work competes
    for the interpreter, and the first diagnostics of a small file would wait for a large one.
    """
    all_rules()
    default_checker()


@cache
def _linted_rules() -> tuple[Rule, ...]:
    """The rules whose findings this module reports (the others' come from elsewhere)."""
    return tuple(r for r in all_rules() if not r.reported_elsewhere)


def lint_document(
    document: AslDocument,
    config: LintConfig | None = None,
    memo: StateFindingsMemo | None = None,
    *,
    unsafe_fixes: bool = True,
    once: bool = False,
) -> list[Diagnostic]:
    """All findings of ``document``, configured, de-duplicated and in text order.

    With a ``memo`` (the language server keeps one), per-state rules run only on the states
    whose text the memo has not seen (:mod:`asl_lsp.lint.state_memo`); the findings are the same.
    ``unsafe_fixes=False`` says the caller never uses a fix that changes behaviour, so rules may
    leave those out (:attr:`LintContext.unsafe_fixes`). ``once=True`` says no later lint will
    look at these states again, so nothing is kept for one (:attr:`LintContext.once`).
    """
    with gc_paused():
        return _lint(document, config or LintConfig(), memo, unsafe_fixes, once)


def _lint(
    document: AslDocument,
    config: LintConfig,
    memo: StateFindingsMemo | None,
    unsafe_fixes: bool,
    once: bool,
) -> list[Diagnostic]:
    path = document.path
    findings: list[Diagnostic] = list(document.source.diagnostics)
    rules = config.enabled_rules(_linted_rules(), path)
    for definition in document.definitions:
        ctx = LintContext(document, definition, unsafe_fixes=unsafe_fixes, once=once)
        states = None
        if memo is not None and memo.holds(len(document.text)):
            states = _memo_units(document, definition)
        if memo is None or states is None:
            _run(rules, ctx, findings)
            continue
        per_state = [r for r in rules if r.per_state or r.per_scope]
        ctx.variable_reads = _run_per_state(per_state, ctx, *states, memo, findings)
        ctx.root_scope_only = True
        _run([r for r in rules if not r.per_state], ctx, findings)
    return _configure(findings, config, path)


def _run(rules: Sequence[Rule], ctx: LintContext, findings: list[Diagnostic]) -> bool:
    """Run ``rules`` on ``ctx`` into ``findings``; False when one of them crashed."""
    clean = True
    for rule in rules:
        try:
            findings.extend(rule.check(ctx))
        except Exception as error:  # a broken rule must never take the linter down
            import logging  # only on a crash: linting never pays for the logging module

            path = ctx.document.path
            logging.getLogger(__name__).exception(
                "rule %s crashed on %s", rule.name, path or "<text>"
            )
            start = ctx.definition.source.root.span.start
            findings.append(
                Diagnostic(
                    INTERNAL_CODE,
                    INTERNAL_RULE,
                    Severity.WARNING,
                    f"internal error in rule {rule.name}: {type(error).__name__}: {error}",
                    Span(start, start),
                )
            )
            clean = False
    return clean


def _memo_units(
    document: AslDocument, definition: Definition
) -> tuple[tuple[Member, ...], list[StatePiece]] | None:
    """The top-level states of a plain definition, whose findings the memo may hold, with their
    pieces of text; None for a definition inside a template, where offsets need not index the
    text one to one."""
    if document.source.kind != "asl":
        return None
    states = definition.machine.root.states_node
    pieces = definition_pieces(document, definition)
    if not isinstance(states, ObjectNode) or pieces is None:
        return None
    return states.members, pieces


def _run_per_state(
    rules: list[Rule],
    ctx: LintContext,
    states: tuple[Member, ...],
    pieces: list[StatePiece],
    memo: StateFindingsMemo,
    findings: list[Diagnostic],
) -> bool:
    """Add the per-state findings: those known by position (:func:`known_facts`) or kept in the
    memo for the states they cover, from the rules, run on those states only, for the others.
    Return whether some state reads a variable."""
    context = MemoContext(
        ctx.machine.query_language,
        ctx.placeholders,
        structural_fixes_allowed(ctx),
        ctx.document.source.format,
        tuple(rule.code for rule in rules),
        ctx.unsafe_fixes,
    )
    carried = ctx.definition.carried
    facts = known_facts(carried, context, len(states))
    looked_up = (
        range(len(states)) if facts is None else [i for i, f in enumerate(facts) if f is None]
    )
    keys = [memo_key(context, pieces[i]) for i in looked_up]
    if facts is None:
        facts = memo.get_many(keys)
    else:
        memo.hits += len(states) - len(keys)
        for index, found_facts in zip(looked_up, memo.get_many(keys), strict=True):
            facts[index] = found_facts
    key_at = dict(zip(looked_up, keys, strict=True))
    reads_variables = False
    unseen: list[int] = []
    for index, (member, state_facts) in enumerate(zip(states, facts, strict=True)):
        if state_facts is None:
            unseen.append(index)
            continue
        reads_variables = reads_variables or state_facts.reads_variables
        if state_facts.findings:
            start = member.start
            findings.extend(moved(finding, start) for finding in state_facts.findings)
    if unseen:
        clean, reading = _check_unseen(rules, ctx, states, unseen, key_at, facts, memo, findings)
        reads_variables = reads_variables or reading
        if not clean:
            return reads_variables
    carried.current[FACTS_KEY] = FactsByPosition(context, facts)
    return reads_variables


def _check_unseen(
    rules: list[Rule],
    ctx: LintContext,
    states: tuple[Member, ...],
    unseen: list[int],
    key_at: dict[int, MemoKey | None],
    facts: list[StateFacts | None],
    memo: StateFindingsMemo,
    findings: list[Diagnostic],
) -> tuple[bool, bool]:
    """Run ``rules`` on the ``unseen`` states (positions), add their findings, and keep them in
    ``facts`` and the memo where they can be; return whether the rules ran cleanly and whether
    one of the states reads a variable."""
    selected = tuple(states[index] for index in unseen)
    checked = LintContext(
        ctx.document, ctx.definition, selected=selected, unsafe_fixes=ctx.unsafe_fixes
    )
    found: list[Diagnostic] = []
    clean = _run(rules, checked, found)
    findings.extend(found)
    starts = [member.start for member in selected]
    by_state: list[list[Diagnostic]] = [[] for _ in selected]
    for finding in found:
        index = bisect_right(starts, finding.span.start) - 1
        if index >= 0:
            by_state[index].append(finding)
    reading = [False for _ in selected]
    for state_reads in collect_reads(checked).values():
        index = bisect_right(starts, state_reads[0].node.start) - 1
        if index >= 0:
            reading[index] = True
    if clean:  # after a crash, the findings of the checked states are not all there
        kept: list[tuple[MemoKey, StateFacts]] = []
        for position, member, own, reads in zip(unseen, selected, by_state, reading, strict=True):
            stored = relative(own, member)
            key = key_at.get(position)
            if key is not None and stored is not None:
                facts[position] = state_facts = StateFacts(stored, reads)
                kept.append((key, state_facts))
        memo.put_many(kept)
    return clean, any(reading)


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
            diagnostic = replace(diagnostic, message=short)
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


# A finding's place in text order, (span start, span end, code): read without a call into Python
# code per finding (a definition can have 100,000 findings to sort).
_text_order = attrgetter("span.start", "span.end", "code")
