"""Every rule's documented examples run: the bad one is reported at its line, the good one is
clean, and a fixable rule's fix removes its finding without breaking the document."""

from __future__ import annotations

import pytest

from asl_lsp.diagnostic import Severity
from asl_lsp.lint.registry import all_rules
from asl_lsp.lint.rule import Rule
from tests.lint.lint_helpers import apply_fix, line_of, lint, syntax_errors

RULES = all_rules()
IDS = [f"{r.code}-{r.name}" for r in RULES]


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_bad_example_is_reported_at_its_line(rule: Rule) -> None:
    bad = rule.doc.bad
    assert bad.line is not None, "a bad example names the line it is reported at"
    document, diagnostics = lint(bad.text, bad.format)
    lines = [line_of(document, d) for d in diagnostics if d.code == rule.code]
    assert bad.line in lines, [(d.code, line_of(document, d), d.message) for d in diagnostics]
    for diagnostic in diagnostics:
        if diagnostic.code == rule.code:
            assert diagnostic.rule == rule.name
            # Findings point at a key or value, never at the whole document.
            assert diagnostic.span.end - diagnostic.span.start < len(bad.text) // 2


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_good_example_is_clean(rule: Rule) -> None:
    good = rule.doc.good
    _, diagnostics = lint(good.text, good.format)
    assert [d for d in diagnostics if d.code == rule.code] == []
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert errors == [], [(d.code, d.message) for d in errors]


FIXABLE = [r for r in RULES if r.fixable]


@pytest.mark.parametrize("rule", FIXABLE, ids=[f"{r.code}-{r.name}" for r in FIXABLE])
def test_fix_removes_the_finding(rule: Rule) -> None:
    bad = rule.doc.bad
    document, diagnostics = lint(bad.text, bad.format)
    target = [d for d in diagnostics if d.code == rule.code and line_of(document, d) == bad.line]
    fix = target[0].resolve_fix() if target else None
    assert fix is not None, "the documented finding carries a fix"
    assert fix.edits
    fixed = apply_fix(bad.text, target[0])
    _, after = lint(fixed, bad.format)
    assert [d for d in after if d.code == rule.code] == []
    assert syntax_errors(after) == []


def test_rules_have_complete_metadata() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes)) == 31
    for rule in RULES:
        assert rule.name == rule.name.lower() and " " not in rule.name
        assert rule.doc.summary and rule.doc.why and rule.doc.spec.startswith("https://")
        # The severity policy: every kind of finding is documented with the AWS behaviour
        # behind its severity, and the first one carries the rule's default severity.
        assert rule.doc.findings, f"{rule.code} documents no findings"
        assert rule.doc.findings[0].severity is rule.severity, rule.code
        for finding in rule.doc.findings:
            assert finding.kind and len(finding.aws) > 20, (rule.code, finding.kind)
        assert rule.fixable == (
            rule.code in {"ASL201", "ASL202", "ASL203", "ASL204", "ASL403", "ASL601", "ASL606"}
        )
