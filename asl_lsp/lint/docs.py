"""Rule documentation generated from the registry: ``docs/rules.md`` and the README's rule table.

``python -m asl_lsp.lint.docs --write`` regenerates both; a test fails when they are out of date.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from asl_lsp.lint.policy import policy_markdown
from asl_lsp.lint.registry import all_rules
from asl_lsp.lint.rule import Rule

TABLE_START = "<!-- rules-table:start -->"
TABLE_END = "<!-- rules-table:end -->"


def anchor(rule: Rule) -> str:
    return f"{rule.code.lower()}-{rule.name}"


def severities(rule: Rule) -> str:
    """The severities a rule reports, its default first: "error, warning"."""
    found = [rule.severity] + [f.severity for f in rule.doc.findings]
    return ", ".join(dict.fromkeys(s.value for s in found))


def rules_table() -> str:
    """The Markdown table of all rules (code, name, severities, fix, summary)."""
    rows = [
        "| Code | Name | Severity | Fix | What it finds |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in all_rules():
        fix = "yes" if rule.fixable else ""
        rows.append(
            f"| [{rule.code}](docs/rules.md#{anchor(rule)}) | `{rule.name}` | "
            f"{severities(rule)} | {fix} | {rule.doc.summary} |"
        )
    return "\n".join(rows)


def rule_markdown(rule: Rule) -> str:
    bad, good = rule.doc.bad, rule.doc.good
    lines = [
        f"## {rule.code} {rule.name}",
        "",
        f"**Default severity:** {rule.severity.value}"
        + ("  ·  **Fix available**" if rule.fixable else ""),
        "",
        rule.doc.summary,
        "",
        f"**Why:** {rule.doc.why}",
        "",
    ]
    if rule.doc.notes:
        lines += [rule.doc.notes, ""]
    lines += findings_markdown(rule)
    where = f" (reported at line {bad.line})" if bad.line else ""
    lines += [
        f"**Bad**{where}:",
        "",
        f"```{bad.format}",
        bad.text.rstrip("\n"),
        "```",
        "",
        "**Good:**",
        "",
        f"```{good.format}",
        good.text.rstrip("\n"),
        "```",
        "",
        f"Reference: {rule.doc.spec}",
        "",
    ]
    return "\n".join(lines)


def table_cell(text: str) -> str:
    """``text`` for a Markdown table cell: a literal '|' would end the cell."""
    return text.replace("|", "\\|")


def findings_markdown(rule: Rule) -> list[str]:
    """The rule's kinds of finding, each with its severity and the AWS behaviour behind it."""
    if not rule.doc.findings:
        return []
    lines = ["**Findings:**", "", "| Finding | Severity | What AWS does |", "| --- | --- | --- |"]
    for finding in rule.doc.findings:
        kind, aws = table_cell(finding.kind), table_cell(finding.aws)
        lines.append(f"| {kind} | {finding.severity.value} | {aws} |")
    return [*lines, ""]


def rules_document() -> str:
    parts = [
        "# Lint rules",
        "",
        "Generated from the rule registry (`python -m asl_lsp.lint.docs --write`); "
        "do not edit by hand.",
        "Select or ignore rules by code, code prefix or name: `asl lint --select ASL2 --ignore "
        "choice-no-default`, or in `[tool.asl-lsp]` of `pyproject.toml` / `.asl-lsp.toml`.",
        "",
        policy_markdown(),
        rules_table().replace("](docs/rules.md#", "](#"),
        "",
    ]
    parts += [rule_markdown(rule) for rule in all_rules()]
    return "\n".join(parts).rstrip("\n") + "\n"


def readme_with_table(readme: str) -> str:
    pattern = re.compile(re.escape(TABLE_START) + ".*?" + re.escape(TABLE_END), re.S)
    return pattern.sub(lambda _: f"{TABLE_START}\n{rules_table()}\n{TABLE_END}", readme)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="write docs/rules.md and README.md")
    parser.add_argument("--root", default=".", help="repository root")
    args = parser.parse_args()
    root = Path(args.root)
    if args.write:
        (root / "docs").mkdir(exist_ok=True)
        (root / "docs" / "rules.md").write_text(rules_document(), encoding="utf-8")
        readme = root / "README.md"
        readme.write_text(readme_with_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(rules_document(), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
