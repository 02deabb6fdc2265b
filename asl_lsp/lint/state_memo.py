"""Findings of per-state rules, remembered by the text of the state they are about.

While a definition is edited, nearly every edit changes one state; the findings of a per-state
rule (:attr:`asl_lsp.lint.rule.Rule.per_state`) about the other states stay what they were,
only moved by the length of the edit. So the linter keys those findings by the state's text
(its member of States, name and body, everything nested in it) and by the context the rules read
besides (:class:`MemoContext`), stores them relative to the state's start, and re-runs the
per-state rules only on the states whose text it has not seen. Whole-graph rules run every time.
``tests/lint/test_lint_state_memo.py`` checks on fuzzed edit sequences of the corpus that this
gives exactly the findings of a lint from scratch.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import NamedTuple

from asl_lsp.diagnostic import Diagnostic, Fix, Related, TextEdit
from asl_lsp.lint.text_memo import DEFAULT_MAX_CHARS, TextMemo
from asl_lsp.model.document import Carried
from asl_lsp.model.state_pieces import StatePiece
from asl_lsp.syntax.nodes import Member, Span


class MemoContext(NamedTuple):
    """Everything besides a state's text that per-state rules read."""

    query_language: str  # the machine's, which states without their own inherit
    placeholders: bool
    structural_fixes: bool
    syntax: str
    rules: tuple[str, ...]  # the codes of the per-state rules that run
    unsafe_fixes: bool = True  # whether the caller uses fixes that change behaviour


class StateFacts(NamedTuple):
    """What the linter remembers of one state."""

    findings: tuple[Diagnostic, ...]  # of the per-state rules, offsets from the state's start
    reads_variables: bool  # whether the state (or one nested in it) reads a variable


class FactsByPosition(NamedTuple):
    """The facts of a version's top-level states, by position, under one context (None where a
    state's findings are not kept)."""

    context: MemoContext
    facts: list[StateFacts | None]


# Where a version keeps its FactsByPosition for itself and the next (``Definition.carried``).
FACTS_KEY = "state-facts"


def known_facts(
    carried: Carried, context: MemoContext, count: int
) -> list[StateFacts | None] | None:
    """The facts of ``count`` states known without a lookup: every state's when this version
    was linted before under ``context``, every state's but the edited one's when the version
    it was re-read from was (the others' text, and so their facts, are the same); None when
    neither was. A new list, for the caller to complete."""
    found = carried.latest(FACTS_KEY)
    if found is None:
        return None
    known, edit = found
    if (
        not isinstance(known, FactsByPosition)
        or known.context != context
        or len(known.facts) != count
    ):
        return None
    facts = list(known.facts)
    if edit is not None:
        facts[edit.position] = None
    return facts


# The state's text, then the column its name starts at in YAML (0 in JSON) and the context.
MemoKey = tuple[str, tuple[int, MemoContext]]


class StateFindingsMemo(TextMemo[StateFacts]):
    """The facts of states by their text, bounded and thread-safe (:class:`TextMemo`), with a
    count of the states found and not found, which tells how much a lint could reuse (counted
    without the lock: figures for tests and measurements, not for decisions)."""

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        super().__init__(max_chars)
        self.hits = 0
        self.misses = 0

    def get_many(self, keys: Sequence[tuple[str, Hashable] | None]) -> list[StateFacts | None]:
        found = super().get_many(keys)
        hits = sum(facts is not None for facts in found)
        self.hits += hits
        self.misses += len(found) - hits
        return found


def memo_key(context: MemoContext, piece: StatePiece) -> MemoKey | None:
    """The key of one top-level state, from its piece (see :mod:`asl_lsp.model.state_pieces`):
    its text and the column it starts at; None for a YAML state that is, or may hold, an alias,
    whose value is written elsewhere in the document."""
    return (piece[0], (piece[1], context)) if piece is not None else None


def relative(findings: list[Diagnostic], member: Member) -> tuple[Diagnostic, ...] | None:
    """``findings`` about ``member``'s state with offsets counted from its start; None when one
    of them cannot be stored that way (it reaches outside the state, or its fix is worked out
    later from the nodes of this version)."""
    start, end = member.start, member.end
    stored: list[Diagnostic] = []
    for finding in findings:
        if not _inside(finding, start, end):
            return None
        stored.append(moved(finding, -start))
    return tuple(stored)


def moved(finding: Diagnostic, delta: int) -> Diagnostic:
    """``finding`` with every offset it holds moved by ``delta``."""
    if not delta:
        return finding
    fix = finding.fix
    if isinstance(fix, Fix):
        fix = Fix(
            fix.title,
            tuple(TextEdit(_shift(edit.span, delta), edit.new_text) for edit in fix.edits),
            fix.safe,
        )
    return Diagnostic(
        finding.code,
        finding.rule,
        finding.severity,
        finding.message,
        _shift(finding.span, delta),
        finding.path,
        tuple(Related(_shift(r.span, delta), r.message) for r in finding.related),
        fix,
        finding.tags,
        finding.data,
    )


def _inside(finding: Diagnostic, start: int, end: int) -> bool:
    fix = finding.fix
    if fix is not None and not isinstance(fix, Fix):
        return False
    spans = [finding.span, *(r.span for r in finding.related)]
    if fix is not None:
        spans.extend(edit.span for edit in fix.edits)
    return all(start <= span.start and span.end <= end for span in spans)


def _shift(span: Span, delta: int) -> Span:
    return Span(span.start + delta, span.end + delta)
