"""Applying fixes to text: non-overlapping edits, repeated until nothing changes.

A pass that would make the document parse worse (more syntax errors) is rejected, so ``--fix`` never
leaves a file in a worse state than it found it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from asl_lsp.diagnostic import Diagnostic, Fix, TextEdit

MAX_PASSES = 20
SYNTAX_CODES = frozenset({"ASL001"})


def apply_edits(text: str, edits: Iterable[TextEdit]) -> str:
    """Apply edits that do not overlap (the caller guarantees it), last first."""
    result = text
    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end), reverse=True):
        result = result[: edit.span.start] + edit.new_text + result[edit.span.end :]
    return result


def choose_fixes(diagnostics: Iterable[Diagnostic], safe_only: bool = True) -> list[Fix]:
    """Every applicable fix, skipping a fix that overlaps one already chosen.

    Unsafe fixes change what the workflow does and may contradict each other (retargeting a Next
    to a state that another fix would delete), so at most one is taken per pass and the document
    is re-linted before the next one.
    """
    chosen: list[Fix] = []
    taken: list[tuple[int, int]] = []
    unsafe_taken = False
    for diagnostic in diagnostics:
        offered = diagnostic.fix
        # Safety is known before a deferred fix is built: skipped fixes are never built.
        if offered is None or (safe_only and not offered.safe):
            continue
        if not offered.safe and unsafe_taken:
            continue
        fix = diagnostic.resolve_fix()
        if fix is None or not fix.edits:
            continue
        spans = [(e.span.start, e.span.end) for e in fix.edits]
        if any(_overlaps(s, t) for s in spans for t in taken):
            continue
        chosen.append(fix)
        taken.extend(spans)
        unsafe_taken = unsafe_taken or not fix.safe
    return chosen


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:  # insertions conflict only at the same point or inside
        return (a[0] < b[1] and b[0] < a[1]) or a[0] == b[0]
    return a[0] < b[1] and b[0] < a[1]


def fix_text(
    text: str, lint: Callable[[str], list[Diagnostic]], safe_only: bool = True
) -> tuple[str, int, list[Diagnostic]]:
    """Apply fixes (safe ones only, unless told otherwise) until none remain; return the text,
    the number applied and the final findings."""
    applied = 0
    diagnostics = lint(text)
    for _ in range(MAX_PASSES):
        fixes = choose_fixes(diagnostics, safe_only)
        if not fixes:
            break
        candidate = apply_edits(text, [edit for fix in fixes for edit in fix.edits])
        candidate_diagnostics = lint(candidate)
        if _syntax_errors(candidate_diagnostics) > _syntax_errors(diagnostics):
            break
        text, diagnostics = candidate, candidate_diagnostics
        applied += len(fixes)
    return text, applied, diagnostics


def _syntax_errors(diagnostics: list[Diagnostic]) -> int:
    return sum(1 for d in diagnostics if d.code in SYNTAX_CODES)
