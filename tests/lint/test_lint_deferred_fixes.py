"""Deferred fixes: built only when asked for, the same fix as an eager one, and never built by
``--fix`` without unsafe fixes or by a report that only marks safe fixes."""

from __future__ import annotations

from asl_lsp.cli.lint_file import FixOptions, lint_text
from asl_lsp.diagnostic import DeferredFix, Diagnostic, Fix, Severity, TextEdit
from asl_lsp.lint.config import LintConfig
from asl_lsp.lint.fixing import choose_fixes, fix_text
from asl_lsp.lint.linter import lint_document
from asl_lsp.lint.rules.unreachable_state import BAD
from asl_lsp.model.document import parse_document
from asl_lsp.records import replace
from asl_lsp.syntax.nodes import Span
from tests.lint.lint_helpers import findings, lint


class _Counting:
    """A fix builder that counts its calls."""

    def __init__(self, fix: Fix | None) -> None:
        self.fix = fix
        self.calls = 0

    def __call__(self) -> Fix | None:
        self.calls += 1
        return self.fix


def _finding(fix: Fix | DeferredFix | None, start: int = 0) -> Diagnostic:
    return Diagnostic(
        "ASL203", "unreachable-state", Severity.ERROR, "m", Span(start, start + 1), fix=fix
    )


def test_unreachable_state_defers_its_fix_and_builds_the_removal() -> None:
    (finding,) = findings(BAD, "ASL203")
    assert isinstance(finding.fix, DeferredFix) and not finding.fix.safe
    fix = finding.resolve_fix()
    assert fix is not None and fix.title == "Remove unreachable state 'Orphan'" and not fix.safe
    (edit,) = fix.edits
    assert BAD[edit.span.start : edit.span.end].lstrip(", \n").startswith('"Orphan"')
    # Two runs over the same text give equal findings (and equal, hashable fixes).
    (again,) = findings(BAD, "ASL203")
    assert again == finding and hash(again) == hash(finding)


def test_unsafe_deferred_fixes_are_not_built_for_safe_only_uses() -> None:
    builder = _Counting(Fix("Remove", (TextEdit(Span(0, 1), ""),), safe=False))
    diagnostic = _finding(DeferredFix(False, builder))
    assert not diagnostic.has_safe_fix
    assert choose_fixes([diagnostic], safe_only=True) == []
    assert builder.calls == 0
    assert choose_fixes([diagnostic], safe_only=False) == [builder.fix]
    assert builder.calls == 1


def test_a_safe_deferred_fix_that_builds_nothing_is_no_fix() -> None:
    empty = _finding(DeferredFix(True, _Counting(None)))
    assert empty.resolve_fix() is None and not empty.has_safe_fix
    assert choose_fixes([empty]) == []
    safe = Fix("Swap", (TextEdit(Span(2, 3), "x"),), safe=True)
    assert _finding(DeferredFix(True, _Counting(safe))).has_safe_fix


def test_unsafe_fixes_applies_a_deferred_removal() -> None:
    fixed, applied, after = fix_text(BAD, lambda text: lint(text)[1], safe_only=False)
    assert applied == 1 and "Orphan" not in fixed
    assert [d for d in after if d.code == "ASL203"] == []
    unchanged, none_applied, _ = fix_text(BAD, lambda text: lint(text)[1])
    assert unchanged == BAD and none_applied == 0


def test_unreachable_states_get_no_removal_when_unsafe_fixes_are_unused() -> None:
    document = parse_document(BAD, None, "asl")
    used = [d for d in lint_document(document) if d.code == "ASL203"]
    unused = [d for d in lint_document(document, unsafe_fixes=False) if d.code == "ASL203"]
    assert [d.fix is not None for d in used] == [True]
    assert [d.fix for d in unused] == [None]
    # Nothing else about the finding changes.
    assert [replace(d, fix=None) for d in used] == unused


def test_the_text_report_prepares_no_unsafe_fix_and_the_json_report_shows_it() -> None:
    options = FixOptions()
    [text_finding] = lint_text(BAD, "x.asl.json", LintConfig(), options, False).diagnostics
    assert text_finding.code == "ASL203" and text_finding.fix is None
    [json_finding] = lint_text(BAD, "x.asl.json", LintConfig(), options, True).diagnostics
    assert isinstance(json_finding.fix, DeferredFix)
    # --fix --unsafe-fixes applies the removal even for a report that does not show it.
    fixed = lint_text(BAD, "x.asl.json", LintConfig(), FixOptions(True, True), False)
    assert fixed.fixes_applied == 1 and "Orphan" not in fixed.text
