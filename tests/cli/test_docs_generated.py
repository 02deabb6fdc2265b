"""docs/rules.md and the README's rule table are generated from the registry and kept up to date."""

from __future__ import annotations

from asl_lsp.lint.docs import TABLE_END, TABLE_START, readme_with_table, rules_document, rules_table
from asl_lsp.lint.registry import all_rules
from tests.shared_path import REPO_ROOT


def test_rules_md_is_up_to_date() -> None:
    current = (REPO_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rules_document(), "run: python -m asl_lsp.lint.docs --write"


def test_readme_rule_table_is_up_to_date() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert TABLE_START in readme and TABLE_END in readme
    assert readme == readme_with_table(readme), "run: python -m asl_lsp.lint.docs --write"
    for rule in all_rules():
        assert f"`{rule.name}`" in rules_table()
        assert f"## {rule.code} {rule.name}" in rules_document()


def test_every_required_rule_name_exists() -> None:
    required = {
        "syntax-error",
        "duplicate-key",
        "unknown-field",
        "missing-field",
        "invalid-value",
        "undefined-state",
        "unreachable-state",
        "missing-transition",
        "conflicting-transition",
        "duplicate-state-name",
        "no-terminal-path",
        "state-name",
        "choice-rule-operator",
        "choice-value-type",
        "choice-rule-next",
        "choice-no-default",
        "invalid-path",
        "invalid-reference-path",
        "payload-template",
        "invalid-intrinsic",
        "jsonata",
        "undefined-variable",
        "retry-catch-order",
        "invalid-resource",
        "wait-fields",
        "exclusive-fields",
        "heartbeat-timeout",
    }
    names = {rule.name for rule in all_rules()}
    assert required <= names, sorted(required - names)
    for rule in all_rules():
        assert rule.doc.summary and rule.doc.why and rule.doc.spec.startswith("http")
        assert rule.doc.bad.text.strip() and rule.doc.good.text.strip()
